import { describe, expect, it } from 'vitest';
import { itemDaySchema, type Dashboard, type DashboardQuery, type Item, type ItemDay } from '../../server/domain/index.js';
import { parseBeats } from '../../server/measurement/beat-matcher.js';
import { utcDay } from '../../server/measurement/calendar.js';
import { computeDashboard } from '../../server/measurement/dashboard-compute.js';
import { DayTallies, toItemDay } from '../../server/measurement/day-tally.js';
import { buildBeat, buildItem } from '../support/builders.js';
import { ITEMS, measurementInput, NOW, PERIOD } from '../support/measurement-history.js';

/*
 * Day tallies (docs/measurement.md, "After retention"): the item figures of one UTC day on one
 * channel, counted by the same code the dashboard counts live items with.
 */

const BEATS = [buildBeat('b-harbour', { query: '"harbour bridge" OR #harbour' }), buildBeat('b-rival', { query: '"rival ferries"', languages: ['en'] })];
const at = (iso: string) => `2026-11-${iso}:00.000Z`;
const post = (n: number, o: Partial<Item>) => buildItem(n, { channel: 'mastodon', title: null, storyId: null, fetchedAt: o.publishedAt!, ...o });

// Thursday 5 November 2026, and one item the next day.
const HAND_MADE: Item[] = [
  // good = +3 over 4 words: 0.75
  post(1, { sourceId: 's-a', publishedAt: at('05T09:15'), text: 'harbour bridge is good', language: 'en-GB', author: '@ana', storyId: 'st1' }),
  // bad = −3 over 4 words: −0.75
  post(2, { sourceId: 's-a', publishedAt: at('05T09:40'), text: '#harbour traffic is bad', language: 'en', author: '@ana' }),
  // Both beats; good = +3 over 8 words: 0.375
  post(3, { sourceId: 's-b', publishedAt: at('05T21:05'), text: 'rival ferries and the harbour bridge both good', language: 'en-IE', author: 'bo', storyId: 'st2' }),
  // French: the rival beat is English only; no beat
  post(4, { sourceId: 's-b', publishedAt: at('05T21:30'), text: 'Rival ferries cut prices', language: 'fr-FR', author: 'cy' }),
  post(5, { sourceId: 's-b', publishedAt: at('05T23:59'), text: 'Weather report', language: null, author: 'cy' }),
  // News: title and text as one document, "Harbour bridge closes. Good news." = +3 over 5 words: 0.6
  post(6, { channel: 'news', sourceId: 'wire', publishedAt: at('05T03:00'), title: 'Harbour bridge closes', text: 'Good news.', language: 'de-AT', author: 'Reporter', storyId: 'st1' }),
  post(7, { sourceId: 's-a', publishedAt: at('06T00:10'), text: 'harbour bridge', language: 'en', author: '@ana' }),
];

const hours = (set: Record<number, number>) => Array.from({ length: 24 }, (_, h) => set[h] ?? 0);

describe('a day tally', () => {
  it('counts a handful of items by day and channel, per beat, as worked out by hand; no handle, no text', () => {
    const tallies = new DayTallies(parseBeats(BEATS));
    tallies.add(HAND_MADE);
    const records = tallies.all().map((counts) => toItemDay(counts, '2026-11-13T03:17:00.000Z'));
    expect(records.map((r) => r.id)).toEqual(['2026-11-05:mastodon', '2026-11-05:news', '2026-11-06:mastodon']);
    for (const record of records) expect(itemDaySchema.parse(record)).toEqual(record);
    const [masto, news, next] = records as [ItemDay, ItemDay, ItemDay];

    // Mastodon on the 5th: items 1–5; hours 9 (1, 2), 21 (3, 4), 23 (5); item 5 has no language.
    expect(masto.all).toEqual({ items: 5, hours: hours({ 9: 2, 21: 2, 23: 1 }), languages: { en: 3, fr: 1 }, regions: { GB: 1, IE: 1, FR: 1 } });
    // Harbour: 1, 2, 3 → sentiment 0.75 − 0.75 + 0.375 = 0.375 over 3 scored.
    expect(masto.beats['b-harbour']).toEqual({
      items: 3,
      hours: hours({ 9: 2, 21: 1 }),
      languages: { en: 3 },
      regions: { GB: 1, IE: 1 },
      sentimentSum: 0.375,
      scored: 3,
      sources: { 's-a': 2, 's-b': 1 },
      stories: { st1: 1, st2: 1 },
    });
    // Rival: only 3 (4 is French).
    expect(masto.beats['b-rival']).toEqual({ items: 1, hours: hours({ 21: 1 }), languages: { en: 1 }, regions: { IE: 1 }, sentimentSum: 0.375, scored: 1, sources: { 's-b': 1 }, stories: { st2: 1 } });
    expect(Object.keys(masto.beats)).toEqual(['b-harbour', 'b-rival']);

    expect(news.all).toEqual({ items: 1, hours: hours({ 3: 1 }), languages: { de: 1 }, regions: { AT: 1 } });
    expect(news.beats).toEqual({ 'b-harbour': { items: 1, hours: hours({ 3: 1 }), languages: { de: 1 }, regions: { AT: 1 }, sentimentSum: 0.6, scored: 1, sources: { wire: 1 }, stories: { st1: 1 } } });

    expect(next.all.items).toBe(1);
    expect(next.beats['b-harbour']).toMatchObject({ items: 1, hours: hours({ 0: 1 }), sentimentSum: 0, scored: 1 });

    const text = JSON.stringify(records);
    for (const word of ['@ana', 'Reporter', '"bo"', 'traffic', 'Weather', 'good', 'Rival']) expect(text).not.toContain(word);
  });

  it('counts only the items its filter admits', () => {
    const tallies = new DayTallies(parseBeats(BEATS), (item) => item.channel === 'news');
    tallies.add(HAND_MADE);
    expect(tallies.all().map((c) => [c.day, c.channel, c.all.items])).toEqual([['2026-11-05', 'news', 1]]);
  });
});

/*
 * Retention as the job does it, on the scripted fortnight: the days before the 6th are tallied
 * from every item, then the items of those days are deleted, except item 1 (its story has
 * opportunities): it stays, and must not count twice.
 */
const TALLIED_BEFORE = '2026-11-06';
function afterRetention(): { items: Item[]; itemDays: ItemDay[] } {
  const tallies = new DayTallies(parseBeats(measurementInput().beats), (item) => utcDay(item.publishedAt) < TALLIED_BEFORE);
  tallies.add(ITEMS);
  const itemDays = tallies.all().map((counts) => toItemDay(counts, '2026-11-13T03:17:00.000Z'));
  const kept = ITEMS[0]!;
  return { items: ITEMS.filter((i) => i === kept || utcDay(i.publishedAt) >= TALLIED_BEFORE), itemDays };
}

const query = (overrides: Partial<DashboardQuery> = {}): DashboardQuery => ({ ...PERIOD, beatId: null, channel: null, ...overrides });
const withoutAuthors = (d: Dashboard) => ({ ...d, reputation: d.reputation.map((b) => ({ ...b, topAuthors: [] })) });

describe('the dashboard over tallied and live days', () => {
  it.each([{}, { channel: 'mastodon' as const }, { channel: 'bluesky' as const }, { beatId: 'b-harbour' }, { beatId: 'b-rival', channel: 'bluesky' as const }])(
    'equals the one computed from all the items before retention (%o), authors aside',
    (filters) => {
      const before = computeDashboard(measurementInput(), query(filters), NOW);
      const after = computeDashboard({ ...measurementInput(), ...afterRetention() }, query(filters), NOW);
      expect(withoutAuthors(after)).toEqual(withoutAuthors(before));
    },
  );

  it('gives the figures worked out by hand; top authors come from live items only', () => {
    const d = computeDashboard({ ...measurementInput(), ...afterRetention() }, query(), NOW);
    const harbour = d.reputation.find((b) => b.beatId === 'b-harbour')!;
    // Harbour: items 1, 2 (2nd), 3 (3rd), 9 (5th) from tallies, 5 (9th) live: 5 of the 7 beat matches (rival: 4, 5).
    expect([harbour.items, harbour.shareOfVoice]).toEqual([5, 0.71]);
    // The 2nd: "wonderful" +4 over 4 words = 1, "bad" −3 over 4 = −0.75 → mean 0.125 → 0.13. Item 1 counted once.
    expect(harbour.days.slice(0, 4)).toEqual([
      { day: '2026-11-02', items: 2, sentiment: 0.13 },
      { day: '2026-11-03', items: 1, sentiment: 0 },
      { day: '2026-11-04', items: 0, sentiment: null },
      { day: '2026-11-05', items: 1, sentiment: 0 },
    ]);
    // s1: items 1, 2 (tallied) and 5 (live); s2: 3 and 9 (tallied).
    expect(harbour.topStories.map((s) => [s.storyId, s.items])).toEqual([
      ['s1', 3],
      ['s2', 2],
    ]);
    expect(harbour.topSources.map((s) => [s.sourceId, s.items])).toEqual([
      ['masto-src', 2],
      ['reddit-src', 1],
      ['sky-src', 1],
      ['wire', 1],
    ]);
    // Live Harbour items of untallied days: only item 5, by bob on bluesky (item 1 lives, but its day is tallied).
    expect(harbour.topAuthors).toEqual([{ author: 'bob', channel: 'bluesky', items: 1 }]);
    // Monday 2nd 09:xx on mastodon (tallied): hour 9 of the week, 2 items.
    expect(d.whenAndWhere.heatmap.find((h) => h.channel === 'mastodon')!.hours[9]).toBe(2);
  });

  it('leaves out a tallied day the period covers only in part, and its live items with it', () => {
    // From the 2nd at noon: the 2nd is tallied (items 1, 2 in the morning, item 1 still live).
    const partial = query({ from: '2026-11-02T12:00:00.000Z' });
    const d = computeDashboard({ ...measurementInput(), ...afterRetention() }, partial, NOW);
    const harbour = d.reputation.find((b) => b.beatId === 'b-harbour')!;
    // 3rd (3), 5th (9), 9th (5): 3 items.
    expect(harbour.items).toBe(3);
    expect(harbour.days[0]).toEqual({ day: '2026-11-02', items: 0, sentiment: null });
  });
});
