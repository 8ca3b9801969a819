import type { Opportunity } from '../domain/index.js';
import { denied, type Guard } from './guard.js';
import { invalidState, isFinal } from './opportunity-machine.js';
import type { WorkflowError } from './workflow-errors.js';

export interface OpportunityScene {
  opportunity: Opportunity;
}

/** The 409 for work on an opportunity that is over (published, dismissed or expired). */
export function closedOpportunity(opportunity: Opportunity, doing: string): WorkflowError | null {
  if (!isFinal(opportunity.state)) return null;
  const why = opportunity.state === 'dismissed' && opportunity.dismissReason ? ` (${opportunity.dismissReason})` : '';
  return invalidState(`the opportunity is ${opportunity.state}${why}, so it cannot be ${doing} any more`, opportunity.state, opportunity);
}

function claimable(opportunity: Opportunity): WorkflowError | null {
  if (opportunity.state === 'new') return null;
  const closed = closedOpportunity(opportunity, 'claimed');
  if (closed) return closed;
  const holder = opportunity.holderId ? `${opportunity.holderId} already holds it` : `it is already ${opportunity.state.replace('_', ' ')}`;
  return invalidState(`${holder}; ask them, or an editor can assign it to you`, opportunity.state, opportunity);
}

/** Rules W-OPP-2 to W-OPP-6 and W-ROLE-1, per verb the board can show on an opportunity. */
export const OPPORTUNITY_GUARDS = {
  claim: (principal, { opportunity }) => denied(principal, 'opportunities.claim') ?? claimable(opportunity),
  assign: (principal, { opportunity }) => denied(principal, 'opportunities.assign') ?? closedOpportunity(opportunity, 'assigned'),
  dismiss: (principal, { opportunity }) =>
    denied(principal, 'opportunities.dismiss') ??
    closedOpportunity(opportunity, 'dismissed') ??
    (opportunity.state === 'scheduled'
      ? invalidState('it has a scheduled post: a social manager must cancel its posts first, then dismiss it', opportunity.state, opportunity)
      : null),
  watch: (principal, { opportunity }) =>
    denied(principal, 'opportunities.watch') ?? (opportunity.watcherIds.includes(principal.id) ? invalidState('you already watch it', opportunity.state, opportunity) : null),
  unwatch: (principal, { opportunity }) =>
    denied(principal, 'opportunities.watch') ?? (opportunity.watcherIds.includes(principal.id) ? null : invalidState('you do not watch it', opportunity.state, opportunity)),
  draft: (principal, { opportunity }) => denied(principal, 'drafts.write') ?? closedOpportunity(opportunity, 'drafted'),
  comment: (principal) => denied(principal, 'comments.create'),
} satisfies Record<string, Guard<OpportunityScene>>;

export type OpportunityVerb = keyof typeof OPPORTUNITY_GUARDS;
