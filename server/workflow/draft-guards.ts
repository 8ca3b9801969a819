import type { Draft, Opportunity, Review } from '../domain/index.js';
import { denied, type Guard } from './guard.js';
import { closedOpportunity } from './opportunity-guards.js';
import { invalidState } from './opportunity-machine.js';
import type { WorkflowError } from './workflow-errors.js';

export interface DraftScene {
  draft: Draft;
  opportunity: Opportunity;
  /** For submit: the version to submit; the latest when absent. */
  version?: number | undefined;
}

export function latestVersion(draft: Draft): number {
  return draft.versions.at(-1)!.version;
}

/** Every member who wrote a version of the draft: none of them may review it (W-REV-5). */
export function draftAuthorIds(draft: Draft): string[] {
  return [...new Set(draft.versions.map((v) => v.authorId))];
}

function submittable({ draft, version }: DraftScene): WorkflowError | null {
  const wanted = version ?? latestVersion(draft);
  if (draft.status === 'editing' || wanted !== draft.submittedVersion) return null;
  const next: Record<Exclude<Draft['status'], 'editing'>, string> = {
    in_review: `version ${wanted} is already in review`,
    approved: `version ${wanted} is already approved; a social manager can schedule it`,
    changes_requested: `reviewers asked for changes on version ${wanted}: add a version with the changes, and it goes back to review by itself`,
    rejected: `version ${wanted} was rejected: add a new version, and it goes back to review by itself`,
  };
  return invalidState(next[draft.status], draft.status, draft);
}

function schedulable({ draft, opportunity }: DraftScene): WorkflowError | null {
  if (opportunity.state === 'dismissed' || opportunity.state === 'published') return closedOpportunity(opportunity, 'scheduled');
  if (draft.status !== 'approved') {
    return invalidState(`the draft is ${draft.status.replace('_', ' ')}; it can be scheduled once every review approves it`, draft.status, draft);
  }
  return null;
}

/** Rules W-DRAFT-*, W-POST-1 and W-ROLE-1, per verb the board can show on a draft. */
export const DRAFT_GUARDS = {
  revise: (principal, { opportunity }) => denied(principal, 'drafts.write') ?? closedOpportunity(opportunity, 'revised'),
  submit: (principal, scene) => denied(principal, 'drafts.submit') ?? closedOpportunity(scene.opportunity, 'submitted') ?? submittable(scene),
  schedule: (principal, scene) => denied(principal, 'posts.schedule') ?? schedulable(scene),
  comment: (principal) => denied(principal, 'comments.create'),
} satisfies Record<string, Guard<DraftScene>>;

export type DraftVerb = keyof typeof DRAFT_GUARDS;

export interface ReviewScene {
  review: Review;
  draft: Draft;
  opportunity: Opportunity;
}

function decidable({ review, draft, opportunity }: ReviewScene): WorkflowError | null {
  if (review.state === 'reopened') {
    return invalidState(`this review is closed: version ${draft.submittedVersion ?? review.version} replaced version ${review.version}; decide the review of the new version`, review.state, review);
  }
  if (review.state !== 'pending') return invalidState(`this review was already decided (${review.state.replace('_', ' ')}) by ${review.reviewerId ?? 'someone'}`, review.state, review);
  return closedOpportunity(opportunity, 'reviewed');
}

/** Rules W-REV-3 to W-REV-5, per verb the board can show on a review. */
export const REVIEW_GUARDS = {
  decide: (principal, scene) => denied(principal, 'reviews.decide', { review: scene.review, draftAuthorIds: draftAuthorIds(scene.draft) }) ?? decidable(scene),
} satisfies Record<string, Guard<ReviewScene>>;

export type ReviewVerb = keyof typeof REVIEW_GUARDS;
