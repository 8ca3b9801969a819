import { describe, expect, it } from 'vitest';
import type { Beat, Story } from '../../server/domain/index.js';
import { findOpportunities } from '../../server/trends/opportunity-find.js';
import { scoreOpportunity, type ScoredBeatMatch } from '../../server/trends/opportunity-score.js';
import { storyWindows } from '../../server/trends/relevance-windows.js';

const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

function makeStory(overrides: Partial<Story> = {}): Story {
  return {
    id: 'story-1',
    label: 'Harbor Bridge closed after cargo ship strikes pier',
    terms: ['harbor', 'bridge'],
    channels: ['news', 'bluesky'],
    firstSeenAt: iso(T0 - 20 * MIN),
    lastSeenAt: iso(T0),
    itemCount: 20,
    sourceCount: 14,
    authorCount: 14,
    velocity: 20,
    acceleration: 12,
    burstScore: 16,
    buckets: [],
    trending: true,
    trendingAt: iso(T0 - 10 * MIN),
    updatedAt: iso(T0),
    ...overrides,
  };
}

const match: ScoredBeatMatch = { beatName: 'Harbor', matched: true, matchedDocuments: 12, documents: 20, share: 0.6, terms: [{ term: '"harbor bridge"', documents: 12 }] };
const score = (story: Story, now = T0, beatMatch = match) => scoreOpportunity({ story, beatMatch, windows: storyWindows(story), risk: null, now });

describe('opportunity score', () => {
  it('stays in [0, 1] and ranks more sources, more burst, more of the beat and more time left higher', () => {
    const base = score(makeStory());
    expect(base.score).toBeGreaterThan(0);
    expect(base.score).toBeLessThanOrEqual(1);
    expect(score(makeStory({ sourceCount: 3, authorCount: 3 })).score).toBeLessThan(base.score);
    expect(score(makeStory({ burstScore: 2 })).score).toBeLessThan(base.score);
    expect(score(makeStory(), T0, { ...match, share: 0.2 }).score).toBeLessThan(base.score);
    expect(score(makeStory(), T0 + 3 * 60 * MIN).score).toBeLessThan(base.score);
    expect(score(makeStory(), T0 + 6 * 60 * MIN).score).toBeLessThan(score(makeStory(), T0 + 3 * 60 * MIN).score);
    const strongest = score(makeStory({ sourceCount: 200, authorCount: 500, burstScore: 300, trendingAt: iso(T0) }), T0, { ...match, share: 1 });
    expect(strongest.score).toBeLessThanOrEqual(1);
    expect(strongest.score).toBeGreaterThan(0.9);
  });

  it('explains itself in words', () => {
    const { reasons } = score(makeStory({ trendingAt: iso(T0 - 10 * MIN) }));
    expect(reasons).toEqual([
      '14 sources in 20 min across news and bluesky',
      '20 items in the last hour, burst 16.0',
      'matches beat Harbor: 12 of 20 items ("harbor bridge" in 12)',
      '1 h 50 min left on bluesky',
      '7 h 50 min left on news',
    ]);
    const oneSource = score(makeStory({ sourceCount: 1, authorCount: 40, channels: ['bluesky'] })).reasons[0];
    expect(oneSource).toBe('1 source (40 authors) in 20 min across bluesky');
  });
});

const beat = (id: string, name: string, query: string, extra: Partial<Beat> = {}) => ({ id, name, query, languages: [], regions: [], requiresLegal: false, ...extra });
const documents = [
  { text: 'Harbor Bridge closed after cargo ship strikes pier', url: 'https://news.example/harbor' },
  { text: 'Cargo ship hits harbor bridge; bridge shut to traffic' },
  { text: 'Harbor bridge shut as cargo vessel strikes pier #harbor' },
  { text: 'Engineers inspect the pier after the strike' },
];

describe('findOpportunities', () => {
  it('raises one opportunity per matching beat while a window is open, best first', () => {
    const found = findOpportunities({
      story: makeStory(),
      storyDocuments: documents,
      beats: [beat('b1', 'Harbor', '"harbor bridge"'), beat('b2', 'Shipping', 'cargo OR vessel*'), beat('b3', 'Sports', 'football')],
      now: T0,
    });
    expect(found.map((f) => f.beatId).sort()).toEqual(['b1', 'b2']);
    expect(found[0]!.score).toBeGreaterThanOrEqual(found[1]!.score);
    const harbor = found.find((f) => f.beatId === 'b1')!;
    expect(harbor).toMatchObject({
      storyId: 'story-1',
      title: 'Harbor Bridge closed after cargo ship strikes pier',
      url: 'https://news.example/harbor',
      channels: ['news', 'bluesky'],
      windowOpensAt: iso(T0 - 10 * MIN),
      deadline: iso(T0 - 10 * MIN + 8 * 60 * MIN),
      channelDeadlines: [
        { channel: 'bluesky', deadline: iso(T0 - 10 * MIN + 2 * 60 * MIN) },
        { channel: 'news', deadline: iso(T0 - 10 * MIN + 8 * 60 * MIN) },
      ],
      riskFlags: [],
      doNotEngage: false,
    });
    expect(harbor.reasons).toContain('matches beat Harbor: 3 of 4 items ("harbor bridge" in 3)');
  });

  it('drops channels whose window closed and raises nothing once all have, or before the story trends', () => {
    const input = { storyDocuments: documents, beats: [beat('b1', 'Harbor', '"harbor bridge"')] };
    const later = findOpportunities({ ...input, story: makeStory(), now: T0 + 3 * 60 * MIN });
    expect(later[0]!.channels).toEqual(['news']);
    expect(findOpportunities({ ...input, story: makeStory(), now: T0 + 9 * 60 * MIN })).toEqual([]);
    expect(findOpportunities({ ...input, story: makeStory({ trending: false, trendingAt: null }), now: T0 })).toEqual([]);
    expect(findOpportunities({ ...input, story: makeStory(), now: T0, windows: { news: 0.1, bluesky: 0.1 } })).toEqual([]);
  });

  it('carries risk flags and the do-not-engage decision, and says why', () => {
    const [found] = findOpportunities({
      story: makeStory(),
      storyDocuments: [
        { text: 'Harbor bridge collapse: three people dead' },
        { text: 'Harbor bridge disaster, victims killed as the deck fell' },
        { text: 'Horrible scenes at the harbor bridge' },
      ],
      beats: [beat('b1', 'Harbor', '"harbor bridge"', { requiresLegal: true })],
      now: T0,
    });
    expect(found!.riskFlags).toEqual(expect.arrayContaining(['negative-sentiment', 'sensitive:death', 'sensitive:disaster', 'do-not-engage']));
    expect(found!.doNotEngage).toBe(true);
    expect(found!.reasons).toContain('beat Harbor requires legal review');
    expect(found!.reasons.some((r) => /^negative sentiment \(-\d\.\d\d on AFINN\): held for legal$/.test(r))).toBe(true);
  });

  it('skips a beat whose stored query does not parse, and respects a beat\'s languages', () => {
    const docs = documents.map((d) => ({ ...d, language: 'en' }));
    const found = findOpportunities({ story: makeStory(), storyDocuments: docs, beats: [beat('bad', 'Bad', '"harbor'), beat('fr', 'French', '"harbor bridge"', { languages: ['fr'] })], now: T0 });
    expect(found).toEqual([]);
  });
});
