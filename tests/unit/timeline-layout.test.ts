import { describe, expect, it } from 'vitest';
import { layoutTimeline, percentOf, timelineRange, timelineTicks, TIMELINE_PAST_MS } from '../../web/src/timeline-layout.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = Date.UTC(2026, 10, 1, 12, 0);

describe('the schedule timeline layout', () => {
  it('spans from two hours ago to the latest window close or post, at least an hour ahead', () => {
    expect(timelineRange(NOW, [], [])).toEqual({ start: NOW - TIMELINE_PAST_MS, end: NOW + HOUR });
    expect(timelineRange(NOW, [NOW + 3 * HOUR, NaN], [{ id: 'p', channel: 'x', at: NOW + 5 * HOUR }])).toEqual({ start: NOW - 2 * HOUR, end: NOW + 5 * HOUR });
    expect(timelineRange(NOW, [NOW + 6 * HOUR], []).end).toBe(NOW + 6 * HOUR);
  });

  it('places times as percentages of the span, clamped to the track', () => {
    const range = { start: NOW, end: NOW + 4 * HOUR };
    expect(percentOf(NOW + HOUR, range)).toBe(25);
    expect(percentOf(NOW - HOUR, range)).toBe(0);
    expect(percentOf(NOW + 5 * HOUR, range)).toBe(100);
  });

  it('gives each channel a row, in the given order, leaving out posts outside the span', () => {
    const range = { start: NOW, end: NOW + 10 * HOUR };
    const rows = layoutTimeline(
      [
        { id: 'a', channel: 'mastodon', at: NOW + HOUR },
        { id: 'b', channel: 'x', at: NOW + 2 * HOUR },
        { id: 'old', channel: 'x', at: NOW - HOUR },
        { id: 'c', channel: 'reddit', at: NOW + 3 * HOUR },
      ],
      range,
      ['x', 'mastodon'],
      10,
    );
    expect(rows.map((row) => [row.channel, row.placed.map((p) => p.entry.id)])).toEqual([
      ['x', ['b']],
      ['mastodon', ['a']],
      ['reddit', ['c']],
    ]);
  });

  it('stacks posts closer than a block’s width on separate lanes, and keeps blocks on the track', () => {
    const range = { start: NOW, end: NOW + 10 * HOUR };
    const [row] = layoutTimeline(
      [
        { id: 'a', channel: 'x', at: NOW + HOUR },
        { id: 'b', channel: 'x', at: NOW + HOUR + 30 * MIN },
        { id: 'c', channel: 'x', at: NOW + 3 * HOUR },
        { id: 'd', channel: 'x', at: NOW + 10 * HOUR },
      ],
      range,
      ['x'],
      15,
    );
    expect(row!.placed.map((p) => [p.entry.id, p.lane])).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 0],
      ['d', 0],
    ]);
    expect(row!.lanes).toBe(2);
    const last = row!.placed.at(-1)!;
    expect(last.left).toBe(100);
    expect(last.boxLeft).toBe(85);
  });

  it('puts ticks on round times, at most the number asked for, on the member’s whole hours', () => {
    const ticks = timelineTicks({ start: NOW - 2 * HOUR + 7 * MIN, end: NOW + 4 * HOUR }, 8);
    expect(ticks.length).toBeLessThanOrEqual(8);
    expect(ticks.map((t) => new Date(t.at).toISOString().slice(11, 16))).toEqual(['11:00', '12:00', '13:00', '14:00', '15:00', '16:00']);
    const halfHourZone = timelineTicks({ start: NOW, end: NOW + 3 * HOUR }, 4, 30 * MIN);
    expect(halfHourZone.every((t) => (t.at + 30 * MIN) % HOUR === 0)).toBe(true);
  });
});
