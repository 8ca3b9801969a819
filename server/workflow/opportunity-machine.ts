import { FINAL_OPPORTUNITY_STATES, type Draft, type Opportunity, type OpportunityState, type Post, type PostState } from '../domain/index.js';
import { WorkflowError } from './workflow-errors.js';

/**
 * Rule W-OPP-1: the only moves an opportunity makes. Claiming and assigning leave `new`; the
 * first draft leaves `claimed`; from then on the state follows the drafts and posts (W-OPP-7).
 * `scheduled` cannot be dismissed: its posts must be cancelled first (W-OPP-5).
 */
export const OPPORTUNITY_TRANSITIONS: Readonly<Record<OpportunityState, readonly OpportunityState[]>> = {
  new: ['claimed', 'dismissed', 'expired'],
  claimed: ['drafting', 'dismissed', 'expired'],
  drafting: ['in_review', 'dismissed', 'expired'],
  in_review: ['drafting', 'approved', 'scheduled', 'dismissed', 'expired'],
  approved: ['in_review', 'scheduled', 'dismissed', 'expired'],
  // drafting: a post that was being sent (or waited for a person) failed after its draft went back for changes.
  scheduled: ['drafting', 'approved', 'in_review', 'published', 'expired'],
  published: [],
  dismissed: [],
  expired: [],
};

export function isFinal(state: OpportunityState): boolean {
  return FINAL_OPPORTUNITY_STATES.includes(state);
}

export function canMove(from: OpportunityState, to: OpportunityState): boolean {
  return OPPORTUNITY_TRANSITIONS[from].includes(to);
}

/**
 * The 409 for a record that is not in a state that allows the command. The record travels with
 * it, as it is now, so the board can redraw without asking again.
 */
export function invalidState(message: string, state: string, record: unknown): WorkflowError {
  return new WorkflowError('invalid_state', message, { state, record });
}

/** Throws the 409 when the machine does not allow the move; `nextStep` tells the member what to do instead. */
export function assertTransition(opportunity: Opportunity, to: OpportunityState, nextStep?: string): void {
  if (canMove(opportunity.state, to)) return;
  const why = isFinal(opportunity.state)
    ? `the opportunity is ${opportunity.state}${opportunity.dismissReason ? ` (${opportunity.dismissReason})` : ''}; nothing more can happen to it`
    : `the opportunity is ${opportunity.state.replace('_', ' ')}, so it cannot become ${to.replace('_', ' ')}`;
  throw invalidState(nextStep ? `${why}: ${nextStep}` : why, opportunity.state, opportunity);
}

/**
 * Posts still on their way out: due, being sent, waiting for a person to post them by hand, or
 * cut off mid-send and waiting for a person to say whether they arrived (W-PUB-*).
 */
export const LIVE_POST_STATES: readonly PostState[] = ['scheduled', 'publishing', 'awaiting_manual', 'needs_confirmation'];

export function isLivePost(post: Pick<Post, 'state'>): boolean {
  return LIVE_POST_STATES.includes(post.state);
}

/**
 * Rule W-OPP-7: the state an open opportunity's work puts it in. A post on its way out outranks
 * a draft under review (something is about to go out; the review inbox still shows the other
 * draft), a draft under review outranks an approved one. Once a post went out and none is on
 * its way any more, the opportunity is published (W-PUB-11).
 */
export function stateFollowingWork(opportunity: Opportunity, drafts: readonly Draft[], posts: readonly Post[]): OpportunityState {
  if (isFinal(opportunity.state)) return opportunity.state;
  if (posts.some(isLivePost)) return 'scheduled';
  if (posts.some((post) => post.state === 'published')) return 'published';
  if (drafts.some((draft) => draft.status === 'in_review')) return 'in_review';
  if (drafts.some((draft) => draft.status === 'approved')) return 'approved';
  if (drafts.length > 0) return 'drafting';
  return opportunity.holderId ? 'claimed' : 'new';
}
