import { describe, expect, it } from 'vitest';
import type { Dashboard, DashboardQuery } from '../../server/domain/index.js';
import { computeDashboard } from '../../server/measurement/dashboard-compute.js';
import { measurementInput, NOW, PERIOD } from '../support/measurement-history.js';

/*
 * The scripted fortnight of tests/support/measurement-history.ts, every figure worked out by
 * hand below from the times written there (minutes unless said otherwise).
 */

const query = (overrides: Partial<DashboardQuery> = {}): DashboardQuery => ({ ...PERIOD, beatId: null, channel: null, ...overrides });
const compute = (overrides: Partial<DashboardQuery> = {}): Dashboard => computeDashboard(measurementInput(), query(overrides), NOW);
const spread = (count: number, median: number | null, p90: number | null) => ({ count, median, p90 });
const NONE = spread(0, null, null);

describe('reaction speed', () => {
  const { reactionSpeed } = compute();

  it('per week: median and nearest-rank p90 from the story’s first item', () => {
    // Week of Mon 2 Nov: o1 (s1 first seen 08:00), o2 (s2 10:00), o5 (s1, raised 4 Nov 09:00).
    //   to opportunity: o1 08:00→08:30 = 30, o2 10:00→11:00 = 60, o5 2 Nov 08:00→4 Nov 09:00 = 2×1440+60 = 2940
    //     sorted 30, 60, 2940 → median 60; p90 rank ⌈0.9×3⌉ = 3 → 2940
    //   to first draft: o1 08:40 → 40, o2 11:30 → 90 → median 65, p90 rank ⌈1.8⌉ = 2 → 90
    //   to approval: o1 approved 09:10 → 70; o2 never "approved", first scheduled 12:30 → 150 → median 110, p90 150
    //   to publication: o1 first post 09:30 → 90 (the bluesky post at 09:45 is later); o2 15:00 → 300 → median 195, p90 300
    // Week of Mon 9 Nov: o3 (s3 06:00→06:20 = 20), o6 (s2 3 Nov 10:00→12 Nov 10:00 = 9×1440 = 12960), o4 and o7 pitched.
    //   to opportunity: 20, 12960 → median 6490, p90 12960 (pitches have none)
    //   to first draft: only o4, pitched, counted from its own creation 09:00→09:45 = 45
    expect(reactionSpeed.byWeek).toEqual([
      { group: '2026-11-02', label: 'week of 2026-11-02', toOpportunity: spread(3, 60, 2940), toFirstDraft: spread(2, 65, 90), toApproval: spread(2, 110, 150), toPublication: spread(2, 195, 300) },
      { group: '2026-11-09', label: 'week of 2026-11-09', toOpportunity: spread(2, 6490, 12960), toFirstDraft: spread(1, 45, 45), toApproval: NONE, toPublication: NONE },
    ]);
  });

  it('per beat, every beat listed by name', () => {
    // Harbour: o1, o2, o4. to opportunity 30, 60 → median 45, p90 60; first draft 40, 90, 45 → sorted 40, 45, 90: median 45, p90 rank 3 → 90.
    // Rival Ferries: o3, o5, o6, o7. to opportunity 20, 2940, 12960 → median 2940, p90 rank 3 → 12960; nothing else reached.
    expect(reactionSpeed.byBeat).toEqual([
      { group: 'b-harbour', label: 'Harbour', toOpportunity: spread(2, 45, 60), toFirstDraft: spread(3, 45, 90), toApproval: spread(2, 110, 150), toPublication: spread(2, 195, 300) },
      { group: 'b-rival', label: 'Rival Ferries', toOpportunity: spread(3, 2940, 12960), toFirstDraft: NONE, toApproval: NONE, toPublication: NONE },
    ]);
  });

  it('per channel: an opportunity counts under each of its channels', () => {
    // bluesky: o1 (30) and o3 (20) → median 25, p90 rank 2 → 30. mastodon: o1, o2, o5 → 30, 60, 2940.
    const byChannel = Object.fromEntries(reactionSpeed.byChannel.map((r) => [r.group, r]));
    expect(Object.keys(byChannel)).toEqual(['bluesky', 'mastodon', 'news', 'reddit']);
    expect(byChannel.bluesky!.toOpportunity).toEqual(spread(2, 25, 30));
    expect(byChannel.bluesky!.toPublication).toEqual(spread(1, 90, 90));
    expect(byChannel.mastodon!.toOpportunity).toEqual(spread(3, 60, 2940));
    expect(byChannel.mastodon!.toPublication).toEqual(spread(2, 195, 300));
    // news: the two pitches: no story, so no "to opportunity"; o4's draft after 45.
    expect(byChannel.news!.toOpportunity).toEqual(NONE);
    expect(byChannel.news!.toFirstDraft).toEqual(spread(1, 45, 45));
  });
});

describe('caught vs missed', () => {
  it('sorts the period’s opportunities by what became of them, with dismiss reasons', () => {
    // o1 published 09:30 ≤ deadline 11:00: in window. o2 published 15:00 > 14:00: late. o3 expired.
    // o4, o5, o7 dismissed ("off brand" twice once trimmed, "duplicate" once). o6 claimed: open. o0 is before the period.
    const { caughtMissed } = compute();
    expect({ ...caughtMissed, reviews: undefined }).toEqual({
      publishedInWindow: 1,
      publishedLate: 1,
      expired: 1,
      dismissed: 3,
      open: 1,
      dismissReasons: [
        { reason: 'off brand', count: 2 },
        { reason: 'duplicate', count: 1 },
      ],
      reviews: undefined,
    });
  });

  it('review turnaround per role and overdue reviews', () => {
    // comms: r1 08:50→09:05 = 15, r3 11:45→12:25 = 40 → median 27.5, p90 rank 2 → 40.
    //   overdue: r3 (decided 12:25 after due 12:15) and r4 (pending, due 11 Nov 10:30 before the period's end) = 2.
    //   r6 was reopened before anyone decided it: neither decided nor overdue. r7 opened before the period.
    // legal: r2 08:50→09:50 = 60, decided after its due 09:20: overdue. r5 pending but due 16 Nov 01:00, after the period: not overdue.
    expect(compute().caughtMissed.reviews).toEqual([
      { role: 'legal', decided: 1, turnaround: spread(1, 60, 60), overdue: 1 },
      { role: 'comms', decided: 2, turnaround: spread(2, 27.5, 40), overdue: 2 },
    ]);
  });
});

describe('reputation', () => {
  const { reputation } = compute();
  const harbour = reputation.find((b) => b.beatId === 'b-harbour')!;
  const rival = reputation.find((b) => b.beatId === 'b-rival')!;

  it('counts matching items in the period and their share of voice', () => {
    // Harbour ("harbour bridge" or #harbour): items 1, 2, 3 (in its title), 5, 9 = 5; item 7 is before the period, item 8 at its (exclusive) end.
    // Rival Ferries: items 4 and 5 = 2. Item 5 counts for both. Shares: 5/7 = 0.714… → 0.71, 2/7 = 0.285… → 0.29.
    expect(reputation.map((b) => [b.name, b.items, b.shareOfVoice])).toEqual([
      ['Harbour', 5, 0.71],
      ['Rival Ferries', 2, 0.29],
    ]);
  });

  it('gives items and mean AFINN sentiment per UTC day', () => {
    // 2 Nov: item 1 "harbour bridge looks wonderful" = wonderful +4 over 4 words = 1; item 2 "#harbour traffic is bad" = bad −3 / 4 = −0.75.
    //   mean (1 − 0.75) / 2 = 0.125 → 0.13. 3 Nov: item 3, no AFINN word → 0. 4 Nov: nothing → null.
    expect(harbour.days).toHaveLength(14);
    expect(harbour.days.slice(0, 4)).toEqual([
      { day: '2026-11-02', items: 2, sentiment: 0.13 },
      { day: '2026-11-03', items: 1, sentiment: 0 },
      { day: '2026-11-04', items: 0, sentiment: null },
      { day: '2026-11-05', items: 1, sentiment: 0 },
    ]);
    // 8 Nov: item 4 "Rival ferries cut prices" = cut −1 / 4 = −0.25.
    expect(rival.days.find((d) => d.day === '2026-11-08')).toEqual({ day: '2026-11-08', items: 1, sentiment: -0.25 });
  });

  it('names the top sources, authors and stories', () => {
    expect(harbour.topSources).toEqual([
      { sourceId: 'masto-src', name: 'Mastodon search', items: 2 },
      { sourceId: 'reddit-src', name: 'r/harbour', items: 1 },
      { sourceId: 'sky-src', name: 'Bluesky search', items: 1 },
      { sourceId: 'wire', name: 'The Wire', items: 1 },
    ]);
    expect(harbour.topAuthors[0]).toEqual({ author: '@ana', channel: 'mastodon', items: 2 });
    expect(harbour.topAuthors).toHaveLength(4);
    // s1: items 1, 2, 5; s2: items 3, 9.
    expect(harbour.topStories).toEqual([
      { storyId: 's1', label: 'Harbour bridge', items: 3 },
      { storyId: 's2', label: 'Bridge closure', items: 2 },
    ]);
  });
});

describe('when and where', () => {
  it('puts each item in its hour of the week (UTC, Monday first) per channel', () => {
    // Mon 2 Nov 09:15 and 09:40 → hour 9 (mastodon, twice). Tue 3 Nov 14:05 → 24 + 14 = 38; Tue 10 Nov 12:00 → 36 (news).
    // Thu 5 Nov 08:00 → 3×24 + 8 = 80 (reddit). Sun 8 Nov 23:30 → 6×24 + 23 = 167; Mon 9 Nov 00:10 → 0 (bluesky).
    const { heatmap } = compute().whenAndWhere;
    const cells = heatmap.map(({ channel, hours }) => [channel, hours.length, Object.fromEntries(hours.flatMap((n, i) => (n ? [[i, n]] : [])))]);
    expect(cells).toEqual([
      ['news', 168, { 36: 1, 38: 1 }],
      ['reddit', 168, { 80: 1 }],
      ['mastodon', 168, { 9: 2 }],
      ['bluesky', 168, { 0: 1, 167: 1 }],
    ]);
  });

  it('counts languages and the regions their tags name', () => {
    // en-GB, en, en-US, en (item 9) → en 4; fr-FR → fr; de → de; item 5 has no language. Regions: GB, US, FR.
    const { languages, regions } = compute().whenAndWhere;
    expect(languages).toEqual([
      { language: 'en', items: 4 },
      { language: 'de', items: 1 },
      { language: 'fr', items: 1 },
    ]);
    expect(regions).toEqual([
      { region: 'FR', items: 1 },
      { region: 'GB', items: 1 },
      { region: 'US', items: 1 },
    ]);
  });
});

describe('prediction record', () => {
  it('compares each detector-raised story’s items at raise time with now', () => {
    // o1: s1 had 6 at 08:30 (the update at its createdAt counts), now 30 ≥ 12: grew, +24.
    // o2: s2 had 4 at 10:50 (the 11:05 update is after 11:00), now 12 ≥ 8: grew, +8.
    // o5: s1 had 20 on 4 Nov 08:00, now 30 < 40: did not, +10.  o6: s2 had 9, now 12 < 18: did not, +3.
    // o3: no size of s3 in the log, left out. o4, o7: pitched.
    // mastodon o1, o2, o5: 2 of 3 → 0.67, growth 8, 10, 24 → median 10. bluesky o1: 1 of 1, 24. reddit o6: 0 of 1, 3.
    // Harbour o1, o2: 2 of 2, median (24 + 8) / 2 = 16. Rival o5, o6: 0 of 2, median (10 + 3) / 2 = 6.5.
    const { prediction } = compute();
    expect(prediction.byChannel).toEqual([
      { group: 'bluesky', label: 'bluesky', raised: 1, grew: 1, hitRate: 1, medianGrowth: 24 },
      { group: 'mastodon', label: 'mastodon', raised: 3, grew: 2, hitRate: 0.67, medianGrowth: 10 },
      { group: 'reddit', label: 'reddit', raised: 1, grew: 0, hitRate: 0, medianGrowth: 3 },
    ]);
    expect(prediction.byBeat).toEqual([
      { group: 'b-harbour', label: 'Harbour', raised: 2, grew: 2, hitRate: 1, medianGrowth: 16 },
      { group: 'b-rival', label: 'Rival Ferries', raised: 2, grew: 0, hitRate: 0, medianGrowth: 6.5 },
    ]);
  });
});

describe('filters', () => {
  it('a beat narrows every figure to it; its share of voice stays against all beats', () => {
    // Rival Ferries: o3 expired, o5 and o7 dismissed, o6 open. Items 4 and 5 only, both bluesky, 4 in French.
    const d = compute({ beatId: 'b-rival' });
    expect([d.caughtMissed.publishedInWindow, d.caughtMissed.publishedLate, d.caughtMissed.expired, d.caughtMissed.dismissed, d.caughtMissed.open]).toEqual([0, 0, 1, 2, 1]);
    expect(d.reputation.map((b) => [b.beatId, b.items, b.shareOfVoice])).toEqual([['b-rival', 2, 0.29]]);
    expect(d.whenAndWhere.heatmap.map((h) => h.channel)).toEqual(['bluesky']);
    expect(d.whenAndWhere.languages).toEqual([{ language: 'fr', items: 1 }]);
    expect(d.reactionSpeed.byBeat.map((r) => r.group)).toEqual(['b-rival']);
    // Reviews of Rival opportunities: none.
    expect(d.caughtMissed.reviews.map((r) => r.decided + r.overdue)).toEqual([0, 0]);
    expect(d.prediction.byBeat.map((r) => r.group)).toEqual(['b-rival']);
  });

  it('a channel narrows opportunities, reviews and items to it', () => {
    // mastodon: o1 (in window), o2 (late), o5 (dismissed). Reviews on mastodon drafts d1, d2: comms r1, r3 (r3 overdue); legal r2 (overdue), r5.
    // Items: 1 and 2 (Harbour) → shares 2/2 = 1 and 0.
    const d = compute({ channel: 'mastodon' });
    expect([d.caughtMissed.publishedInWindow, d.caughtMissed.publishedLate, d.caughtMissed.expired, d.caughtMissed.dismissed, d.caughtMissed.open]).toEqual([1, 1, 0, 1, 0]);
    expect(d.caughtMissed.reviews.map((r) => [r.role, r.decided, r.overdue])).toEqual([
      ['legal', 1, 1],
      ['comms', 2, 1],
    ]);
    expect(d.reputation.map((b) => [b.beatId, b.items, b.shareOfVoice])).toEqual([
      ['b-harbour', 2, 1],
      ['b-rival', 0, 0],
    ]);
    expect(d.reactionSpeed.byChannel.map((r) => r.group)).toEqual(['mastodon']);
    expect(d.prediction.byChannel.map((r) => [r.group, r.raised])).toEqual([['mastodon', 3]]);
  });
});
