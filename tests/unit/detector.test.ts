import { describe, expect, it } from 'vitest';
import { burstScore, normalSurprise, zScore } from '../../server/trends/burst.js';
import { poissonSurprise, TrendDetector, type DetectorItem } from '../../server/trends/detector.js';
import { mutualBestPairs, type BestMatch } from '../../server/trends/story-merge.js';

const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);
const MIN = 60_000;

function item(id: string, sourceId: string, title: string, minute: number, author: string | null = null): DetectorItem {
  return { id, sourceId, channel: 'news', author, title, text: '', publishedAt: T0 + minute * MIN };
}

const bridge = [
  item('a1', 'harbor-daily', 'Harbor Bridge closed after cargo ship strikes pier', 0, 'ana'),
  item('a2', 'calder-courier', 'Cargo ship hits Harbor Bridge pier; bridge shut to traffic', 4, 'ben'),
  item('a3', 'metro-pulse', 'Harbor Bridge shut as cargo vessel strikes support pier', 9, 'cy'),
  item('a4', 'bayline-now', 'Engineers inspect Harbor Bridge pier after cargo ship strike', 15, 'di'),
];
const unrelated = [
  item('u1', 'harbor-daily', 'Westmarch brewery wins gold at national craft beer awards', 2),
  item('u2', 'metro-pulse', 'Drought eases as Millbrook reservoir climbs back to 70 percent', 6),
  item('u3', 'calder-courier', 'Dunmore Heights students win regional robotics championship', 11),
];

function replay(items: DetectorItem[], detector = new TrendDetector()) {
  const assignments = items.map((i) => detector.ingest(i, i.publishedAt)!);
  return { detector, assignments };
}

describe('trend detector', () => {
  it('groups differently worded reports of one event into one story, and keeps unrelated items apart', () => {
    const stream = [...bridge, ...unrelated].sort((a, b) => a.publishedAt - b.publishedAt);
    const { assignments } = replay(stream);
    const storyOf = new Map(assignments.map((a) => [a.itemId, a.storyId]));
    const bridgeStories = new Set(bridge.map((i) => storyOf.get(i.id)));
    expect(bridgeStories.size).toBe(1);
    const others = unrelated.map((i) => storyOf.get(i.id));
    expect(new Set(others).size).toBe(3);
    expect(others.some((id) => bridgeStories.has(id))).toBe(false);
  });

  it('calls a story trending on volume and combination, not on one loud source', () => {
    const loud = [0, 2, 4, 6, 8].map((m) => item(`l${m}`, 'one-source', `Harbor Bridge closed after cargo ship strikes pier (update ${m})`, m));
    const { detector: alone, assignments: loudAssignments } = replay(loud);
    const loudStory = alone.story(loudAssignments[0]!.storyId, T0 + 10 * MIN)!;
    expect(loudStory.itemCount).toBe(5);
    expect(loudStory.sourceCount).toBe(1);
    expect(loudStory.trending).toBe(false);

    const { detector, assignments } = replay(bridge);
    const story = detector.story(assignments[0]!.storyId, T0 + 16 * MIN)!;
    expect(story).toMatchObject({ itemCount: 4, sourceCount: 4, authorCount: 4, velocity: 4, trending: true });
    // It started trending when the third independent source arrived.
    expect(story.trendingAt).toBe(new Date(bridge[2]!.publishedAt).toISOString());
    expect(story.terms.map((t) => t.toLowerCase())).toEqual(expect.arrayContaining(['harbor', 'bridge']));
    expect(story.burstScore).toBeCloseTo(poissonSurprise(4, 0.5), 2);
  });

  it('cools a story down as time passes without new items', () => {
    const { detector, assignments } = replay(bridge);
    const id = assignments[0]!.storyId;
    expect(detector.tick(T0 + 30 * MIN)).toEqual([]);
    expect(detector.tick(T0 + 90 * MIN)).toContain(id);
    const later = detector.story(id, T0 + 90 * MIN)!;
    expect(later.trending).toBe(false);
    expect(later.velocity).toBe(0);
    expect(later.acceleration).toBe(-4);
    expect(detector.drainChanged()).toContain(id);
  });

  it('treats an exact copy as one more report of its story', () => {
    const copy = { ...bridge[0]!, id: 'syndicated', sourceId: 'aggregator', publishedAt: T0 + 20 * MIN };
    const { assignments } = replay([...bridge, copy]);
    const last = assignments.at(-1)!;
    expect(last).toEqual({ itemId: 'syndicated', storyId: assignments[0]!.storyId, duplicate: true, duplicateOf: 'a1' });
  });

  it('counts a syndicated near-copy as one more source of its story, not as a new story', () => {
    const original = item('o1', 'wire', 'Harbor Bridge closed to traffic after a cargo ship strikes a support pier, officials say', 0);
    const copy = item('o2', 'regional-paper', 'Harbor Bridge closed to traffic after cargo ship strikes a support pier, officials say (AP)', 3);
    const { detector, assignments } = replay([original, copy]);
    expect(assignments[1]).toMatchObject({ storyId: assignments[0]!.storyId, duplicate: true, duplicateOf: 'o1' });
    const story = detector.story(assignments[0]!.storyId, T0 + 5 * MIN)!;
    expect(story).toMatchObject({ itemCount: 2, sourceCount: 2 });
  });

  it('does not call one post reposted by many a trend: it needs several original reports', () => {
    const post = 'Harbor Bridge closed to traffic after a cargo ship strikes a support pier';
    const reposts = [0, 1, 2, 3, 4, 5].map((m) => ({ ...item(`r${m}`, `source-${m}`, post, m), author: `user-${m}` }));
    const { detector, assignments } = replay(reposts);
    expect(new Set(assignments.map((a) => a.storyId)).size).toBe(1);
    expect(assignments.slice(1).every((a) => a.duplicate)).toBe(true);
    expect(detector.story(assignments[0]!.storyId, T0 + 6 * MIN)!.trending).toBe(false);
  });

  it('ignores an item it has already seen', () => {
    const detector = new TrendDetector();
    expect(detector.ingest(bridge[0]!, T0)).not.toBeNull();
    expect(detector.ingest(bridge[0]!, T0 + MIN)).toBeNull();
  });

  it('gives the same stories and figures on every replay of a stream', () => {
    const stream = [...bridge, ...unrelated].sort((a, b) => a.publishedAt - b.publishedAt);
    const first = replay(stream);
    const second = replay(stream);
    expect(second.assignments).toEqual(first.assignments);
    const id = first.assignments[0]!.storyId;
    expect(second.detector.story(id, T0 + 20 * MIN)).toEqual(first.detector.story(id, T0 + 20 * MIN));
  });

  it('keeps at most maxStories stories, forgetting the least recently active', () => {
    const detector = new TrendDetector({ maxStories: 2 });
    const { assignments } = replay(unrelated, detector);
    expect(detector.size).toBe(2);
    // The first story went; its item still answers with the story it was in.
    expect(detector.story(assignments[0]!.storyId, T0 + 12 * MIN)).toBeNull();
    expect(detector.story(assignments[2]!.storyId, T0 + 12 * MIN)).not.toBeNull();
  });

  it('keeps its term, item and story memory under the caps on a long stream', () => {
    const detector = new TrendDetector({ maxStories: 50, maxTerms: 300, maxRememberedItems: 400 });
    const words = (n: number) => Array.from({ length: 6 }, (_, i) => `w${(n * 7 + i * 13) % 5000}z`).join(' ');
    for (let n = 0; n < 2_000; n++) detector.ingest(item(`x${n}`, `s${n % 17}`, `${words(n)} report`, n), T0 + n * MIN);
    const memory = detector.memory;
    expect(memory.stories).toBeLessThanOrEqual(50);
    expect(memory.terms).toBeLessThanOrEqual(300);
    expect(memory.items).toBeLessThanOrEqual(400);
    expect(detector.storyOf('x0')).toBeNull();
    expect(detector.storyOf('x1999')).not.toBeNull();
  });

  it('forgets a story idle past its time to live', () => {
    const { detector, assignments } = replay(bridge);
    const id = assignments[0]!.storyId;
    detector.tick(T0 + 47 * 60 * MIN);
    expect(detector.story(id, T0 + 47 * 60 * MIN)).not.toBeNull();
    detector.tick(T0 + 49 * 60 * MIN);
    expect(detector.story(id, T0 + 49 * 60 * MIN)).toBeNull();
  });

  it('merges two halves of one story that started apart, and storyOf follows the merge', () => {
    // A high join threshold keeps the halves apart on arrival; the merge pass joins them.
    const detector = new TrendDetector({ joinThreshold: 0.6, joinFloor: 0.6, mergeThreshold: 0.3 });
    const first = [
      item('h1', 'harbor-daily', 'Harbor Bridge closed after cargo ship strikes pier', 0),
      item('h2', 'metro-pulse', 'Cargo ship strikes Harbor Bridge pier, bridge closed', 2),
    ];
    const second = [
      item('h3', 'calder-courier', 'Harbor Bridge pier damage: engineers inspect span after cargo ship strike', 4),
      item('h4', 'bayline-now', 'Engineers inspect Harbor Bridge span after cargo ship strike damages pier', 6),
    ];
    const other = [
      item('o1', 'harbor-daily', 'Westmarch brewery wins gold at national craft beer awards', 1),
      item('o2', 'metro-pulse', 'National craft beer awards: gold for Westmarch brewery', 3),
    ];
    const stream = [...first, ...second, ...other].sort((a, b) => a.publishedAt - b.publishedAt);
    const assignments = stream.map((i) => detector.ingest(i, i.publishedAt)!);
    const at = (id: string) => assignments.find((a) => a.itemId === id)!.storyId;
    expect(at('h1')).toBe(at('h2'));
    expect(at('h3')).toBe(at('h4'));
    expect(at('h1')).not.toBe(at('h3'));
    detector.tick(T0 + 30 * MIN);
    expect(detector.storyOf('h1')).toBe(detector.storyOf('h3'));
    expect(detector.storyOf('o1')).not.toBe(detector.storyOf('h1'));
    const merged = detector.story(detector.storyOf('h1')!, T0 + 30 * MIN)!;
    expect(merged.itemCount).toBe(4);
    expect(detector.storyItems(merged.id).sort()).toEqual(['h1', 'h2', 'h3', 'h4']);
    const merges = detector.drainMerges();
    expect(merges).toHaveLength(1);
    expect(detector.story(merges[0]!.from, T0 + 30 * MIN)).toBeNull();
  });

  it('has a snapshot whose buckets end at the current time, for sparklines', () => {
    const { detector, assignments } = replay(bridge);
    const story = detector.story(assignments[0]!.storyId, T0 + 15 * MIN)!;
    expect(story.buckets).toHaveLength(24);
    expect(story.buckets.reduce((a, b) => a + b, 0)).toBe(4);
    expect(story.buckets.at(-1)).toBe(1);
  });
});

describe('mutualBestPairs', () => {
  const table = (entries: Record<string, BestMatch | null>) => (id: string) => entries[id] ?? null;

  it('pairs two stories only when each is the other’s best match', () => {
    expect(mutualBestPairs(['a', 'b'], table({ a: { id: 'b', score: 0.8 }, b: { id: 'a', score: 0.8 } }), 0.5)).toEqual([['a', 'b']]);
    expect(mutualBestPairs(['a', 'b', 'c'], table({ a: { id: 'b', score: 0.8 }, b: { id: 'c', score: 0.9 }, c: { id: 'b', score: 0.9 } }), 0.5)).toEqual([['b', 'c']]);
  });

  it('does not chain: a story merges at most once per pass', () => {
    const best = table({ a: { id: 'b', score: 0.9 }, b: { id: 'a', score: 0.9 }, c: { id: 'b', score: 0.95 } });
    expect(mutualBestPairs(['a', 'b', 'c'], best, 0.5)).toEqual([['a', 'b']]);
  });

  it('leaves a mutual pair below the threshold apart', () => {
    expect(mutualBestPairs(['a', 'b'], table({ a: { id: 'b', score: 0.2 }, b: { id: 'a', score: 0.2 } }), 0.5)).toEqual([]);
  });
});

describe('burst score', () => {
  it('uses the Poisson tail for small expectations and the normal tail of the z-score for large ones', () => {
    expect(burstScore(4, 0.5)).toBeCloseTo(poissonSurprise(4, 0.5), 10);
    expect(zScore(130, 100)).toBeCloseTo(3, 10);
    expect(burstScore(130, 100)).toBeCloseTo(normalSurprise(3), 10);
    // P(Z ≥ 3) = 0.00135.
    expect(normalSurprise(3)).toBeCloseTo(-Math.log10(0.0013499), 3);
  });

  it('is zero at or below the expectation and grows with the count', () => {
    expect(burstScore(2, 5)).toBe(0);
    expect(burstScore(5, 5)).toBe(0);
    expect(burstScore(8, 2)).toBeGreaterThan(burstScore(6, 2));
    expect(burstScore(60, 40)).toBeGreaterThan(burstScore(50, 40));
  });

  it('is smaller for the same count against a higher baseline', () => {
    expect(burstScore(10, 1)).toBeGreaterThan(burstScore(10, 4));
  });

  it('does not call a story trending when it only keeps its usual pace', () => {
    // Three reports an hour, every hour, for a day: the decayed baseline learns the pace.
    const detector = new TrendDetector();
    const steady: DetectorItem[] = [];
    const words = ['morning', 'delays', 'queues', 'lanes', 'slow', 'busy', 'clear', 'heavy', 'light', 'normal', 'jams', 'tolls'];
    for (let h = 0; h < 24; h++) {
      for (let k = 0; k < 3; k++) {
        // Three words of each report vary, so reports of one hour share half their word pairs
        // (Jaccard 0.5): different reports, well below the 0.65 of a near copy.
        const extra = `${words[h % 12]} ${words[(h + k + 5) % 12]} ${words[(h + 2 * k + 7) % 12]}`;
        steady.push(item(`s${h}-${k}`, `source-${k}`, `Harbor Bridge traffic report: ${extra}`, h * 60 + k * 20));
        // Other news in between, as in any stream, keeps the story's words rare.
        steady.push(item(`n${h}-${k}`, `other-${k}`, `Item ${'abcdefghijklmnopqrstuvwxyz'[(h * 3 + k) % 26]}x${h}q${k} about topic${h}${k} unrelated${k}${h}`, h * 60 + k * 20 + 10));
      }
    }
    for (const i of steady) detector.ingest(i, i.publishedAt);
    const id = detector.storyOf('s23-2')!;
    const story = detector.story(id, T0 + 24 * 60 * MIN)!;
    expect(story.itemCount).toBeGreaterThan(40);
    expect(story.velocity).toBeGreaterThanOrEqual(3);
    expect(story.burstScore).toBeLessThan(1);
    expect(story.trending).toBe(false);
    // It did trend when it was new.
    expect(story.trendingAt).not.toBeNull();
  });
});

describe('poissonSurprise', () => {
  it('is −log10 of the Poisson upper tail', () => {
    const lambda = 0.5;
    const pmf = (k: number) => (Math.exp(-lambda) * lambda ** k) / [1, 1, 2, 6, 24][k]!;
    expect(poissonSurprise(1, lambda)).toBeCloseTo(-Math.log10(1 - pmf(0)), 10);
    expect(poissonSurprise(3, lambda)).toBeCloseTo(-Math.log10(1 - pmf(0) - pmf(1) - pmf(2)), 10);
    expect(poissonSurprise(0, lambda)).toBe(0);
    // Large counts stay finite and keep growing instead of rounding to a constant.
    expect(poissonSurprise(40, lambda)).toBeGreaterThan(poissonSurprise(30, lambda));
  });
});
