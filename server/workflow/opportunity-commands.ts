import { DEFAULT_WINDOW_HOURS, type Opportunity, type Post, type Principal } from '../domain/index.js';
import { RecordConflictError } from '../store/store-errors.js';
import { ChangeSet } from './change-set.js';
import { parseCommandInput } from './command-input.js';
import { enforce } from './guard.js';
import { OPPORTUNITY_GUARDS } from './opportunity-guards.js';
import { assertTransition, isFinal } from './opportunity-machine.js';
import { authorize } from './policy.js';
import { checkExpectedRev, loadRecord } from './record-loading.js';
import { retryOnConflict } from './retry-on-conflict.js';
import { timeOfDay } from './time-words.js';
import type { WorkflowContext } from './workflow-context.js';
import { invalidField } from './workflow-errors.js';
import { assignInput, dismissInput, opportunityRef, pitchInput, type AssignInput, type DismissInput, type OpportunityRef, type PitchInput } from './workflow-inputs.js';

export const WINDOW_CLOSED = 'window closed';

export const withWatcher = (watcherIds: readonly string[], id: string) => (watcherIds.includes(id) ? [...watcherIds] : [...watcherIds, id]);

/** W-OPP-2: an editor pitches an opportunity by hand; it starts `new`, its window open from now. */
export async function pitchOpportunity(ctx: WorkflowContext, principal: Principal, input: PitchInput): Promise<Opportunity> {
  authorize(principal, 'opportunities.pitch');
  const { title, url, beatId, deadline, channels, riskFlags } = parseCommandInput(pitchInput, input);
  const now = ctx.clock();
  if (!(await ctx.store.getRecord('beat', beatId))) throw invalidField('beatId', `no beat ${beatId}; pick one from GET /api/beats, or create it first`);
  const unique = [...new Set(channels)];
  // Without a deadline, the window of its longest-lived channel: the opportunity lives while any channel still can react.
  const closes = deadline ? new Date(deadline) : new Date(now.getTime() + Math.max(...unique.map((c) => DEFAULT_WINDOW_HOURS[c])) * 3_600_000);
  if (closes <= now) throw invalidField('deadline', `${closes.toISOString()} has passed; give a deadline while the window is still open`);
  const at = now.toISOString();
  const changes = new ChangeSet(principal.id, now);
  const opportunity = changes.create(
    'opportunity',
    {
      id: ctx.newId('opp'),
      rev: 1,
      storyId: null,
      beatId,
      title,
      url: url ?? null,
      state: 'new',
      score: 0,
      reasons: [`pitched by ${principal.name}`],
      riskFlags: [...new Set(riskFlags ?? [])],
      channels: unique,
      windowOpensAt: at,
      deadline: closes.toISOString(),
      holderId: null,
      watcherIds: [principal.id],
      pitchedBy: principal.id,
      dismissReason: null,
      createdAt: at,
      updatedAt: at,
    },
    'opportunities.pitch',
    (after) => ({ opportunity: after }),
  );
  await changes.commit(ctx.store);
  return opportunity;
}

async function loadOpportunity(ctx: WorkflowContext, opportunityId: string, rev: number | undefined): Promise<Opportunity> {
  const opportunity = await loadRecord(ctx, 'opportunity', opportunityId);
  checkExpectedRev('opportunity', opportunity, rev);
  return opportunity;
}

/** W-OPP-3: an editor claims a new opportunity and holds it. Of two claims at once, one wins (W-CONC-1). */
export async function claimOpportunity(ctx: WorkflowContext, principal: Principal, input: OpportunityRef): Promise<Opportunity> {
  authorize(principal, 'opportunities.claim');
  const { opportunityId, rev } = parseCommandInput(opportunityRef, input);
  const opportunity = await loadOpportunity(ctx, opportunityId, rev);
  enforce(OPPORTUNITY_GUARDS.claim(principal, { opportunity }));
  assertTransition(opportunity, 'claimed');
  const changes = new ChangeSet(principal.id, ctx.clock());
  const patch = { state: 'claimed' as const, holderId: principal.id, watcherIds: withWatcher(opportunity.watcherIds, principal.id) };
  const claimed = changes.update('opportunity', opportunity, patch, 'opportunities.claim', (after) => ({ opportunity: after }));
  await changes.commit(ctx.store);
  return claimed;
}

/** W-OPP-4: an editor or admin hands an open opportunity to an enabled editor; a new one becomes claimed. */
export async function assignOpportunity(ctx: WorkflowContext, principal: Principal, input: AssignInput): Promise<Opportunity> {
  authorize(principal, 'opportunities.assign');
  const { opportunityId, memberId, rev } = parseCommandInput(assignInput, input);
  const opportunity = await loadOpportunity(ctx, opportunityId, rev);
  enforce(OPPORTUNITY_GUARDS.assign(principal, { opportunity }));
  const member = await ctx.store.getRecord('member', memberId);
  if (!member) throw invalidField('memberId', `no member ${memberId}; pick one from the team`);
  if (member.disabled) throw invalidField('memberId', `${member.name} is disabled; assign someone who is on the team`);
  if (!member.roles.includes('editor')) throw invalidField('memberId', `${member.name} is not an editor; only editors write drafts, so only they hold opportunities`);
  if (opportunity.holderId === memberId) return opportunity;
  if (opportunity.state === 'new') assertTransition(opportunity, 'claimed');
  const changes = new ChangeSet(principal.id, ctx.clock());
  const patch = {
    state: opportunity.state === 'new' ? ('claimed' as const) : opportunity.state,
    holderId: memberId,
    watcherIds: withWatcher(opportunity.watcherIds, memberId),
  };
  const assigned = changes.update('opportunity', opportunity, patch, 'opportunities.assign', (after) => ({ opportunity: after, reason: `assigned to ${member.name}` }));
  await changes.commit(ctx.store);
  return assigned;
}

/** W-OPP-5: an editor or admin dismisses an open opportunity, with a reason; a scheduled one needs its posts cancelled first. */
export async function dismissOpportunity(ctx: WorkflowContext, principal: Principal, input: DismissInput): Promise<Opportunity> {
  authorize(principal, 'opportunities.dismiss');
  const { opportunityId, reason, rev } = parseCommandInput(dismissInput, input);
  const opportunity = await loadOpportunity(ctx, opportunityId, rev);
  enforce(OPPORTUNITY_GUARDS.dismiss(principal, { opportunity }));
  assertTransition(opportunity, 'dismissed');
  const changes = new ChangeSet(principal.id, ctx.clock());
  const dismissed = changes.update('opportunity', opportunity, { state: 'dismissed', dismissReason: reason }, 'opportunities.dismiss', (after) => ({ opportunity: after, reason }));
  await changes.commit(ctx.store);
  return dismissed;
}

/** W-CMT-3: any member watches an opportunity; watching twice changes nothing. */
export async function watchOpportunity(ctx: WorkflowContext, principal: Principal, input: OpportunityRef): Promise<Opportunity> {
  return setWatching(ctx, principal, input, true);
}

export async function unwatchOpportunity(ctx: WorkflowContext, principal: Principal, input: OpportunityRef): Promise<Opportunity> {
  return setWatching(ctx, principal, input, false);
}

async function setWatching(ctx: WorkflowContext, principal: Principal, input: OpportunityRef, watch: boolean): Promise<Opportunity> {
  authorize(principal, 'opportunities.watch');
  const { opportunityId, rev } = parseCommandInput(opportunityRef, input);
  // Watching does not depend on the opportunity's state: unless the caller pinned a rev, a race is retried.
  return retryOnConflict(rev === undefined ? null : { kind: 'opportunity', id: opportunityId }, () => toggleWatch(ctx, principal, opportunityId, rev, watch));
}

async function toggleWatch(ctx: WorkflowContext, principal: Principal, opportunityId: string, rev: number | undefined, watch: boolean): Promise<Opportunity> {
  const opportunity = await loadOpportunity(ctx, opportunityId, rev);
  if (opportunity.watcherIds.includes(principal.id) === watch) return opportunity;
  const watcherIds = watch ? withWatcher(opportunity.watcherIds, principal.id) : opportunity.watcherIds.filter((id) => id !== principal.id);
  const changes = new ChangeSet(principal.id, ctx.clock());
  const reason = watch ? 'watch' : 'unwatch';
  const after = changes.update('opportunity', opportunity, { watcherIds }, 'opportunities.watch', (o) => ({ opportunity: o, reason }));
  await changes.commit(ctx.store);
  return after;
}

export interface Expiry {
  opportunity: Opportunity;
  /** Its scheduled posts, now held: they would go out after the window. */
  held: Post[];
}

/**
 * W-OPP-6: the sweep that closes windows. Every open opportunity whose deadline has passed
 * expires (actor `system`) and its scheduled posts are held, except those a social manager
 * already chose to send late (an override). An opportunity somebody changed at the same moment
 * is left for the next sweep.
 */
export async function expireOpportunities(ctx: WorkflowContext, now: Date): Promise<Expiry[]> {
  const due = (await ctx.store.listRecords('opportunity')).filter((o) => !isFinal(o.state) && new Date(o.deadline) <= now);
  const expired: Expiry[] = [];
  for (const opportunity of due) {
    try {
      expired.push(await expire(ctx, opportunity, now));
    } catch (error) {
      if (!(error instanceof RecordConflictError)) throw error;
    }
  }
  return expired;
}

async function expire(ctx: WorkflowContext, opportunity: Opportunity, now: Date): Promise<Expiry> {
  const scheduled = await ctx.store.listRecords('post', { opportunityId: opportunity.id, state: 'scheduled' });
  const changes = new ChangeSet('system', now);
  const reason = `the window closed at ${timeOfDay(opportunity.deadline)}`;
  const expired = changes.update('opportunity', opportunity, { state: 'expired' }, 'opportunities.expire', (after) => ({ opportunity: after, reason }));
  const held = scheduled
    .filter((post) => post.overrideReason === null)
    .map((post) => changes.update('post', post, { state: 'held', holdReason: WINDOW_CLOSED }, 'posts.hold', (after) => ({ post: after, reason: WINDOW_CLOSED })));
  await changes.commit(ctx.store);
  return { opportunity: expired, held };
}
