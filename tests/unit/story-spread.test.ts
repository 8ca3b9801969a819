import { describe, expect, it } from 'vitest';
import { formatSinceFirst, spreadOf } from '../../web/src/views/story-spread.js';
import { buildItem } from '../support/builders.js';

describe('how a story spread', () => {
  it('orders items oldest first and marks the first, new sources and new channels', () => {
    const rows = spreadOf([
      buildItem(30, { sourceId: 'wire', channel: 'news' }),
      buildItem(10, { sourceId: 'wire', channel: 'news' }),
      buildItem(20, { sourceId: 'toot', channel: 'mastodon' }),
      buildItem(40, { sourceId: 'paper', channel: 'news' }),
    ]);
    expect(rows.map((row) => row.item.externalId)).toEqual(['guid-10', 'guid-20', 'guid-30', 'guid-40']);
    expect(rows.map((row) => row.isFirst)).toEqual([true, false, false, false]);
    expect(rows.map((row) => row.sinceFirstMs)).toEqual([0, 10_000, 20_000, 30_000]);
    expect(rows.map((row) => row.newSource)).toEqual([true, true, false, true]);
    expect(rows.map((row) => row.newChannel)).toEqual([true, true, false, false]);
    expect(rows.map((row) => row.sourcesSoFar)).toEqual([1, 2, 2, 3]);
  });

  it('falls back to the fetch time when a feed gave no usable date', () => {
    const rows = spreadOf([buildItem(5), buildItem(1, { publishedAt: 'not a date', fetchedAt: '2026-11-01T07:00:00.000Z' })]);
    expect(rows[0]!.item.externalId).toBe('guid-1');
    expect(spreadOf([])).toEqual([]);
  });

  it('says the time since the first item in short words', () => {
    expect(formatSinceFirst(0, true)).toBe('first');
    expect(formatSinceFirst(40_000)).toBe('+40 s');
    expect(formatSinceFirst(12 * 60_000)).toBe('+12 min');
    expect(formatSinceFirst(125 * 60_000)).toBe('+2 h 05 min');
    expect(formatSinceFirst(72 * 3_600_000)).toBe('+3 d');
  });
});
