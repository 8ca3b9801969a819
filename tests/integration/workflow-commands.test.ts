import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain, type AnyEvent, type Member, type Principal } from '../../server/domain/index.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import { RecordConflictError } from '../../server/store/store-errors.js';
import type { Store } from '../../server/store/store.js';
import { createBeat, updateBeat } from '../../server/workflow/beat-commands.js';
import { createComment } from '../../server/workflow/comment-commands.js';
import { contentHash } from '../../server/workflow/content-hash.js';
import { createDraft, draftDiff, reviseDraft, submitDraft } from '../../server/workflow/draft-commands.js';
import {
  assignOpportunity,
  claimOpportunity,
  dismissOpportunity,
  expireOpportunities,
  pitchOpportunity,
  unwatchOpportunity,
  watchOpportunity,
} from '../../server/workflow/opportunity-commands.js';
import { cancelPost, overridePost, schedulePost } from '../../server/workflow/post-commands.js';
import { decideReview, escalateOverdueReviews } from '../../server/workflow/review-commands.js';
import type { WorkflowContext } from '../../server/workflow/workflow-context.js';
import { WorkflowError } from '../../server/workflow/workflow-errors.js';
import { buildBeat, buildMember, principalFor } from '../support/builders.js';
import { tempDirs } from '../support/temp-dir.js';

const MEMBERS: Member[] = [
  buildMember('ed', { email: 'edna@newsroom.example', name: 'Edna', roles: ['editor'] }),
  buildMember('ed2', { email: 'eli@newsroom.example', name: 'Eli', roles: ['editor'] }),
  buildMember('lee', { email: 'lee@newsroom.example', name: 'Lee', roles: ['legal'] }),
  buildMember('cam', { email: 'cam@newsroom.example', name: 'Cam', roles: ['comms'] }),
  buildMember('sol', { email: 'sol@newsroom.example', name: 'Sol', roles: ['social'] }),
  buildMember('ada', { email: 'ada@newsroom.example', name: 'Ada', roles: ['admin'] }),
  buildMember('max', { email: 'max@newsroom.example', name: 'Max', roles: ['editor', 'comms'] }),
  buildMember('old', { email: 'old@newsroom.example', name: 'Old', roles: ['editor'], disabled: true }),
];
const as = Object.fromEntries(MEMBERS.map((m) => [m.id, principalFor(m)])) as Record<string, Principal>;
const { ed, ed2, lee, cam, sol, ada, max } = as as Record<'ed' | 'ed2' | 'lee' | 'cam' | 'sol' | 'ada' | 'max', Principal>;

const START = new Date('2026-11-01T09:00:00.000Z');
const minutes = (n: number) => n * 60_000;

/** What a command threw, for assertions on its code and details. */
async function refusal(promise: Promise<unknown>): Promise<WorkflowError | RecordConflictError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WorkflowError || error instanceof RecordConflictError) return error;
    throw error;
  }
  throw new Error('the command was expected to be refused, and it was not');
}

describe('workflow commands', () => {
  const dirs = tempDirs();
  let store: Store;
  let ctx: WorkflowContext;
  let now: Date;
  const later = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };

  beforeEach(async () => {
    store = await openLowdbStore({ dataDir: dirs.fresh() });
    now = START;
    let n = 0;
    ctx = { store, clock: () => now, newId: (prefix) => `${prefix}-${++n}` };
    await store.commit(
      [
        ...MEMBERS.map((record) => ({ kind: 'member' as const, record, expectedRev: null })),
        { kind: 'beat', record: buildBeat('beat-plain'), expectedRev: null },
        { kind: 'beat', record: buildBeat('beat-legal', { name: 'Lawsuits', requiresLegal: true }), expectedRev: null },
      ],
      [],
    );
  });
  afterEach(async () => {
    await store.close();
    dirs.removeAll();
  });

  const allEvents = async (): Promise<AnyEvent[]> => (await store.eventsSince(0, 10_000)).events;
  const pitch = (overrides: Partial<Parameters<typeof pitchOpportunity>[2]> = {}) =>
    pitchOpportunity(ctx, ed, { title: 'Harbour bridge closes', url: 'https://example.org/bridge', beatId: 'beat-plain', deadline: '2026-11-01T14:00:00.000Z', channels: ['mastodon'], ...overrides });

  /** Pitch → draft → submit → every review approves: an approved mastodon draft. */
  async function approvedDraft(overrides: Parameters<typeof pitch>[0] = {}) {
    const opportunity = await pitch(overrides);
    const { draft } = await createDraft(ctx, ed, { opportunityId: opportunity.id, channel: 'mastodon', text: 'The bridge is closed; take the ferry.' });
    const { reviews } = await submitDraft(ctx, ed, { draftId: draft.id });
    for (const review of reviews) await decideReview(ctx, review.role === 'legal' ? lee : cam, { reviewId: review.id, decision: 'approve' });
    return { opportunityId: opportunity.id, draftId: draft.id };
  }

  describe('opportunities', () => {
    it('W-OPP-2: an editor pitches an opportunity by hand; it starts new, its window open from now', async () => {
      const opportunity = await pitch({ riskFlags: ['tragedy'] });
      expect(opportunity).toMatchObject({ state: 'new', storyId: null, pitchedBy: 'ed', windowOpensAt: START.toISOString(), deadline: '2026-11-01T14:00:00.000Z', riskFlags: ['tragedy'], watcherIds: ['ed'] });
      expect(await store.getRecord('opportunity', opportunity.id)).toEqual(opportunity);
      const [event] = await allEvents();
      expect(event).toMatchObject({ action: 'opportunities.pitch', actor: 'ed', record: { type: 'opportunity', id: opportunity.id } });
    });

    it('W-OPP-2: without a deadline the window is the longest default of its channels', async () => {
      const opportunity = await pitch({ deadline: undefined, channels: ['x', 'news'] });
      expect(opportunity.deadline).toBe('2026-11-01T17:00:00.000Z');
    });

    it('W-OPP-2: a pitch needs a known beat and an open window; only editors pitch', async () => {
      expect(await refusal(pitch({ beatId: 'nope' }))).toMatchObject({ code: 'invalid', details: { fields: [{ field: 'beatId' }] } });
      expect(await refusal(pitch({ deadline: '2026-11-01T08:00:00.000Z' }))).toMatchObject({ code: 'invalid', details: { fields: [{ field: 'deadline' }] } });
      expect(await refusal(pitchOpportunity(ctx, sol, { title: 't', beatId: 'beat-plain', channels: ['x'] }))).toMatchObject({ code: 'forbidden' });
    });

    it('W-OPP-3: an editor claims a new opportunity, holds it and watches it; claiming it again is a 409 with the record', async () => {
      const opportunity = await pitch();
      const claimed = await claimOpportunity(ctx, ed2, { opportunityId: opportunity.id });
      expect(claimed).toMatchObject({ state: 'claimed', holderId: 'ed2', rev: 2, watcherIds: ['ed', 'ed2'] });
      const again = await refusal(claimOpportunity(ctx, ed, { opportunityId: opportunity.id }));
      expect(again).toMatchObject({ code: 'invalid_state', details: { state: 'claimed', record: claimed } });
      expect(again.message).toMatch(/ed2 already holds it/);
    });

    it('W-CONC-1: two editors claiming at once: exactly one wins, the other gets a 409 with the fresh record', async () => {
      const opportunity = await pitch();
      const results = await Promise.allSettled([claimOpportunity(ctx, ed, { opportunityId: opportunity.id }), claimOpportunity(ctx, ed2, { opportunityId: opportunity.id })]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      const stored = await store.getRecord('opportunity', opportunity.id);
      const error = lost[0]!.reason as unknown;
      const fresh = error instanceof RecordConflictError ? error.current : (error as WorkflowError).details?.record;
      expect(error instanceof RecordConflictError || (error as WorkflowError).code === 'invalid_state').toBe(true);
      expect(fresh).toEqual(stored);
      expect((await allEvents()).filter((e) => e.action === 'opportunities.claim')).toHaveLength(1);
    });

    it('W-CONC-2: a command based on an old rev is refused with the record as it is now', async () => {
      const opportunity = await pitch();
      await watchOpportunity(ctx, sol, { opportunityId: opportunity.id });
      const stale = await refusal(claimOpportunity(ctx, ed, { opportunityId: opportunity.id, rev: 1 }));
      expect(stale).toBeInstanceOf(RecordConflictError);
      expect((stale as RecordConflictError).current).toMatchObject({ rev: 2, watcherIds: ['ed', 'sol'] });
      expect((await claimOpportunity(ctx, ed, { opportunityId: opportunity.id, rev: 2 })).holderId).toBe('ed');
    });

    it('W-OPP-4: an editor or admin assigns an opportunity to an enabled editor, who is told', async () => {
      const opportunity = await pitch();
      const assigned = await assignOpportunity(ctx, ada, { opportunityId: opportunity.id, memberId: 'ed2' });
      expect(assigned).toMatchObject({ state: 'claimed', holderId: 'ed2' });
      expect(assigned.watcherIds).toContain('ed2');
      const reassigned = await assignOpportunity(ctx, ed, { opportunityId: opportunity.id, memberId: 'ed' });
      expect(reassigned).toMatchObject({ state: 'claimed', holderId: 'ed' });
      expect(await refusal(assignOpportunity(ctx, ed, { opportunityId: opportunity.id, memberId: 'old' }))).toMatchObject({ code: 'invalid', details: { fields: [{ field: 'memberId' }] } });
      expect(await refusal(assignOpportunity(ctx, ed, { opportunityId: opportunity.id, memberId: 'sol' }))).toMatchObject({ code: 'invalid' });
      expect(await refusal(assignOpportunity(ctx, sol, { opportunityId: opportunity.id, memberId: 'ed' }))).toMatchObject({ code: 'forbidden' });
      expect((await allEvents()).filter((e) => e.action === 'opportunities.assign').map((e) => e.actor)).toEqual(['ada', 'ed']);
    });

    it('W-OPP-5: dismissing needs a reason, and is refused once dismissed', async () => {
      const opportunity = await pitch();
      expect(await refusal(dismissOpportunity(ctx, ed, { opportunityId: opportunity.id, reason: '  ' }))).toMatchObject({ code: 'invalid', details: { fields: [{ field: 'reason' }] } });
      const dismissed = await dismissOpportunity(ctx, ed, { opportunityId: opportunity.id, reason: 'not our story' });
      expect(dismissed).toMatchObject({ state: 'dismissed', dismissReason: 'not our story' });
      expect(await refusal(claimOpportunity(ctx, ed, { opportunityId: opportunity.id }))).toMatchObject({ code: 'invalid_state', details: { state: 'dismissed' } });
      expect(await refusal(dismissOpportunity(ctx, ed, { opportunityId: opportunity.id, reason: 'again' }))).toMatchObject({ code: 'invalid_state' });
      expect(await refusal(createDraft(ctx, ed, { opportunityId: opportunity.id, channel: 'x', text: 'hi' }))).toMatchObject({ code: 'invalid_state' });
    });

    it('W-OPP-5: a scheduled opportunity is dismissed only after its posts are cancelled', async () => {
      const { opportunityId, draftId } = await approvedDraft();
      const { post } = await schedulePost(ctx, sol, { draftId, scheduledFor: 'now' });
      const refused = await refusal(dismissOpportunity(ctx, ed, { opportunityId, reason: 'changed our mind' }));
      expect(refused).toMatchObject({ code: 'invalid_state', details: { state: 'scheduled' } });
      expect(refused.message).toMatch(/cancel its posts first/);
      await cancelPost(ctx, sol, { postId: post.id });
      expect(await dismissOpportunity(ctx, ed, { opportunityId, reason: 'changed our mind' })).toMatchObject({ state: 'dismissed' });
    });

    it('W-CMT-3: any member watches and unwatches; watching twice changes nothing', async () => {
      const opportunity = await pitch();
      const watched = await watchOpportunity(ctx, lee, { opportunityId: opportunity.id });
      expect(watched.watcherIds).toEqual(['ed', 'lee']);
      expect(await watchOpportunity(ctx, lee, { opportunityId: opportunity.id })).toEqual(watched);
      expect((await unwatchOpportunity(ctx, lee, { opportunityId: opportunity.id })).watcherIds).toEqual(['ed']);
      expect((await allEvents()).filter((e) => e.action === 'opportunities.watch')).toHaveLength(2);
    });
  });

  describe('the full path', () => {
    it('W-OPP-1, W-REV-1, W-REV-7, W-POST-1: pitch → claim → draft → revise → submit → legal and comms side by side → schedule', async () => {
      const opportunity = await pitch({ beatId: 'beat-legal' });
      await claimOpportunity(ctx, ed, { opportunityId: opportunity.id, rev: 1 });
      later(minutes(5));
      const created = await createDraft(ctx, ed, { opportunityId: opportunity.id, channel: 'mastodon', text: 'The bridge is closed today.' });
      expect(created.opportunity.state).toBe('drafting');
      expect(created.draft).toMatchObject({ status: 'editing', submittedVersion: null, versions: [{ version: 1, contentHash: contentHash('The bridge is closed today.'), authorId: 'ed' }] });

      const revised = await reviseDraft(ctx, ed2, { draftId: created.draft.id, text: 'The bridge is closed today; take the ferry.', rev: 1 });
      expect(revised.draft.versions.map((v) => [v.version, v.authorId])).toEqual([[1, 'ed'], [2, 'ed2']]);
      expect(revised.reviews).toEqual([]);

      later(minutes(5));
      const submitted = await submitDraft(ctx, ed, { draftId: created.draft.id });
      expect(submitted.draft).toMatchObject({ status: 'in_review', submittedVersion: 2 });
      expect(submitted.opportunity.state).toBe('in_review');
      expect(submitted.reviews.map((r) => r.role).sort()).toEqual(['comms', 'legal']);
      // W-REV-2: 4h50 left at 09:10, so due after 40% of it: 10:06.
      expect(submitted.reviews.map((r) => r.dueAt)).toEqual(['2026-11-01T11:06:00.000Z', '2026-11-01T11:06:00.000Z']);
      expect(submitted.reviews.every((r) => r.state === 'pending' && r.version === 2 && r.contentHash === revised.draft.versions[1]!.contentHash)).toBe(true);

      const legalReview = submitted.reviews.find((r) => r.role === 'legal')!;
      const commsReview = submitted.reviews.find((r) => r.role === 'comms')!;
      // Side by side: both decide at the same moment, and neither decision is lost (W-CONC-4).
      const [legalDone, commsDone] = await Promise.all([
        decideReview(ctx, lee, { reviewId: legalReview.id, decision: 'approve' }),
        decideReview(ctx, cam, { reviewId: commsReview.id, decision: 'approve', comment: 'good' }),
      ]);
      expect(legalDone.review).toMatchObject({ state: 'approved', reviewerId: 'lee' });
      expect(commsDone.review).toMatchObject({ state: 'approved', reviewerId: 'cam', comment: 'good' });
      const draft = await store.getRecord('draft', created.draft.id);
      expect(draft?.status).toBe('approved');
      expect((await store.getRecord('opportunity', opportunity.id))?.state).toBe('approved');

      const scheduled = await schedulePost(ctx, sol, { draftId: created.draft.id, scheduledFor: '2026-11-01T12:00:00.000Z' });
      expect(scheduled.post).toMatchObject({ state: 'scheduled', version: 2, contentHash: draft!.versions[1]!.contentHash, channel: 'mastodon', scheduledBy: 'sol', scheduledFor: '2026-11-01T12:00:00.000Z' });
      expect(scheduled.opportunity.state).toBe('scheduled');

      // W-AUD-1, W-AUD-2: one event per record changed, all chained.
      const events = await allEvents();
      expect(verifyChain(events).breaks).toEqual([]);
      const states = events.filter((e) => e.record.type === 'opportunity').map((e) => (e.data as { opportunity: { state: string } }).opportunity.state);
      expect([...new Set(states)]).toEqual(['new', 'claimed', 'drafting', 'in_review', 'approved', 'scheduled']);
      expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['drafts.create', 'drafts.revise', 'drafts.submit', 'reviews.open', 'reviews.decide', 'drafts.update', 'posts.schedule']));
    });

    it('W-REV-1: a plain beat without risk flags needs comms only; risk flags bring legal in', async () => {
      const plain = await approvedDraft();
      expect((await store.listRecords('review', { draftId: plain.draftId })).map((r) => r.role)).toEqual(['comms']);
      const risky = await pitch({ riskFlags: ['lawsuit'] });
      const { draft } = await createDraft(ctx, ed, { opportunityId: risky.id, channel: 'x', text: 'Statement to follow.' });
      expect((await submitDraft(ctx, ed, { draftId: draft.id })).reviews.map((r) => r.role)).toEqual(['legal', 'comms']);
    });

    it('W-OPP-3: the first draft on a new opportunity claims it for its author', async () => {
      const opportunity = await pitch();
      const { opportunity: after } = await createDraft(ctx, ed2, { opportunityId: opportunity.id, channel: 'bluesky', text: 'Hello' });
      expect(after).toMatchObject({ state: 'drafting', holderId: 'ed2', channels: ['mastodon', 'bluesky'] });
      const claim = (await allEvents()).find((e) => e.action === 'opportunities.claim');
      expect(claim?.actor).toBe('ed2');
    });
  });

  describe('drafts', () => {
    it('W-DRAFT-2: one draft per channel per opportunity', async () => {
      const opportunity = await pitch();
      const { draft } = await createDraft(ctx, ed, { opportunityId: opportunity.id, channel: 'mastodon', text: 'one' });
      const second = await refusal(createDraft(ctx, ed2, { opportunityId: opportunity.id, channel: 'mastodon', text: 'two' }));
      expect(second).toMatchObject({ code: 'invalid_state', details: { record: { id: draft.id } } });
      expect(second.message).toMatch(/add a version to it/);
    });

    it('W-DRAFT-4: a text over its channel limit is a 400 on text saying by how much', async () => {
      const opportunity = await pitch();
      const refused = await refusal(createDraft(ctx, ed, { opportunityId: opportunity.id, channel: 'x', text: 'a'.repeat(290) }));
      expect(refused).toMatchObject({ code: 'invalid', details: { fields: [{ field: 'text' }] } });
      expect(refused.message).toMatch(/10 over the 280/);
      expect(await store.listRecords('draft')).toEqual([]);
    });

    it('W-DRAFT-3: a version with the same text as the last is refused; only editors write', async () => {
      const opportunity = await pitch();
      const { draft } = await createDraft(ctx, ed, { opportunityId: opportunity.id, channel: 'mastodon', text: 'same' });
      expect(await refusal(reviseDraft(ctx, ed, { draftId: draft.id, text: 'same' }))).toMatchObject({ code: 'invalid', details: { fields: [{ field: 'text' }] } });
      expect(await refusal(reviseDraft(ctx, cam, { draftId: draft.id, text: 'other' }))).toMatchObject({ code: 'forbidden' });
    });

    it('W-DRAFT-6: the diff between two versions, word by word', async () => {
      const opportunity = await pitch();
      const { draft } = await createDraft(ctx, ed, { opportunityId: opportunity.id, channel: 'mastodon', text: 'The bridge is closed' });
      await reviseDraft(ctx, ed, { draftId: draft.id, text: 'The bridge reopens' });
      const diff = await draftDiff(ctx, sol, { draftId: draft.id });
      expect([diff.from, diff.to]).toEqual([1, 2]);
      expect(diff.parts.filter((p) => p.type !== 'same').map((p) => `${p.type}:${p.text.trim()}`)).toEqual(['removed:is closed', 'added:reopens']);
    });

    it('W-DRAFT-7: a version already in review is not submitted twice; the review route needs an editor', async () => {
      const opportunity = await pitch();
      const { draft } = await createDraft(ctx, ed, { opportunityId: opportunity.id, channel: 'mastodon', text: 'text' });
      expect(await refusal(submitDraft(ctx, sol, { draftId: draft.id }))).toMatchObject({ code: 'forbidden' });
      await submitDraft(ctx, ed, { draftId: draft.id });
      expect(await refusal(submitDraft(ctx, ed, { draftId: draft.id }))).toMatchObject({ code: 'invalid_state', details: { state: 'in_review' } });
      expect(await refusal(submitDraft(ctx, ed, { draftId: draft.id, version: 7 }))).toMatchObject({ code: 'invalid', details: { fields: [{ field: 'version' }] } });
    });
  });

  describe('reviews', () => {
    async function inReview(beatId = 'beat-legal') {
      const opportunity = await pitch({ beatId });
      const { draft } = await createDraft(ctx, max, { opportunityId: opportunity.id, channel: 'mastodon', text: 'The bridge is closed.' });
      const { reviews } = await submitDraft(ctx, max, { draftId: draft.id });
      return { opportunityId: opportunity.id, draftId: draft.id, legal: reviews.find((r) => r.role === 'legal')!, comms: reviews.find((r) => r.role === 'comms')! };
    }

    it('W-REV-5: nobody approves a draft they wrote', async () => {
      const { comms } = await inReview();
      const refused = await refusal(decideReview(ctx, max, { reviewId: comms.id, decision: 'approve' }));
      expect(refused).toMatchObject({ code: 'forbidden' });
      expect(refused.message).toMatch(/you wrote a version of this draft/);
      expect((await store.getRecord('review', comms.id))?.state).toBe('pending');
    });

    it('W-REV-5: having written any version, not only the last, keeps a member from reviewing', async () => {
      const opportunity = await pitch();
      const { draft } = await createDraft(ctx, max, { opportunityId: opportunity.id, channel: 'mastodon', text: 'v1 by max' });
      await reviseDraft(ctx, ed, { draftId: draft.id, text: 'v2 by ed' });
      const { reviews } = await submitDraft(ctx, ed, { draftId: draft.id });
      expect(await refusal(decideReview(ctx, max, { reviewId: reviews[0]!.id, decision: 'approve' }))).toMatchObject({ code: 'forbidden' });
    });

    it('W-REV-4: a review is decided only by a member holding its role', async () => {
      const { comms, legal } = await inReview();
      expect(await refusal(decideReview(ctx, lee, { reviewId: comms.id, decision: 'approve' }))).toMatchObject({ code: 'forbidden' });
      expect(await refusal(decideReview(ctx, cam, { reviewId: legal.id, decision: 'approve' }))).toMatchObject({ code: 'forbidden' });
      expect(await refusal(decideReview(ctx, ed, { reviewId: legal.id, decision: 'approve' }))).toMatchObject({ code: 'forbidden' });
    });

    it('W-REV-3: asking for changes or rejecting needs a comment', async () => {
      const { comms } = await inReview();
      expect(await refusal(decideReview(ctx, cam, { reviewId: comms.id, decision: 'request_changes' }))).toMatchObject({ code: 'invalid', details: { fields: [{ field: 'comment' }] } });
      expect(await refusal(decideReview(ctx, cam, { reviewId: comms.id, decision: 'reject', comment: ' ' }))).toMatchObject({ code: 'invalid', details: { fields: [{ field: 'comment' }] } });
    });

    it('W-REV-7, W-REV-6: changes requested send the opportunity back to drafting; the next version goes back to review by itself', async () => {
      const { opportunityId, draftId, legal, comms } = await inReview();
      await decideReview(ctx, lee, { reviewId: legal.id, decision: 'approve' });
      const asked = await decideReview(ctx, cam, { reviewId: comms.id, decision: 'request_changes', comment: 'mention the ferry' });
      expect(asked.draft.status).toBe('changes_requested');
      expect(asked.opportunity.state).toBe('drafting');
      expect(await refusal(decideReview(ctx, cam, { reviewId: comms.id, decision: 'approve' }))).toMatchObject({ code: 'invalid_state', details: { state: 'changes_requested' } });

      const fixed = await reviseDraft(ctx, ed, { draftId, text: 'The bridge is closed; take the ferry.' });
      expect(fixed.draft).toMatchObject({ status: 'in_review', submittedVersion: 2 });
      expect(fixed.opportunity.state).toBe('in_review');
      expect(fixed.reviews.map((r) => [r.role, r.version, r.state])).toEqual([['legal', 2, 'pending'], ['comms', 2, 'pending']]);
      const old = await Promise.all([legal.id, comms.id].map((id) => store.getRecord('review', id)));
      expect(old.map((r) => r?.state)).toEqual(['reopened', 'reopened']);
      // The decisions stay on record.
      expect(old[1]).toMatchObject({ reviewerId: 'cam', comment: 'mention the ferry' });
      expect(await refusal(decideReview(ctx, lee, { reviewId: legal.id, decision: 'approve' }))).toMatchObject({ code: 'invalid_state', details: { state: 'reopened' } });
      expect((await store.getRecord('opportunity', opportunityId))?.state).toBe('in_review');
    });

    it('W-REV-7: one rejection rejects the draft', async () => {
      const { legal, draftId } = await inReview();
      const { draft, opportunity } = await decideReview(ctx, lee, { reviewId: legal.id, decision: 'reject', comment: 'defamation risk' });
      expect(draft.status).toBe('rejected');
      expect(opportunity.state).toBe('drafting');
      expect(await refusal(schedulePost(ctx, sol, { draftId, scheduledFor: 'now' }))).toMatchObject({ code: 'invalid_state', details: { state: 'rejected' } });
    });

    it('W-REV-6: an edit after approval reopens the reviews and holds the scheduled post', async () => {
      const { opportunityId, draftId } = await approvedDraft({ beatId: 'beat-legal' });
      const { post } = await schedulePost(ctx, sol, { draftId, scheduledFor: '2026-11-01T12:00:00.000Z' });
      const approvedReviews = await store.listRecords('review', { draftId });

      later(minutes(10));
      const edited = await reviseDraft(ctx, ed, { draftId, text: 'The bridge is closed; the ferry runs every 20 minutes.' });
      expect(edited.draft).toMatchObject({ status: 'in_review', submittedVersion: 2 });
      expect(edited.held.map((p) => [p.id, p.state, p.holdReason])).toEqual([[post.id, 'held', 'review reopened']]);
      expect(edited.opportunity.state).toBe('in_review');
      expect(edited.reviews.map((r) => [r.role, r.state, r.contentHash])).toEqual([
        ['legal', 'pending', contentHash('The bridge is closed; the ferry runs every 20 minutes.')],
        ['comms', 'pending', contentHash('The bridge is closed; the ferry runs every 20 minutes.')],
      ]);
      for (const review of approvedReviews) expect((await store.getRecord('review', review.id))?.state).toBe('reopened');
      expect((await store.getRecord('post', post.id))?.state).toBe('held');
      // The held post carries the old words: it cannot be sent by override.
      expect(await refusal(overridePost(ctx, sol, { postId: post.id, reason: 'urgent' }))).toMatchObject({ code: 'invalid_state' });
      const events = await allEvents();
      expect(events.filter((e) => e.action === 'reviews.reopen')).toHaveLength(2);
      expect(events.find((e) => e.action === 'posts.hold')).toMatchObject({ data: { reason: 'review reopened' } });
      expect((await store.getRecord('opportunity', opportunityId))?.state).toBe('in_review');

      // Approved again: scheduling replaces the held post.
      for (const review of edited.reviews) await decideReview(ctx, review.role === 'legal' ? lee : cam, { reviewId: review.id, decision: 'approve' });
      const again = await schedulePost(ctx, sol, { draftId, scheduledFor: 'now' });
      expect(again.replaced.map((p) => [p.id, p.state])).toEqual([[post.id, 'cancelled']]);
      expect(again.post).toMatchObject({ version: 2, state: 'scheduled', scheduledFor: now.toISOString() });
    });

    it('W-REV-8: overdue pending reviews are escalated once, by the system', async () => {
      const { legal, comms } = await inReview();
      await decideReview(ctx, cam, { reviewId: comms.id, decision: 'approve' });
      expect(await escalateOverdueReviews(ctx, new Date(new Date(legal.dueAt).getTime() - 1_000))).toEqual([]);
      const escalated = await escalateOverdueReviews(ctx, new Date(legal.dueAt));
      expect(escalated.map((r) => [r.id, r.escalatedAt])).toEqual([[legal.id, legal.dueAt]]);
      expect(await escalateOverdueReviews(ctx, new Date(new Date(legal.dueAt).getTime() + minutes(30)))).toEqual([]);
      const event = (await allEvents()).find((e) => e.action === 'reviews.escalate');
      expect(event).toMatchObject({ actor: 'system', record: { type: 'review', id: legal.id } });
    });
  });

  describe('posts', () => {
    it('W-POST-3, W-POST-6: one scheduled post per draft; cancelling the last makes the opportunity approved again', async () => {
      const { opportunityId, draftId } = await approvedDraft();
      const { post } = await schedulePost(ctx, sol, { draftId, scheduledFor: '2026-11-01T10:00:00.000Z' });
      expect(await refusal(schedulePost(ctx, sol, { draftId, scheduledFor: 'now' }))).toMatchObject({ code: 'invalid_state', details: { state: 'scheduled' } });
      const cancelled = await cancelPost(ctx, sol, { postId: post.id, rev: 1 });
      expect(cancelled.post.state).toBe('cancelled');
      expect(cancelled.opportunity.state).toBe('approved');
      expect(await refusal(cancelPost(ctx, sol, { postId: post.id }))).toMatchObject({ code: 'invalid_state', details: { state: 'cancelled' } });
      expect((await store.getRecord('opportunity', opportunityId))?.state).toBe('approved');
    });

    it('W-POST-1: only social schedules, only approved drafts, never in the past', async () => {
      const { draftId } = await approvedDraft();
      expect(await refusal(schedulePost(ctx, ed, { draftId, scheduledFor: 'now' }))).toMatchObject({ code: 'forbidden' });
      expect(await refusal(schedulePost(ctx, sol, { draftId, scheduledFor: '2026-11-01T08:00:00.000Z' }))).toMatchObject({ code: 'invalid', details: { fields: [{ field: 'scheduledFor' }] } });
    });

    it('W-POST-2: scheduling after the deadline is a 409 that says how to send it late', async () => {
      const { draftId } = await approvedDraft();
      const refused = await refusal(schedulePost(ctx, sol, { draftId, scheduledFor: '2026-11-01T15:00:00.000Z' }));
      expect(refused).toMatchObject({ code: 'invalid_state' });
      expect(refused.message).toMatch(/the window closes at 14:00 UTC.*overrideReason/);
      const late = await schedulePost(ctx, sol, { draftId, scheduledFor: '2026-11-01T15:00:00.000Z', overrideReason: 'the council asked us to wait' });
      expect(late.post).toMatchObject({ state: 'scheduled', overrideReason: 'the council asked us to wait' });
      // The window closes: the opportunity expires, but a post a social manager chose to send late is not held.
      const [swept] = await expireOpportunities(ctx, new Date('2026-11-01T14:00:00.000Z'));
      expect(swept).toMatchObject({ opportunity: { state: 'expired' }, held: [] });
      expect((await store.getRecord('post', late.post.id))?.state).toBe('scheduled');
    });

    it('W-OPP-6, W-POST-4: when the window closes the opportunity expires, its post is held, and social can override with a reason', async () => {
      const { opportunityId, draftId } = await approvedDraft();
      const { post } = await schedulePost(ctx, sol, { draftId, scheduledFor: '2026-11-01T13:59:00.000Z' });
      const other = await pitch({ deadline: '2026-11-01T18:00:00.000Z' });

      expect(await expireOpportunities(ctx, new Date('2026-11-01T13:59:59.000Z'))).toEqual([]);
      now = new Date('2026-11-01T14:00:00.000Z');
      const swept = await expireOpportunities(ctx, now);
      expect(swept.map((e) => [e.opportunity.id, e.opportunity.state, e.held.map((p) => [p.id, p.holdReason])])).toEqual([[opportunityId, 'expired', [[post.id, 'window closed']]]]);
      expect((await store.getRecord('opportunity', other.id))?.state).toBe('new');
      const events = (await allEvents()).filter((e) => e.action === 'opportunities.expire' || e.action === 'posts.hold');
      expect(events.map((e) => [e.action, e.actor])).toEqual([['opportunities.expire', 'system'], ['posts.hold', 'system']]);

      // Nothing new can be scheduled on a closed window without saying why.
      const refused = await refusal(schedulePost(ctx, sol, { draftId, scheduledFor: 'now' }));
      expect(refused.message).toMatch(/window closed at 14:00 UTC.*overrideReason/);

      expect(await refusal(overridePost(ctx, sol, { postId: post.id, reason: '' }))).toMatchObject({ code: 'invalid', details: { fields: [{ field: 'reason' }] } });
      expect(await refusal(overridePost(ctx, ed, { postId: post.id, reason: 'late but right' }))).toMatchObject({ code: 'forbidden' });
      later(minutes(3));
      const overridden = await overridePost(ctx, sol, { postId: post.id, reason: 'still news for our readers' });
      expect(overridden.post).toMatchObject({ state: 'scheduled', overrideReason: 'still news for our readers', holdReason: null, scheduledFor: '2026-11-01T14:03:00.000Z' });
      // The opportunity stays expired: the reaction counts as late.
      expect(overridden.opportunity.state).toBe('expired');
      expect(await expireOpportunities(ctx, new Date('2026-11-01T15:00:00.000Z'))).toEqual([]);
      expect((await store.getRecord('post', post.id))?.state).toBe('scheduled');
    });
  });

  describe('comments and beats', () => {
    it('W-CMT-1, W-CMT-2: comments on opportunities and drafts resolve @mentions; the author starts watching', async () => {
      const opportunity = await pitch();
      const { comment, opportunity: watched } = await createComment(ctx, lee, { target: { type: 'opportunity', id: opportunity.id }, text: '@edna and @cam: careful with @nobody here' });
      expect(comment).toMatchObject({ authorId: 'lee', mentions: ['ed', 'cam'], opportunityId: opportunity.id, text: '@edna and @cam: careful with @nobody here' });
      expect(watched.watcherIds).toEqual(['ed', 'lee']);
      const { draft } = await createDraft(ctx, ed, { opportunityId: opportunity.id, channel: 'mastodon', text: 'text' });
      const onDraft = await createComment(ctx, sol, { target: { type: 'draft', id: draft.id }, text: 'ping @sol' });
      expect(onDraft.comment).toMatchObject({ target: { type: 'draft', id: draft.id }, opportunityId: opportunity.id, mentions: ['sol'] });
      expect(await refusal(createComment(ctx, sol, { target: { type: 'draft', id: 'nope' }, text: 'hi' }))).toMatchObject({ code: 'not_found' });
      expect(await refusal(createComment(ctx, sol, { target: { type: 'opportunity', id: opportunity.id }, text: '   ' }))).toMatchObject({ code: 'invalid' });
      expect((await allEvents()).filter((e) => e.action === 'comments.create')).toHaveLength(2);
    });

    it('W-BEAT-1, W-BEAT-2: editors and admins create and change beats; names are unique', async () => {
      const beat = await createBeat(ctx, ed, { name: 'Ports', query: '#harbour OR "port authority"', languages: ['en'] });
      expect(beat).toMatchObject({ name: 'Ports', languages: ['en'], regions: [], requiresLegal: false, rev: 1 });
      expect(await refusal(createBeat(ctx, ada, { name: 'ports', query: 'x' }))).toMatchObject({ code: 'invalid', details: { fields: [{ field: 'name' }] } });
      expect(await refusal(createBeat(ctx, sol, { name: 'Other', query: 'x' }))).toMatchObject({ code: 'forbidden' });
      const updated = await updateBeat(ctx, ada, { beatId: beat.id, requiresLegal: true, rev: 1 });
      expect(updated).toMatchObject({ requiresLegal: true, rev: 2, name: 'Ports' });
      expect(await refusal(updateBeat(ctx, ada, { beatId: beat.id, name: 'Stale', rev: 1 }))).toBeInstanceOf(RecordConflictError);
      expect((await allEvents()).map((e) => e.action)).toEqual(['beats.create', 'beats.update']);
    });
  });

  it('W-AUD-1, W-AUD-2: every command writes one event per record it changed, and the log verifies', async () => {
    /** The events one command wrote, as `action record` lines. */
    const written = async (run: () => Promise<unknown>) => {
      const from = await store.lastSeq();
      await run();
      return (await store.eventsSince(from, 100)).events.map((e) => `${e.action} ${e.record.type}`);
    };
    const opportunity = await pitch();
    const drafted = await written(() => createDraft(ctx, ed, { opportunityId: opportunity.id, channel: 'mastodon', text: 'text' }));
    expect(drafted).toEqual(['drafts.create draft', 'opportunities.claim opportunity']);
    const draft = (await store.listRecords('draft'))[0]!;
    expect(await written(() => submitDraft(ctx, ed, { draftId: draft.id }))).toEqual(['reviews.open review', 'drafts.submit draft', 'opportunities.update opportunity']);
    const [review] = await store.listRecords('review');
    expect(await written(() => decideReview(ctx, cam, { reviewId: review!.id, decision: 'approve' }))).toEqual(['reviews.decide review', 'drafts.update draft', 'opportunities.update opportunity']);
    expect(await written(() => schedulePost(ctx, sol, { draftId: draft.id, scheduledFor: 'now' }))).toEqual(['posts.schedule post', 'opportunities.update opportunity']);
    expect(await written(() => createComment(ctx, cam, { target: { type: 'draft', id: draft.id }, text: 'nice' }))).toEqual(['comments.create comment', 'opportunities.watch opportunity']);
    // A refused command writes nothing.
    expect(await written(() => refusal(claimOpportunity(ctx, ed2, { opportunityId: opportunity.id })))).toEqual([]);

    const events = await allEvents();
    const report = verifyChain(events);
    expect(report.breaks).toEqual([]);
    expect(report.lastSeq).toBe(await store.lastSeq());
    // An edited event breaks the chain where it was edited.
    const tampered = events.map((e, i) => (i === 2 ? { ...e, actor: 'someone-else' } : e));
    expect(verifyChain(tampered).breaks.map((b) => b.seq)).toContain(events[2]!.seq);
  });
});
