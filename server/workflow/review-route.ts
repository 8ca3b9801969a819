import type { Beat, Opportunity, Review, ReviewRole } from '../domain/index.js';

/** A review never gets less than this, however close the deadline (unless the window closes first). */
export const MIN_REVIEW_MS = 10 * 60_000;
/** The share of the time left in the window that the reviewers get; the rest is for scheduling and slack. */
export const REVIEW_SHARE_OF_WINDOW = 0.4;

/**
 * Rule W-REV-1: who must approve. Comms always; legal when the beat asks for it or the
 * opportunity carries risk flags. A beat that cannot be found asks for legal: when in doubt, ask.
 */
export function requiredReviewRoles(beat: Pick<Beat, 'requiresLegal'> | null, opportunity: Pick<Opportunity, 'riskFlags'>): ReviewRole[] {
  const legal = beat === null || beat.requiresLegal || opportunity.riskFlags.length > 0;
  return legal ? ['legal', 'comms'] : ['comms'];
}

/**
 * Rule W-REV-2: when a review is due, from the window.
 * dueAt = now + min(left, max(10 min, 40% × left)), where left = deadline − now;
 * when the window has already closed, the review is due at once.
 */
export function reviewDueAt(now: Date, deadline: Date): Date {
  const left = deadline.getTime() - now.getTime();
  if (left <= 0) return new Date(now);
  return new Date(now.getTime() + Math.min(left, Math.max(MIN_REVIEW_MS, REVIEW_SHARE_OF_WINDOW * left)));
}

/**
 * Rule W-REV-7: what the reviews of one submitted version make of the draft. Any rejection
 * rejects it, any request for changes sends it back, and only every review approving approves it.
 */
export function draftStatusFromReviews(reviews: readonly Pick<Review, 'state'>[]): 'in_review' | 'approved' | 'changes_requested' | 'rejected' {
  if (reviews.some((r) => r.state === 'rejected')) return 'rejected';
  if (reviews.some((r) => r.state === 'changes_requested')) return 'changes_requested';
  if (reviews.length > 0 && reviews.every((r) => r.state === 'approved')) return 'approved';
  return 'in_review';
}
