import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Opportunity } from '../../server/domain/index.js';
import { createApp } from '../../server/http/app.js';
import type { OpportunityTiming, SuggestedTimes } from '../../server/realtime/protocol.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { createBeat } from '../../server/workflow/beat-commands.js';
import { createDraft, submitDraft } from '../../server/workflow/draft-commands.js';
import { claimOpportunity, dismissOpportunity, pitchOpportunity } from '../../server/workflow/opportunity-commands.js';
import { schedulePost } from '../../server/workflow/post-commands.js';
import { decideReview } from '../../server/workflow/review-commands.js';
import { createWorkflowContext, type WorkflowContext } from '../../server/workflow/workflow-context.js';
import { buildPost, principalFor } from '../support/builders.js';
import { signInAsNewMember, type SessionHeaders } from '../support/sign-in.js';
import { tempDir } from '../support/temp-dir.js';
import { addSceneCast, type SceneCast } from '../support/workflow-scene.js';

/*
 * What the live board reads beside the records: each channel's window and the value curve in an
 * opportunity's file, a few opportunities by id, and suggested post times. The clock is the
 * test's, so every figure can be worked out by hand.
 */

const at = (hhmm: string) => new Date(`2026-11-01T${hhmm}:00.000Z`);
let now = at('12:00');
const clock = () => now;

const dir = tempDir();
let store: Store;
let ctx: WorkflowContext;
let cast: SceneCast;
let beatId: string;
let app: ReturnType<typeof createApp>;
let headers: SessionHeaders;

beforeAll(async () => {
  store = await openLowdbStore({ dataDir: dir.path });
  ctx = createWorkflowContext(store, clock);
  // No quiet hours here, and at most two posts an hour on a channel, so the cap shows quickly.
  app = createApp({ store, version: 'reads', startedAt: Date.now(), webRoot: null, log: () => undefined, clock, postTiming: { quietHours: null, postsPerHour: 2 } });
  cast = await addSceneCast(store);
  beatId = (await createBeat(ctx, principalFor(cast.writer), { name: 'Harbour', query: '"harbour bridge"' })).id;
  ({ headers } = await signInAsNewMember(app, store, { email: 'lena@newsroom.example', name: 'Lena Legal', roles: ['legal'] }));
});

afterAll(async () => {
  await store.close();
  dir.remove();
});

async function get<T>(path: string): Promise<{ status: number; body: T & { error?: { message: string; details?: { fields: Array<{ field: string }> } } } }> {
  const response = await app.request(path, { headers });
  return { status: response.status, body: (await response.json()) as never };
}

const pitch = (channels: Channel[], title = 'Harbour bridge reopens') => pitchOpportunity(ctx, principalFor(cast.writer), { title, beatId, channels });

/** A draft on one channel of a fresh opportunity, approved, and scheduled when `scheduleAt` is given. */
async function draftOn(channel: Channel, scheduleAt?: string): Promise<{ opportunity: Opportunity; draftId: string }> {
  const opportunity = await pitch([channel]);
  await claimOpportunity(ctx, principalFor(cast.writer), { opportunityId: opportunity.id });
  const { draft } = await createDraft(ctx, principalFor(cast.writer), { opportunityId: opportunity.id, channel, text: 'The harbour bridge is open again.' });
  if (scheduleAt !== undefined) {
    const { reviews } = await submitDraft(ctx, principalFor(cast.writer), { draftId: draft.id });
    for (const review of reviews) await decideReview(ctx, principalFor(review.role === 'legal' ? cast.legal : cast.comms), { reviewId: review.id, decision: 'approve' });
    await schedulePost(ctx, principalFor(cast.social), { draftId: draft.id, scheduledFor: at(scheduleAt).toISOString() });
  }
  return { opportunity, draftId: draft.id };
}

describe("an opportunity's file", () => {
  it("carries each channel's window and what a reaction is worth now, in 30 min and in 2 h", async () => {
    now = at('12:00');
    const opportunity = await pitch(['bluesky', 'news']);
    now = at('13:00');
    const { status, body } = await get<OpportunityTiming & { opportunity: Opportunity }>(`/api/opportunities/${opportunity.id}`);
    expect(status).toBe(200);
    expect(body.opportunity.deadline).toBe('2026-11-01T20:00:00.000Z');
    expect(body.windows).toEqual([
      { channel: 'bluesky', opensAt: '2026-11-01T12:00:00.000Z', closesAt: '2026-11-01T14:00:00.000Z' },
      { channel: 'news', opensAt: '2026-11-01T12:00:00.000Z', closesAt: '2026-11-01T20:00:00.000Z' },
    ]);
    // news: 7 of 8 hours left, then 6.5, then 5 (bluesky has closed by 15:00): 0.25 + 0.75 × share.
    expect(body.valueCurve).toEqual([
      { label: 'now', at: '2026-11-01T13:00:00.000Z', value: 0.906 },
      { label: 'in 30 min', at: '2026-11-01T13:30:00.000Z', value: 0.859 },
      { label: 'in 2 h', at: '2026-11-01T15:00:00.000Z', value: 0.719 },
    ]);
  });

  it('never draws a window past a deadline an editor set sooner', async () => {
    now = at('12:00');
    const opportunity = await pitchOpportunity(ctx, principalFor(cast.writer), { title: 'Short-lived', beatId, channels: ['bluesky', 'news'], deadline: at('13:30').toISOString() });
    const { body } = await get<OpportunityTiming>(`/api/opportunities/${opportunity.id}`);
    expect(body.windows.map((w) => [w.channel, w.closesAt])).toEqual([
      ['bluesky', '2026-11-01T13:30:00.000Z'],
      ['news', '2026-11-01T13:30:00.000Z'],
    ]);
    // Now the window just opened: worth everything; in 30 min, 1 of its 1.5 h is left (0.25 + 0.75 × 2/3); in 2 h it has closed.
    expect(body.valueCurve.map((p) => p.value)).toEqual([1, 0.75, 0]);
  });
});

describe('GET /api/opportunities?ids=', () => {
  it('answers just those, each with what the caller may do, leaving out ids with no record', async () => {
    now = at('12:00');
    const [a, b, c] = [await pitch(['news'], 'A'), await pitch(['news'], 'B'), await pitch(['news'], 'C')];
    const { status, body } = await get<{ opportunities: Array<Opportunity & { allowed: string[] }> }>(`/api/opportunities?ids=${c.id},${a.id},opp_nothing`);
    expect(status).toBe(200);
    expect(body.opportunities.map((o) => o.id).sort()).toEqual([a.id, c.id].sort());
    expect(body.opportunities.every((o) => Array.isArray(o.allowed) && o.allowed.includes('watch') && !o.allowed.includes('claim'))).toBe(true);
    // The other filters still apply.
    await dismissOpportunity(ctx, principalFor(cast.writer), { opportunityId: b.id, reason: 'off brand' });
    const open = await get<{ opportunities: Opportunity[] }>(`/api/opportunities?ids=${a.id},${b.id}&state=new`);
    expect(open.body.opportunities.map((o) => o.id)).toEqual([a.id]);
  });

  it('refuses more than 200 ids, or an empty one, naming the field', async () => {
    const many = Array.from({ length: 201 }, (_, i) => `opp_${i}`).join(',');
    for (const query of [many, 'opp_a,,opp_b', `opp_a,${'x'.repeat(201)}`]) {
      const { status, body } = await get(`/api/opportunities?ids=${query}`);
      expect(status, query.slice(0, 40)).toBe(400);
      expect(body.error!.details!.fields.map((f) => f.field)).toEqual(['ids']);
    }
    expect((await get(`/api/opportunities?ids=${Array.from({ length: 200 }, (_, i) => `opp_${i}`).join(',')}`)).status).toBe(200);
  });
});

describe('GET /api/drafts/{id}/suggested-times', () => {
  it("W-POST-7: suggests times inside the channel's window, around the channel's other posts, under the cap", async () => {
    now = at('12:00');
    const { draftId } = await draftOn('news');
    // Two news posts of other opportunities at 13:10 and 13:20, and this draft's own post does not count.
    await draftOn('news', '13:10');
    await draftOn('news', '13:20');
    now = at('13:00');
    const { status, body } = await get<SuggestedTimes>(`/api/drafts/${draftId}/suggested-times`);
    expect(status).toBe(200);
    expect(body.suggestions).toEqual([
      { at: '2026-11-01T14:15:00.000Z', channel: 'news', reason: '14:15 UTC: 5 h 45 min left on news; no engagement data yet; after the 13:20 post, 2 of at most 2 news posts that hour' },
      { at: '2026-11-01T14:45:00.000Z', channel: 'news', reason: '14:45 UTC: 5 h 15 min left on news; no engagement data yet' },
      { at: '2026-11-01T15:15:00.000Z', channel: 'news', reason: '15:15 UTC: 4 h 45 min left on news; no engagement data yet' },
    ]);
  });

  it("W-POST-7: leaves the draft's own post out of the count: it is rescheduled in place of it", async () => {
    now = at('12:00');
    const { draftId } = await draftOn('youtube', '12:30');
    await draftOn('youtube', '12:40');
    const { body } = await get<SuggestedTimes>(`/api/drafts/${draftId}/suggested-times`);
    // Counting its own 12:30 post, now would be the third in the hour.
    expect(body.suggestions[0]).toEqual({ at: '2026-11-01T12:00:00.000Z', channel: 'youtube', reason: 'now: 8 h left on youtube; no engagement data yet; 2 of at most 2 youtube posts that hour' });
  });

  it('W-POST-7: suggests nothing once the window has closed or the opportunity is done with', async () => {
    now = at('12:00');
    const { opportunity, draftId } = await draftOn('bluesky');
    now = at('14:00');
    expect((await get<SuggestedTimes>(`/api/drafts/${draftId}/suggested-times`)).body).toEqual({ suggestions: [] });
    now = at('12:30');
    await dismissOpportunity(ctx, principalFor(cast.writer), { opportunityId: opportunity.id, reason: 'off brand' });
    expect((await get<SuggestedTimes>(`/api/drafts/${draftId}/suggested-times`)).body).toEqual({ suggestions: [] });
  });

  it("W-POST-7: favours the hours when the channel's past posts drew the most engagement", async () => {
    // Two reddit posts of last Sunday whose watch is over: 12:10 drew 10, 15:10 drew 90 (avg 50).
    const past = (id: string, publishedAt: string, likes: number) =>
      buildPost(id, { channel: 'reddit', opportunityId: 'opp_past', state: 'published', publishedAt, engagement: [{ at: publishedAt, likes, reposts: 0, replies: 0 }], nextEngagementAt: null });
    await store.commit(
      [
        { kind: 'post', record: past('pst_past_noon', '2026-10-25T12:10:00.000Z', 10), expectedRev: null },
        { kind: 'post', record: past('pst_past_three', '2026-10-25T15:10:00.000Z', 90), expectedRev: null },
      ],
      [],
    );
    now = at('12:00');
    const { draftId } = await draftOn('reddit');
    // Window 12:00–18:00; weight = expected × (0.25 + 0.75 × share left): 15:00 90 × 0.625 = 56.25,
    // 15:30 90 × 0.5625 = 50.6, 13:00 (no post at 13:00 yet: the average, 50) × 0.875 = 43.75, 12:00 10 × 1.
    const { body } = await get<SuggestedTimes>(`/api/drafts/${draftId}/suggested-times`);
    expect(body.suggestions.map((s) => [s.at.slice(11, 16), s.reason])).toEqual([
      ['13:00', '13:00 UTC: 5 h left on reddit; no reddit posts at this hour yet (avg 50 at other hours)'],
      ['15:00', '15:00 UTC: 3 h left on reddit; your reddit posts at this hour drew the most engagement (avg 90, 1 post)'],
      ['15:30', '15:30 UTC: 2 h 30 min left on reddit; your reddit posts at this hour drew the most engagement (avg 90, 1 post)'],
    ]);
  });

  it('answers 404 for a draft that does not exist', async () => {
    expect((await get(`/api/drafts/drf_nothing/suggested-times`)).status).toBe(404);
  });
});
