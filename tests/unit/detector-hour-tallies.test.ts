import { describe, expect, it } from 'vitest';
import { TrendDetector, type DetectorItem } from '../../server/trends/detector.js';

// The last hour's tallies (velocity, originals, distinct and anonymous voices) are added to in
// place when an item lands in the hour they were counted at; these pin what a recount gives.

const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);
const MIN = 60_000;
// One headline with a different ending each: one story, no report a copy of another.
const TITLE = 'Harbor Bridge closed after cargo ship strikes pier';
const ENDINGS = ['divers check supports', 'commuters take ferries', 'steering failure suspected', 'inspection takes days', 'police close approaches', 'crew escapes unhurt', 'owners promise cooperation', 'shelter opens downtown'];
let next = 0;

function item(id: string, minute: number, sourceId: string, author: string | null): DetectorItem {
  const title = `${TITLE}: ${ENDINGS[next++ % ENDINGS.length]!}`;
  return { id, sourceId, channel: 'news', author, title, text: '', publishedAt: T0 + minute * MIN };
}

// Unrelated news hours before, so the headline's words are not in every document seen.
const EARLIER = [
  'Westmarch brewery wins gold at national craft beer awards',
  'Drought eases as Millbrook reservoir climbs back to 70 percent',
  'Dunmore Heights students win regional robotics championship',
  'City council approves budget for new library wing',
  'Local orchestra announces winter season with three premieres',
  'Rail operator adds late trains on weekends after complaints',
  'Hospital opens new maternity ward in the east district',
  'Farmers market moves indoors for the cold months',
  'Startup raises funds to build electric delivery vans',
  'Museum returns stolen painting found in private collection',
];

function primed(options: ConstructorParameters<typeof TrendDetector>[0] = {}): TrendDetector {
  const detector = new TrendDetector(options);
  EARLIER.forEach((title, i) => {
    const at = T0 - 300 * MIN + i * MIN;
    detector.ingest({ id: `e${i}`, sourceId: `paper-${i}`, channel: 'news', author: null, title, text: '', publishedAt: at }, at);
  });
  return detector;
}

/** Ingests the items (at `now`, or each as published), all into one story (`story`, when given). */
function ingestAll(detector: TrendDetector, items: DetectorItem[], now?: number, story = ''): string {
  for (const i of items) {
    const assignment = detector.ingest(i, now ?? i.publishedAt)!;
    expect(assignment.duplicate).toBe(false);
    if (story) expect(assignment.storyId).toBe(story);
    story = assignment.storyId;
  }
  return story;
}

describe('trend detector: last-hour tallies', () => {
  it('counts a voice heard again in the hour once, in the same bucket or another', () => {
    const detector = primed({ trendMinSources: 3 });
    // One voice, five items over three buckets: many items, but one voice.
    const story = ingestAll(detector, [item('a1', 0, 'harbor-daily', 'ana'), item('a2', 1, 'harbor-daily', 'ana'), item('a3', 6, 'harbor-daily', 'ana'), item('a4', 12, 'harbor-daily', 'ana'), item('a5', 13, 'harbor-daily', 'ana')]);
    expect(detector.storyFigures(story)).toMatchObject({ itemCount: 5, velocity: 5, trending: false });
    // A second voice; then the first again (heard in older buckets of the hour, not this one).
    ingestAll(detector, [item('b1', 14, 'calder-courier', 'ben'), item('a6', 20, 'harbor-daily', 'ana')], undefined, story);
    expect(detector.storyFigures(story)).toMatchObject({ velocity: 7, trending: false });
    // The third distinct voice makes the combination.
    ingestAll(detector, [item('c1', 21, 'metro-pulse', 'cy')], undefined, story);
    expect(detector.storyFigures(story)).toMatchObject({ velocity: 8, trending: true });
  });

  it('counts in velocity only the items published in the last hour before the clock', () => {
    const detector = primed();
    const now = T0 + 120 * MIN;
    const story = ingestAll(detector, [item('old1', 0, 'harbor-daily', 'ana'), item('old2', 30, 'calder-courier', 'ben')], now);
    expect(detector.storyFigures(story)).toMatchObject({ itemCount: 2, velocity: 0 });
    ingestAll(detector, [item('new1', 100, 'metro-pulse', 'cy'), item('new2', 119, 'bayline-now', 'di')], now, story);
    expect(detector.storyFigures(story)).toMatchObject({ itemCount: 4, velocity: 2 });
    ingestAll(detector, [item('old3', 45, 'harbor-daily', 'ana'), item('new3', 119, 'harbor-daily', 'ana')], now, story);
    expect(detector.storyFigures(story)).toMatchObject({ itemCount: 6, velocity: 3 });
    // As the clock moves on, the tallies are counted again from the buckets.
    detector.tick(now + 30 * MIN);
    expect(detector.storyFigures(story)).toMatchObject({ velocity: 3 });
    detector.tick(now + 90 * MIN);
    expect(detector.storyFigures(story)).toMatchObject({ velocity: 0 });
  });
});
