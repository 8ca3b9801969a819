import type { Draft, Opportunity, Post, Review } from '../domain/index.js';
import type { ChangeSet } from './change-set.js';
import { requiredReviewRoles, reviewDueAt } from './review-route.js';
import type { WorkflowContext } from './workflow-context.js';

export const REVIEW_REOPENED = 'review reopened';

export interface ReviewRound {
  /** The draft in review on the version, not yet written: the caller writes it with its own event. */
  draft: Draft;
  opened: Review[];
  reopened: Review[];
  held: Post[];
}

/**
 * Puts one version of a draft in review (W-REV-1, W-REV-2, W-REV-6): every earlier review of
 * the draft is reopened, since it approved other words; one pending review per required role
 * opens on the version, side by side; a scheduled post of the draft is held, since the words it
 * would send are no longer the approved ones.
 */
export async function openReviewRound(ctx: WorkflowContext, changes: ChangeSet, draft: Draft, version: number, opportunity: Opportunity): Promise<ReviewRound> {
  const at = changes.at.toISOString();
  const [earlier, posts, beat] = await Promise.all([
    ctx.store.listRecords('review', { draftId: draft.id }),
    ctx.store.listRecords('post', { draftId: draft.id, state: 'scheduled' }),
    ctx.store.getRecord('beat', opportunity.beatId),
  ]);
  const reason = draft.submittedVersion === null ? `version ${version} submitted` : `version ${version} replaced version ${draft.submittedVersion}`;
  const reopened = earlier
    .filter((review) => review.state !== 'reopened')
    .map((review) => changes.update('review', review, { state: 'reopened' }, 'reviews.reopen', (after) => ({ review: after, reason })));
  const { contentHash } = draft.versions.find((v) => v.version === version)!;
  const dueAt = reviewDueAt(changes.at, new Date(opportunity.deadline)).toISOString();
  const opened = requiredReviewRoles(beat, opportunity).map((role) =>
    changes.create(
      'review',
      {
        id: ctx.newId('rvw'),
        rev: 1,
        draftId: draft.id,
        opportunityId: draft.opportunityId,
        version,
        contentHash,
        role,
        state: 'pending',
        reviewerId: null,
        comment: null,
        dueAt,
        escalatedAt: null,
        createdAt: at,
        decidedAt: null,
      },
      'reviews.open',
      (review) => ({ review, reason }),
    ),
  );
  const held = posts.map((post) => changes.update('post', post, { state: 'held', holdReason: REVIEW_REOPENED }, 'posts.hold', (after) => ({ post: after, reason: REVIEW_REOPENED })));
  return { draft: { ...draft, status: 'in_review', submittedVersion: version }, opened, reopened, held };
}
