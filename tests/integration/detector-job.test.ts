import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemId, type Item } from '../../server/domain/index.js';
import { startDetectorJob, type DetectorJob } from '../../server/jobs/detector-job.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { createBeat } from '../../server/workflow/beat-commands.js';
import { createWorkflowContext } from '../../server/workflow/workflow-context.js';
import { buildMember, principalFor } from '../support/builders.js';
import { tempDirs } from '../support/temp-dir.js';

const START = Date.parse('2026-11-01T09:00:00.000Z');

const HEADLINES = [
  'Harbor Bridge closed after cargo ship strikes pier',
  'Cargo ship hits Harbor Bridge pier, bridge shut in both directions',
  'Harbor Bridge shut: engineers inspect pier after ship strike',
  'Ship strike closes Harbor Bridge; commuters told to use ferries',
  'Harbor Bridge pier damaged by cargo ship, bridge closed until inspection ends',
  'Traffic chaos as Harbor Bridge stays closed after cargo ship strike',
];

function article(n: number, minutes: number): Item {
  const sourceId = `paper-${n}`;
  const at = new Date(START + minutes * 60_000).toISOString();
  return {
    id: itemId(sourceId, `a-${n}`),
    sourceId,
    channel: n % 2 === 0 ? 'news' : 'bluesky',
    externalId: `a-${n}`,
    author: `Reporter ${n}`,
    title: HEADLINES[n % HEADLINES.length]!,
    text: `${HEADLINES[n % HEADLINES.length]!}. Officials said the bridge would stay closed while divers inspect the damaged pier.`,
    html: null,
    url: `https://paper-${n}.example/harbor-bridge-${n}`,
    publishedAt: at,
    fetchedAt: at,
    language: 'en',
    engagement: {},
    storyId: null,
  };
}

describe('the detector job raises opportunities (W-OPP-8)', () => {
  const dirs = tempDirs();
  let store: Store;
  let job: DetectorJob;
  let now = START;

  beforeEach(async () => {
    store = await openLowdbStore({ dataDir: dirs.fresh() });
    job = startDetectorJob({ store, clock: () => new Date(now), tickSeconds: 3600, log: () => undefined });
  });
  afterEach(async () => {
    await job.stop();
    await store.close();
    dirs.removeAll();
  });

  it('turns a story that trends across sources and matches a beat into a new opportunity, with reasons', async () => {
    const editor = principalFor(buildMember('ed', { roles: ['editor'] }));
    const ctx = createWorkflowContext(store, () => new Date(now));
    const beat = await createBeat(ctx, editor, { name: 'City infrastructure', query: '"harbor bridge" OR #harborbridge' });
    await createBeat(ctx, editor, { name: 'Football', query: 'football OR soccer' });

    for (let n = 0; n < 6; n++) {
      now = START + n * 3 * 60_000;
      const item = article(n, n * 3);
      await store.addItems(item.sourceId, [item], `source:${item.sourceId}`);
      await job.ingest([item]);
    }

    const opportunities = await store.listRecords('opportunity');
    expect(opportunities).toHaveLength(1);
    const [opportunity] = opportunities;
    expect(opportunity).toMatchObject({ beatId: beat.id, state: 'new', pitchedBy: null });
    expect(opportunity!.storyId).not.toBeNull();
    expect(opportunity!.score).toBeGreaterThan(0);
    expect(opportunity!.reasons.join(' ')).toMatch(/sources/);
    expect(Date.parse(opportunity!.deadline)).toBeGreaterThan(now);
    const story = await store.getStory(opportunity!.storyId!);
    expect(story?.trending).toBe(true);
  });

  it('raises nothing when no beat matches', async () => {
    const ctx = createWorkflowContext(store, () => new Date(now));
    await createBeat(ctx, principalFor(buildMember('ed', { roles: ['editor'] })), { name: 'Football', query: 'football OR soccer' });
    for (let n = 0; n < 6; n++) {
      now = START + n * 3 * 60_000;
      const item = article(n, n * 3);
      await store.addItems(item.sourceId, [item], `source:${item.sourceId}`);
      await job.ingest([item]);
    }
    expect(await store.listRecords('opportunity')).toEqual([]);
    expect((await store.listStories({ limit: 10 })).some((s) => s.trending)).toBe(true);
  });
});
