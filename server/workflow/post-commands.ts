import type { z } from 'zod';
import type { Draft, Opportunity, Post, Principal } from '../domain/index.js';
import { ChangeSet } from './change-set.js';
import { parseCommandInput } from './command-input.js';
import { DRAFT_GUARDS } from './draft-guards.js';
import { enforce } from './guard.js';
import { followWork, loadWork, withChanged } from './opportunity-follow.js';
import { invalidState, isLivePost } from './opportunity-machine.js';
import { authorize } from './policy.js';
import { chooseAccount } from './post-account.js';
import { POST_GUARDS, type PostScene } from './post-guards.js';
import { checkExpectedRev, loadRecord } from './record-loading.js';
import { retryOnConflict } from './retry-on-conflict.js';
import { timeOfDay } from './time-words.js';
import type { WorkflowContext } from './workflow-context.js';
import { invalidField } from './workflow-errors.js';
import {
  cancelPostInput,
  overridePostInput,
  schedulePostInput,
  type CancelPostInput,
  type OverridePostInput,
  type SchedulePostInput,
} from './workflow-inputs.js';

export interface PostResult {
  post: Post;
  opportunity: Opportunity;
  /** Held posts of the same draft that the new schedule replaced. */
  replaced: Post[];
}

/** A time a little in the past (a slow click) means now; more than this is a mistake. */
const PAST_TOLERANCE_MS = 60_000;

/**
 * W-POST-1, W-POST-2, W-POST-6: a social manager schedules the approved version of a draft on its
 * channel, for a time inside the window or now. After the window only with an override reason
 * (W-POST-5). A held post of the same draft is replaced; a live one must be cancelled first. It
 * goes out through the account chosen by W-PUB-1, or by hand.
 */
export async function schedulePost(ctx: WorkflowContext, principal: Principal, input: SchedulePostInput): Promise<PostResult> {
  authorize(principal, 'posts.schedule');
  const parsed = parseCommandInput(schedulePostInput, input);
  return retryOnConflict(null, () => schedule(ctx, principal, parsed));
}

async function schedule(ctx: WorkflowContext, principal: Principal, { draftId, scheduledFor, overrideReason, accountId }: z.output<typeof schedulePostInput>): Promise<PostResult> {
  const draft = await loadRecord(ctx, 'draft', draftId);
  const opportunity = await loadRecord(ctx, 'opportunity', draft.opportunityId);
  enforce(DRAFT_GUARDS.schedule(principal, { draft, opportunity }));
  const now = ctx.clock();
  const when = scheduledFor === 'now' ? now : new Date(scheduledFor);
  if (when.getTime() < now.getTime() - PAST_TOLERANCE_MS) throw invalidField('scheduledFor', `${when.toISOString()} has passed; pick a later time, or "now"`);
  const sendAt = when < now ? now : when;
  assertInsideWindow(opportunity, sendAt, now, overrideReason);
  const account = await chooseAccount(ctx, draft.channel, accountId);
  const work = await loadWork(ctx, opportunity.id);
  const ofDraft = work.posts.filter((p) => p.draftId === draft.id);
  const live = ofDraft.find(isLivePost);
  if (live) throw invalidState(`this draft is already scheduled for ${timeOfDay(live.scheduledFor)}; cancel that post first to change it`, live.state, live);
  const changes = new ChangeSet(principal.id, now);
  const post = changes.create('post', newPost(ctx, principal, draft, { sendAt, overrideReason: overrideReason ?? null, accountId: account?.id ?? null }, now), 'posts.schedule', (after) => ({
    post: after,
    ...(overrideReason ? { reason: overrideReason } : {}),
  }));
  const replaced = ofDraft
    .filter((p) => p.state === 'held')
    .map((p) => changes.update('post', p, { state: 'cancelled' }, 'posts.cancel', (after) => ({ post: after, reason: `replaced by post ${post.id}` })));
  const updated = followWork(changes, opportunity, { drafts: work.drafts, posts: withChanged(work.posts, post, ...replaced) }, {
    reason: `the ${draft.channel} post is scheduled for ${timeOfDay(sendAt)}`,
  });
  await changes.commit(ctx.store);
  return { post, opportunity: updated, replaced };
}

/** W-POST-2: a post goes out inside the window; after it, only when a social manager says why. */
function assertInsideWindow(opportunity: Opportunity, sendAt: Date, now: Date, overrideReason: string | undefined): void {
  if (overrideReason) return;
  const deadline = new Date(opportunity.deadline);
  if (opportunity.state !== 'expired' && sendAt <= deadline) return;
  const closed = opportunity.state === 'expired' || deadline <= now;
  const message = closed
    ? `the window closed at ${timeOfDay(deadline)}; a social manager can still send it late by scheduling with an overrideReason`
    : `the window closes at ${timeOfDay(deadline)}, before ${timeOfDay(sendAt)}; schedule it earlier, or give an overrideReason to send it late`;
  throw invalidState(message, opportunity.state, opportunity);
}

interface NewPostChoices {
  sendAt: Date;
  overrideReason: string | null;
  accountId: string | null;
}

function newPost(ctx: WorkflowContext, principal: Principal, draft: Draft, { sendAt, overrideReason, accountId }: NewPostChoices, now: Date): Post {
  const version = draft.submittedVersion!;
  const { contentHash } = draft.versions.find((v) => v.version === version)!;
  const at = now.toISOString();
  return {
    id: ctx.newId('pst'),
    rev: 1,
    draftId: draft.id,
    opportunityId: draft.opportunityId,
    version,
    contentHash,
    channel: draft.channel,
    state: 'scheduled',
    scheduledFor: sendAt.toISOString(),
    scheduledBy: principal.id,
    holdReason: null,
    overrideReason,
    publishedAt: null,
    platformId: null,
    accountId,
    // One key for the post's life: every attempt, and any retry after a crash, sends the same.
    idempotencyKey: ctx.newId('idem'),
    attempts: [],
    nextAttemptAt: null,
    failureReason: null,
    url: null,
    engagement: [],
    nextEngagementAt: null,
    createdAt: at,
    updatedAt: at,
  };
}

/** A post with its draft and opportunity, refusing a stale `rev`: what every command on a post decides on. */
export async function loadPost(ctx: WorkflowContext, postId: string, rev: number | undefined): Promise<PostScene> {
  const post = await loadRecord(ctx, 'post', postId);
  checkExpectedRev('post', post, rev);
  const [draft, opportunity] = await Promise.all([loadRecord(ctx, 'draft', post.draftId), loadRecord(ctx, 'opportunity', post.opportunityId)]);
  return { post, draft, opportunity };
}

/** W-POST-3: a social manager cancels a scheduled or held post; with none left scheduled the opportunity is approved again. */
export async function cancelPost(ctx: WorkflowContext, principal: Principal, input: CancelPostInput): Promise<PostResult> {
  authorize(principal, 'posts.cancel');
  const parsed = parseCommandInput(cancelPostInput, input);
  return retryOnConflict({ kind: 'post', id: parsed.postId }, () => cancel(ctx, principal, parsed));
}

async function cancel(ctx: WorkflowContext, principal: Principal, { postId, rev, reason }: z.output<typeof cancelPostInput>): Promise<PostResult> {
  const scene = await loadPost(ctx, postId, rev);
  enforce(POST_GUARDS.cancel(principal, scene));
  const changes = new ChangeSet(principal.id, ctx.clock());
  const post = changes.update('post', scene.post, { state: 'cancelled' }, 'posts.cancel', (after) => ({ post: after, ...(reason ? { reason } : {}) }));
  const work = await loadWork(ctx, scene.opportunity.id);
  const updated = followWork(changes, scene.opportunity, { drafts: work.drafts, posts: withChanged(work.posts, post) }, { reason: `the ${post.channel} post was cancelled` });
  await changes.commit(ctx.store);
  return { post, opportunity: updated, replaced: [] };
}

/**
 * W-POST-4: a social manager sends a held post anyway, saying why: it is scheduled again (for
 * now, when its time has passed) and no sweep holds it again. The words must still be approved.
 * An expired opportunity stays expired: the reaction counts as late.
 */
export async function overridePost(ctx: WorkflowContext, principal: Principal, input: OverridePostInput): Promise<PostResult> {
  authorize(principal, 'posts.override');
  const parsed = parseCommandInput(overridePostInput, input);
  return retryOnConflict({ kind: 'post', id: parsed.postId }, () => override(ctx, principal, parsed));
}

async function override(ctx: WorkflowContext, principal: Principal, { postId, rev, reason }: z.output<typeof overridePostInput>): Promise<PostResult> {
  const scene = await loadPost(ctx, postId, rev);
  enforce(POST_GUARDS.override(principal, scene));
  const changes = new ChangeSet(principal.id, ctx.clock());
  const sendAt = new Date(scene.post.scheduledFor) < changes.at ? changes.at.toISOString() : scene.post.scheduledFor;
  const post = changes.update('post', scene.post, { state: 'scheduled', scheduledFor: sendAt, holdReason: null, overrideReason: reason }, 'posts.override', (after) => ({
    post: after,
    reason,
  }));
  const work = await loadWork(ctx, scene.opportunity.id);
  const updated = followWork(changes, scene.opportunity, { drafts: work.drafts, posts: withChanged(work.posts, post) }, {
    reason: `the held ${post.channel} post was overridden: ${reason}`,
  });
  await changes.commit(ctx.store);
  return { post, opportunity: updated, replaced: [] };
}
