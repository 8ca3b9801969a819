import { describe, expect, it } from 'vitest';
import { poissonSurprise, TrendDetector, type DetectorItem } from '../../server/trends/detector.js';
import { tokenize } from '../../server/trends/tokenize.js';

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
    expect(last).toEqual({ itemId: 'syndicated', storyId: assignments[0]!.storyId, duplicate: true });
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
    replay(unrelated, detector);
    expect(detector.size).toBe(2);
  });

  it('has a snapshot whose buckets end at the current time, for sparklines', () => {
    const { detector, assignments } = replay(bridge);
    const story = detector.story(assignments[0]!.storyId, T0 + 15 * MIN)!;
    expect(story.buckets).toHaveLength(24);
    expect(story.buckets.reduce((a, b) => a + b, 0)).toBe(4);
    expect(story.buckets.at(-1)).toBe(1);
  });
});

describe('tokenize', () => {
  it('keeps hashtags, mentions, cashtags and accented words, drops stopwords, stems English', () => {
    const keys = tokenize('The #IceBucket challenge: @Nasa and $ACME in São Paulo were closing bridges https://t.co/x').map((t) => t.key);
    expect(keys).toEqual(expect.arrayContaining(['#icebucket', '@nasa', '$acme', 'são', 'paulo', 'close', 'bridg']));
    expect(keys).not.toContain('the');
    expect(keys.some((k) => k.includes('t.co'))).toBe(false);
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
