import type { Post, PostAttempt } from '../domain/index.js';
import { ChangeSet } from './change-set.js';
import { followWork, loadWork, withChanged } from './opportunity-follow.js';
import { isLivePost } from './opportunity-machine.js';
import { gaveUpReason, MAX_ATTEMPTS, windowOpenAt } from './post-window.js';
import { loadRecord } from './record-loading.js';
import { retryOnConflict } from './retry-on-conflict.js';
import { REVIEW_REOPENED } from './review-round.js';
import { timeOfDay } from './time-words.js';
import type { WorkflowContext } from './workflow-context.js';

/*
 * The scheduler's side of a post's life (rules W-PUB-*), each one commit by `system`. Claiming and
 * a retry keep the post on its way out, so the opportunity's state cannot change and it is not
 * written: the post's own rev orders them against a cancel or a hold. Every step that takes the
 * post off its way out writes the opportunity too (W-OPP-7, W-CONC-3).
 */

const SYSTEM = 'system';

/** A post claimed for one attempt, and that attempt. */
export interface Claim {
  post: Post;
  attempt: PostAttempt;
}

/** How an attempt ended when nothing was published. */
export type AttemptFailure =
  /** A refusal (4xx) or a problem on our side (account, credentials): trying again will not help. */
  | { kind: 'rejected'; message: string }
  /** 5xx, 429 or no answer: try again at `retryAt`, with the same idempotency key. */
  | { kind: 'retry'; message: string; retryAt: Date }
  /** It may have arrived and a resend could post it twice: a person checks (W-PUB-6). */
  | { kind: 'unsure'; message: string };

type SettleAction = 'posts.publish' | 'posts.fail' | 'posts.miss' | 'posts.claim' | 'posts.hold';

/**
 * W-PUB-4: claims a due post for one attempt: `publishing`, with a new `pending` attempt. The commit
 * is checked against the rev the scheduler read, so of two schedulers that read the post only one
 * claims it; the other gets RecordConflictError and leaves it alone. Only the claimant sends.
 */
export async function claimPost(ctx: WorkflowContext, post: Post): Promise<Claim> {
  const changes = new ChangeSet(SYSTEM, ctx.clock());
  const attempt = newAttempt(ctx, changes.at);
  const attempts = [...post.attempts, attempt];
  const claimed = changes.update('post', post, { state: 'publishing', attempts, nextAttemptAt: null }, 'posts.claim', (after) => ({ post: after, reason: `attempt ${attempts.length}` }));
  await changes.commit(ctx.store);
  return { post: claimed, attempt };
}

/**
 * W-PUB-6: a post found `publishing` when the scheduler starts was cut off between its claim and
 * the platform's answer. Where a resend with the same idempotency key cannot publish twice, the
 * cut-off attempt is marked `unknown` and a new one claimed in the same commit.
 */
export async function resumeClaim(ctx: WorkflowContext, post: Post): Promise<Claim> {
  const changes = new ChangeSet(SYSTEM, ctx.clock());
  const attempt = newAttempt(ctx, changes.at);
  const attempts = [...cutOff(post.attempts, changes.at), attempt];
  const reason = 'Tidewatch stopped before the platform answered; sending again with the same idempotency key';
  const claimed = changes.update('post', post, { state: 'publishing', attempts }, 'posts.claim', (after) => ({ post: after, reason }));
  await changes.commit(ctx.store);
  return { post: claimed, attempt };
}

/** W-PUB-4: the platform took it: published, with where it can be seen. */
export function settlePublished(ctx: WorkflowContext, { post, attempt }: Claim, result: { platformId: string; url: string | null }): Promise<Post> {
  const at = ctx.clock().toISOString();
  const attempts = finish(post.attempts, attempt.id, { outcome: 'published', finishedAt: at, message: null });
  const patch = { state: 'published', platformId: result.platformId, url: result.url, publishedAt: at, attempts, failureReason: null, nextAttemptAt: null } as const;
  return settle(ctx, post, patch, 'posts.publish', result.url ? `published: ${result.url}` : 'published');
}

/**
 * W-PUB-5, W-PUB-6: an attempt that published nothing. A refusal fails the post with the
 * platform's words. A retryable failure schedules the post again at `retryAt` while that is inside
 * the window (and under MAX_ATTEMPTS); otherwise it fails, saying after how many attempts. An
 * unsure one waits for a person to confirm.
 */
export async function settleFailure(ctx: WorkflowContext, { post, attempt }: Claim, failure: AttemptFailure): Promise<Post> {
  const at = ctx.clock().toISOString();
  const outcome = failure.kind === 'rejected' ? 'rejected' : failure.kind === 'retry' ? 'retry' : 'unknown';
  const attempts = finish(post.attempts, attempt.id, { outcome, finishedAt: at, message: failure.message });
  if (failure.kind === 'unsure') {
    return settle(ctx, post, { state: 'needs_confirmation', attempts, failureReason: failure.message, nextAttemptAt: null }, 'posts.fail', failure.message);
  }
  if (failure.kind === 'retry') {
    const opportunity = await loadRecord(ctx, 'opportunity', post.opportunityId);
    if (attempts.length < MAX_ATTEMPTS && windowOpenAt(post, opportunity, failure.retryAt)) {
      const retryAt = failure.retryAt.toISOString();
      const reason = `attempt ${attempts.length} failed: ${failure.message}; trying again at ${timeOfDay(retryAt)}`;
      return settle(ctx, post, { state: 'scheduled', attempts, nextAttemptAt: retryAt, failureReason: null }, 'posts.fail', reason);
    }
    const reason = gaveUpReason(post, attempts.length, failure.message);
    return settle(ctx, post, { state: 'failed', attempts, failureReason: reason, nextAttemptAt: null }, 'posts.fail', reason);
  }
  return settle(ctx, post, { state: 'failed', attempts, failureReason: failure.message, nextAttemptAt: null }, 'posts.fail', failure.message);
}

/** W-PUB-6: a cut-off send that is not sent again: a person checks the platform and confirms. */
export function flagForConfirmation(ctx: WorkflowContext, post: Post, reason: string): Promise<Post> {
  const attempts = cutOff(post.attempts, ctx.clock());
  return settle(ctx, post, { state: 'needs_confirmation', attempts, failureReason: reason, nextAttemptAt: null }, 'posts.fail', reason);
}

/** W-PUB-3: its window closed before it was ever tried: `missed`, with the reason, never sent late. */
export function missPost(ctx: WorkflowContext, post: Post, reason: string): Promise<Post> {
  return settle(ctx, post, { state: 'missed', failureReason: reason, nextAttemptAt: null }, 'posts.miss', reason);
}

/** W-PUB-5: its window closed while it waited to try again. */
export function giveUpPost(ctx: WorkflowContext, post: Post, reason: string): Promise<Post> {
  return settle(ctx, post, { state: 'failed', failureReason: reason, nextAttemptAt: null }, 'posts.fail', reason);
}

/** W-PUB-7: due, with no account to send through: a person posts it and records where. */
export function awaitManualPost(ctx: WorkflowContext, post: Post): Promise<Post> {
  const reason = 'no publishing account: post it by hand, then record its address';
  return settle(ctx, post, { state: 'awaiting_manual', nextAttemptAt: null }, 'posts.claim', reason);
}

/** W-PUB-9: its words are no longer the approved ones: held, as a new version would hold it. */
export function holdUnapproved(ctx: WorkflowContext, post: Post): Promise<Post> {
  return settle(ctx, post, { state: 'held', holdReason: REVIEW_REOPENED, nextAttemptAt: null }, 'posts.hold', REVIEW_REOPENED);
}

/**
 * One commit of the post as the scheduler read or claimed it. A conflict on the post means
 * somebody else moved it (a cancel, a hold, another scheduler): that is thrown. A conflict on the
 * opportunity (somebody watched it meanwhile) is run again (W-CONC-4).
 */
function settle(ctx: WorkflowContext, before: Post, patch: Partial<Post>, action: SettleAction, reason: string): Promise<Post> {
  return retryOnConflict({ kind: 'post', id: before.id }, async () => {
    const changes = new ChangeSet(SYSTEM, ctx.clock());
    const after = changes.update('post', before, patch, action, (post) => ({ post, reason }));
    if (isLivePost(before) && !isLivePost(after)) {
      const opportunity = await loadRecord(ctx, 'opportunity', before.opportunityId);
      const work = await loadWork(ctx, opportunity.id);
      followWork(changes, opportunity, { drafts: work.drafts, posts: withChanged(work.posts, after) }, { reason: `the ${after.channel} post is ${after.state.replace('_', ' ')}` });
    }
    await changes.commit(ctx.store);
    return after;
  });
}

function newAttempt(ctx: WorkflowContext, at: Date): PostAttempt {
  return { id: ctx.newId('att'), startedAt: at.toISOString(), finishedAt: null, outcome: 'pending', message: null };
}

function finish(attempts: readonly PostAttempt[], id: string, end: Pick<PostAttempt, 'outcome' | 'finishedAt' | 'message'>): PostAttempt[] {
  return attempts.map((attempt) => (attempt.id === id ? { ...attempt, ...end } : attempt));
}

/** The attempt a stop cut off: nobody knows whether the platform got it. */
function cutOff(attempts: readonly PostAttempt[], at: Date): PostAttempt[] {
  return attempts.map((attempt) =>
    attempt.outcome === 'pending' ? { ...attempt, outcome: 'unknown', finishedAt: at.toISOString(), message: 'cut off: Tidewatch stopped before the platform answered' } : attempt,
  );
}
