import type { Draft, Opportunity, Post, Principal, PublishingAccount, Review } from '../domain/index.js';
import { DRAFT_GUARDS, REVIEW_GUARDS, type DraftVerb, type ReviewVerb } from './draft-guards.js';
import { allowedBy } from './guard.js';
import { OPPORTUNITY_GUARDS, type OpportunityVerb } from './opportunity-guards.js';
import { can } from './policy.js';
import { POST_GUARDS, type PostVerb } from './post-guards.js';

/*
 * The verbs a principal may use on each record right now (rule W-ROLE-2): the board shows a
 * button exactly when its verb is listed. Built from the same guards the commands enforce.
 */

export function opportunityActions(principal: Principal, opportunity: Opportunity): OpportunityVerb[] {
  return allowedBy(OPPORTUNITY_GUARDS, principal, { opportunity });
}

export function draftActions(principal: Principal, draft: Draft, opportunity: Opportunity): DraftVerb[] {
  return allowedBy(DRAFT_GUARDS, principal, { draft, opportunity });
}

export function reviewActions(principal: Principal, review: Review, draft: Draft, opportunity: Opportunity): ReviewVerb[] {
  return allowedBy(REVIEW_GUARDS, principal, { review, draft, opportunity });
}

export function postActions(principal: Principal, post: Post, draft: Draft, opportunity: Opportunity): PostVerb[] {
  return allowedBy(POST_GUARDS, principal, { post, draft, opportunity });
}

export function beatActions(principal: Principal): Array<'update'> {
  return can(principal, 'beats.manage') ? ['update'] : [];
}

/** Rename or re-enter credentials, and whichever of disable/enable changes something. */
export function accountActions(principal: Principal, account: PublishingAccount): Array<'update' | 'disable' | 'enable'> {
  return can(principal, 'accounts.manage') ? ['update', account.disabled ? 'enable' : 'disable'] : [];
}
