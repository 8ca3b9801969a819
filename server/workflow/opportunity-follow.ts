import type { Draft, Opportunity, Post } from '../domain/index.js';
import type { ChangeSet } from './change-set.js';
import { assertTransition, stateFollowingWork } from './opportunity-machine.js';
import type { WorkflowContext } from './workflow-context.js';

/** The drafts and posts of one opportunity, as stored. */
export interface OpportunityWork {
  drafts: Draft[];
  posts: Post[];
}

export async function loadWork(ctx: WorkflowContext, opportunityId: string): Promise<OpportunityWork> {
  const [drafts, posts] = await Promise.all([ctx.store.listRecords('draft', { opportunityId }), ctx.store.listRecords('post', { opportunityId })]);
  return { drafts, posts };
}

/** The list with `changed` records put in place of the stored ones (or added), by id. */
export function withChanged<T extends { id: string }>(stored: readonly T[], ...changed: readonly T[]): T[] {
  const ids = new Set(changed.map((r) => r.id));
  return [...stored.filter((r) => !ids.has(r.id)), ...changed];
}

/**
 * Writes the opportunity with its state following its work (W-OPP-7). It is written on every
 * command that changes its drafts' status or its posts, even when its state stays, so its rev
 * orders those commands (W-CONC-3): two members acting at once cannot both compute the state
 * from drafts or posts the other is changing. `next` carries any other change the command makes
 * (holder, watchers, channels). A closed opportunity keeps its state (W-OPP-1).
 */
export function followWork(
  changes: ChangeSet,
  before: Opportunity,
  work: OpportunityWork,
  options: { next?: Opportunity; action?: 'opportunities.update' | 'opportunities.claim'; reason: string },
): Opportunity {
  const next = options.next ?? before;
  const state = stateFollowingWork(next, work.drafts, work.posts);
  if (state !== next.state) assertTransition(next, state);
  return changes.update('opportunity', before, { ...next, state }, options.action ?? 'opportunities.update', (opportunity) => ({ opportunity, reason: options.reason }));
}
