import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/store.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import { raiseOpportunities, raisedOpportunityId, type FoundOpportunity } from '../../server/workflow/opportunity-raise.js';
import { createWorkflowContext } from '../../server/workflow/workflow-context.js';
import { noticesFor } from '../../server/realtime/notices.js';
import { createDraft, submitDraft } from '../../server/workflow/draft-commands.js';
import { schedulePost } from '../../server/workflow/post-commands.js';
import { decideReview } from '../../server/workflow/review-commands.js';
import { buildBeat, principalFor } from '../support/builders.js';
import { addPublishingCast, PUBLISHING_CAST, social } from '../support/publishing-scene.js';
import { tempDirs } from '../support/temp-dir.js';

const found = (overrides: Partial<FoundOpportunity> = {}): FoundOpportunity => ({
  storyId: 'st-1',
  beatId: 'beat-1',
  title: 'Harbor bridge closed after cargo ship strikes pier',
  url: 'https://news.example/harbor',
  score: 0.62,
  reasons: ['5 sources in 20 min across news and bluesky', '1 h 40 min left on bluesky'],
  riskFlags: [],
  channels: ['news', 'bluesky'],
  windowOpensAt: '2026-11-01T09:00:00.000Z',
  deadline: '2026-11-01T17:00:00.000Z',
  ...overrides,
});

describe('opportunities raised by the detector (W-OPP-8)', () => {
  const dirs = tempDirs();
  let store: Store;
  let ctx: ReturnType<typeof createWorkflowContext>;

  beforeEach(async () => {
    store = await openLowdbStore({ dataDir: dirs.fresh() });
    ctx = createWorkflowContext(store, () => new Date('2026-11-01T09:05:00.000Z'));
  });
  afterEach(async () => {
    await store.close();
    dirs.removeAll();
  });

  it('W-OPP-8: raises one new opportunity per story and beat, by the system, with its reasons', async () => {
    const [raised] = await raiseOpportunities(ctx, [found()]);
    expect(raised).toMatchObject({ id: raisedOpportunityId('st-1', 'beat-1'), state: 'new', storyId: 'st-1', pitchedBy: null, score: 0.62 });
    const { events } = await store.eventsSince(0, 10);
    expect(events.map((e) => [e.action, e.actor])).toEqual([['opportunities.create', 'system']]);
  });

  it('W-OPP-8: raising the same story and beat twice at once creates it once', async () => {
    const results = await Promise.all([raiseOpportunities(ctx, [found()]), raiseOpportunities(ctx, [found()])]);
    expect(results.flat()).toHaveLength(1);
    expect(await store.listRecords('opportunity')).toHaveLength(1);
  });

  it('W-OPP-8: refreshes an open one only when it changed enough, adding risk flags', async () => {
    await raiseOpportunities(ctx, [found()]);
    expect(await raiseOpportunities(ctx, [found({ score: 0.64 })])).toEqual([]);
    const [updated] = await raiseOpportunities(ctx, [found({ score: 0.64, riskFlags: ['sensitive:accident'] })]);
    expect(updated).toMatchObject({ rev: 2, score: 0.64, riskFlags: ['sensitive:accident'] });
    const [again] = await raiseOpportunities(ctx, [found({ score: 0.9, riskFlags: [] })]);
    expect(again?.riskFlags).toEqual(['sensitive:accident']);
    expect((await store.eventsSince(0, 10)).events.map((e) => e.action)).toEqual(['opportunities.create', 'opportunities.update', 'opportunities.update']);
  });

  it('W-OPP-8: leaves a dismissed opportunity alone', async () => {
    const [raised] = await raiseOpportunities(ctx, [found()]);
    await store.commit([{ kind: 'opportunity', record: { ...raised!, rev: 2, state: 'dismissed', dismissReason: 'off brand' }, expectedRev: 1 }], []);
    expect(await raiseOpportunities(ctx, [found({ score: 0.95 })])).toEqual([]);
    expect((await store.getRecord('opportunity', raised!.id))?.state).toBe('dismissed');
  });

  it('W-PUB-9: a new risk flag holds the scheduled posts, with a notice to social managers', async () => {
    await addPublishingCast(store);
    await store.commit([{ kind: 'beat', record: buildBeat('beat-1'), expectedRev: null }], []);
    const [raised] = await raiseOpportunities(ctx, [found({ channels: ['mastodon'] })]);
    const { draft } = await createDraft(ctx, principalFor(PUBLISHING_CAST[0]!), { opportunityId: raised!.id, channel: 'mastodon', text: 'Ferries run instead.' });
    const { reviews } = await submitDraft(ctx, principalFor(PUBLISHING_CAST[0]!), { draftId: draft.id });
    for (const review of reviews) await decideReview(ctx, principalFor(PUBLISHING_CAST[1]!), { reviewId: review.id, decision: 'approve' });
    const { post } = await schedulePost(ctx, social, { draftId: draft.id, scheduledFor: '2026-11-01T10:00:00.000Z' });

    // A score change alone holds nothing.
    await raiseOpportunities(ctx, [found({ channels: ['mastodon'], score: 0.7 })]);
    expect((await store.getRecord('post', post.id))?.state).toBe('scheduled');

    const [risky] = await raiseOpportunities(ctx, [found({ channels: ['mastodon'], score: 0.7, riskFlags: ['sensitive:lawsuit'] })]);
    expect(risky).toMatchObject({ state: 'approved', riskFlags: ['sensitive:lawsuit'] });
    expect(await store.getRecord('post', post.id)).toMatchObject({ state: 'held', holdReason: 'new risk: sensitive:lawsuit' });
    const hold = (await store.eventsSince(0, 100)).events.find((e) => e.action === 'posts.hold')!;
    expect(hold.actor).toBe('system');
    expect(noticesFor(hold).map((n) => [n.room, n.notice.kind, n.notice.text])).toEqual([['role:social', 'post.held', 'A mastodon post was held: new risk: sensitive:lawsuit.']]);
  });
});
