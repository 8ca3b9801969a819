import type { z } from 'zod';
import type { Draft, Opportunity, Principal, Review } from '../domain/index.js';
import { RecordConflictError } from '../store/store-errors.js';
import { ChangeSet } from './change-set.js';
import { parseCommandInput } from './command-input.js';
import { REVIEW_GUARDS } from './draft-guards.js';
import { enforce } from './guard.js';
import { followWork, loadWork, withChanged } from './opportunity-follow.js';
import { invalidState, isFinal } from './opportunity-machine.js';
import { authorize } from './policy.js';
import { checkExpectedRev, loadRecord } from './record-loading.js';
import { retryOnConflict } from './retry-on-conflict.js';
import { draftStatusFromReviews } from './review-route.js';
import { timeOfDay } from './time-words.js';
import type { WorkflowContext } from './workflow-context.js';
import { invalidField } from './workflow-errors.js';
import { decideReviewInput, type DecideReviewInput } from './workflow-inputs.js';

export interface ReviewResult {
  review: Review;
  draft: Draft;
  opportunity: Opportunity;
}

const STATE_OF = { approve: 'approved', request_changes: 'changes_requested', reject: 'rejected' } as const;
const SAID = { approve: 'approved', request_changes: 'asked for changes on', reject: 'rejected' } as const;

/**
 * W-REV-3 to W-REV-5, W-REV-7: a member of the review's role, who wrote no version of the draft,
 * approves, requests changes or rejects the exact version the review is bound to. The draft
 * follows its reviews and the opportunity its drafts. The draft is written on every decision, so
 * two reviewers deciding at once are ordered by its rev and neither decision is lost (W-CONC-3).
 */
export async function decideReview(ctx: WorkflowContext, principal: Principal, input: DecideReviewInput): Promise<ReviewResult> {
  authorize(principal, 'reviews.decide');
  const parsed = parseCommandInput(decideReviewInput, input);
  return retryOnConflict({ kind: 'review', id: parsed.reviewId }, () => decide(ctx, principal, parsed));
}

async function decide(ctx: WorkflowContext, principal: Principal, input: z.output<typeof decideReviewInput>): Promise<ReviewResult> {
  const { reviewId, decision, comment, rev } = input;
  const review = await loadRecord(ctx, 'review', reviewId);
  checkExpectedRev('review', review, rev);
  const draft = await loadRecord(ctx, 'draft', review.draftId);
  const opportunity = await loadRecord(ctx, 'opportunity', review.opportunityId);
  enforce(REVIEW_GUARDS.decide(principal, { review, draft, opportunity }));
  if (decision !== 'approve' && !comment) {
    throw invalidField('comment', decision === 'reject' ? 'say why it must not go out' : 'say what to change, so the writer can fix it');
  }
  // W-REV-3: the decision is about the words the review was opened on, and only those.
  const bound = draft.versions.find((v) => v.version === review.version);
  if (draft.submittedVersion !== review.version || bound?.contentHash !== review.contentHash) {
    throw invalidState(`the draft changed since this review opened (version ${review.version}); review the version now submitted`, review.state, review);
  }
  const changes = new ChangeSet(principal.id, ctx.clock());
  const decided = changes.update(
    'review',
    review,
    { state: STATE_OF[decision], reviewerId: principal.id, comment: comment ?? null, decidedAt: changes.at.toISOString() },
    'reviews.decide',
    (after) => ({ review: after, ...(comment ? { reason: comment } : {}) }),
  );
  const round = withChanged(await ctx.store.listRecords('review', { draftId: draft.id, version: review.version }), decided).filter((r) => r.state !== 'reopened');
  const after = changes.update('draft', draft, { status: draftStatusFromReviews(round) }, 'drafts.update', (d) => ({ draft: d }));
  const work = await loadWork(ctx, opportunity.id);
  const updated = followWork(changes, opportunity, { drafts: withChanged(work.drafts, after), posts: work.posts }, {
    reason: `${review.role} ${SAID[decision]} version ${review.version} of the ${draft.channel} draft`,
  });
  await changes.commit(ctx.store);
  return { review: decided, draft: after, opportunity: updated };
}

/**
 * W-REV-8: the sweep that escalates. Every pending review past its due time, not escalated yet,
 * on an opportunity still open, is marked escalated (actor `system`); the role hears about it.
 * A review somebody decided at the same moment is left alone.
 */
export async function escalateOverdueReviews(ctx: WorkflowContext, now: Date): Promise<Review[]> {
  const overdue = (await ctx.store.listRecords('review', { state: 'pending', escalatedAt: null })).filter((r) => new Date(r.dueAt) <= now);
  const escalated: Review[] = [];
  for (const review of overdue) {
    const opportunity = await ctx.store.getRecord('opportunity', review.opportunityId);
    if (!opportunity || isFinal(opportunity.state)) continue;
    const changes = new ChangeSet('system', now);
    const reason = `due at ${timeOfDay(review.dueAt)}, still pending`;
    const after = changes.update('review', review, { escalatedAt: now.toISOString() }, 'reviews.escalate', (r) => ({ review: r, reason }));
    try {
      await changes.commit(ctx.store);
      escalated.push(after);
    } catch (error) {
      if (!(error instanceof RecordConflictError)) throw error;
    }
  }
  return escalated;
}
