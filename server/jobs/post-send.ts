import type { OutgoingPost, Publisher } from '../../connectors/publishers.js';
import type { SafeFetch } from '../../connectors/index.js';
import type { Draft, Opportunity, Post, PostAttempt, PublishingAccount } from '../domain/index.js';
import { RecordConflictError } from '../store/store-errors.js';
import { openAccountForSending } from '../workflow/publishing-account-commands.js';
import type { PublishingVault } from '../workflow/publishing-vault.js';
import {
  awaitManualPost,
  claimPost,
  flagForConfirmation,
  giveUpPost,
  holdUnapproved,
  missPost,
  resumeClaim,
  settleFailure,
  settlePublished,
  type AttemptFailure,
  type Claim,
} from '../workflow/post-sending-commands.js';
import { dueStep, postDueAt, windowOpenAt } from '../workflow/post-window.js';
import { timeOfDay } from '../workflow/time-words.js';
import type { WorkflowContext } from '../workflow/workflow-context.js';
import type { BackoffPolicy } from './backoff.js';
import { publishFailure } from './publish-failure.js';
import { notResentReason, resendIsSafe } from './resend-safety.js';

/** What sending one post needs. */
export interface SendContext {
  ctx: WorkflowContext;
  vault: PublishingVault;
  fetch: SafeFetch;
  publishers: ReadonlyMap<string, Publisher<any>>;
  backoff: BackoffPolicy;
  random: () => number;
  /** Aborted when the scheduler stops: a send cut off by it is left `publishing`, as a crash would leave it. */
  signal: AbortSignal;
  log: (message: string) => void;
  /** Told how each attempt ended, once it is settled in the store. */
  onAttempt?: (outcome: PostAttempt['outcome']) => void;
}

/** A post with what deciding and sending it needs: the account record is null for a post by hand. */
interface SendScene {
  post: Post;
  draft: Draft;
  opportunity: Opportunity;
  account: PublishingAccount | null;
}

/**
 * Rules W-PUB-3 to W-PUB-7 for one post whose time has come: missed when its window closed,
 * failed when it closed during retries, held when its words are no longer approved, waiting for
 * a person when it has no account, else claimed and sent. A post somebody moved meanwhile (a
 * cancel, a hold, another scheduler's claim) is left alone.
 */
export async function dispatchDuePost(sc: SendContext, postId: string): Promise<void> {
  await leaveWhenMoved(async () => {
    const scene = await loadScene(sc.ctx, postId);
    const now = sc.ctx.clock();
    if (!scene || scene.post.state !== 'scheduled' || Date.parse(postDueAt(scene.post)) > now.getTime()) return;
    const { post } = scene;
    const step = dueStep(scene, post.accountId === null || scene.account?.kind === 'manual', now);
    switch (step.kind) {
      case 'miss':
        await missPost(sc.ctx, post, step.reason);
        sc.log(`The ${post.channel} post ${post.id} was missed: ${step.reason}.`);
        return;
      case 'give_up':
        await giveUpPost(sc.ctx, post, step.reason);
        sc.log(`The ${post.channel} post ${post.id} failed: ${step.reason}.`);
        return;
      case 'hold':
        await holdUnapproved(sc.ctx, post);
        return;
      case 'by_hand':
        await awaitManualPost(sc.ctx, post);
        return;
      case 'send':
        await send(sc, scene, await claimPost(sc.ctx, post));
    }
  });
}

/**
 * W-PUB-6: a post found `publishing` when the scheduler starts, cut off between its claim and the
 * platform's answer. Sent again with the same idempotency key where that can only find it
 * (Bluesky; Mastodon within the hour it remembers the key) while its window is open; otherwise
 * a person is asked to check and confirm. Never sent twice, never silently dropped.
 */
export async function reconcileCutOffPost(sc: SendContext, postId: string): Promise<void> {
  await leaveWhenMoved(async () => {
    const scene = await loadScene(sc.ctx, postId);
    if (!scene || scene.post.state !== 'publishing') return;
    const { post, opportunity, account } = scene;
    const now = sc.ctx.clock();
    const cutOffAt = post.attempts.findLast((a) => a.outcome === 'pending')?.startedAt ?? post.updatedAt;
    const firstSentAt = post.attempts[0]?.startedAt ?? cutOffAt;
    const where = account ? `${account.name} (${account.label})` : 'the platform';
    const stopped = `Tidewatch stopped while sending it at ${timeOfDay(cutOffAt)}`;
    if (!windowOpenAt(post, opportunity, now)) {
      await flag(sc, post, `${stopped}, and its window has closed since, so it is not sent again: check ${where}, then confirm whether it arrived`);
    } else if (account && resendIsSafe(account.kind, firstSentAt, now)) {
      await send(sc, scene, await resumeClaim(sc.ctx, post));
    } else {
      await flag(sc, post, `${stopped}; ${notResentReason(account?.kind ?? 'manual', where)}`);
    }
  });
}

async function flag(sc: SendContext, post: Post, reason: string): Promise<void> {
  await flagForConfirmation(sc.ctx, post, reason);
  sc.log(`The ${post.channel} post ${post.id} needs a person: ${reason}.`);
}

/** W-PUB-4, W-PUB-5: sends a claimed post through its account and settles the attempt. */
async function send(sc: SendContext, scene: SendScene, claim: Claim): Promise<void> {
  const { post } = claim;
  const fetch: SafeFetch = (request) => sc.fetch({ ...request, signal: request.signal ?? sc.signal });
  let published: { platformId: string; url: string | null };
  try {
    const { account, credentials } = await openAccountForSending(sc.ctx, sc.vault, post.accountId!);
    const publisher = sc.publishers.get(account.kind);
    if (!publisher) throw new Error(`Tidewatch has no publisher for ${account.kind} accounts`);
    const checked = publisher.accountSchema.safeParse(credentials);
    if (!checked.success) throw new Error(`the credentials of ${account.name} are incomplete (${checked.error.issues[0]?.path.join('.') || 'credentials'}); enter them again`);
    published = await publisher.publish(outgoing(post, scene.draft), checked.data, fetch);
  } catch (error) {
    // Stopped mid-send: nobody knows whether it arrived. Left publishing, the next start reconciles it.
    if (sc.signal.aborted) return;
    const settled = await settleFailure(sc.ctx, claim, failureFor(sc, scene, claim, error));
    sc.onAttempt?.(settled.attempts.at(-1)?.outcome ?? 'unknown');
    sc.log(`The ${post.channel} post ${post.id}: attempt ${settled.attempts.length} failed; it is ${settled.state.replace('_', ' ')}: ${settled.attempts.at(-1)?.message}`);
    return;
  }
  await settlePublished(sc.ctx, claim, published);
  sc.onAttempt?.('published');
  sc.log(`The ${post.channel} post ${post.id} went out${published.url ? `: ${published.url}` : ''}.`);
}

/** The failure as the workflow takes it: a resend that could repeat a post that may have arrived asks a person instead (W-PUB-6). */
function failureFor(sc: SendContext, scene: SendScene, claim: Claim, error: unknown): AttemptFailure {
  const failure = publishFailure(error, claim.post.attempts.length, sc.ctx.clock(), sc.backoff, sc.random());
  if (failure.kind !== 'retry' || !failure.mayHaveArrived || !scene.account) return failure;
  const firstSentAt = claim.post.attempts[0]!.startedAt;
  if (resendIsSafe(scene.account.kind, firstSentAt, failure.retryAt)) return failure;
  return { kind: 'unsure', message: `${failure.message}; ${notResentReason(scene.account.kind, `${scene.account.name} (${scene.account.label})`)}` };
}

/** The approved version's words, with the post's idempotency key: the same for every attempt. */
function outgoing(post: Post, draft: Draft): OutgoingPost {
  const version = draft.versions.find((v) => v.version === post.version);
  if (!version) throw new Error(`version ${post.version} of the draft is missing`);
  // The link, when there is one, is part of the approved words: nothing is added to what reviewers read.
  return { text: version.text, link: null, language: null, idempotencyKey: post.idempotencyKey };
}

async function loadScene(ctx: WorkflowContext, postId: string): Promise<SendScene | null> {
  const post = await ctx.store.getRecord('post', postId);
  if (!post) return null;
  const [draft, opportunity, account] = await Promise.all([
    ctx.store.getRecord('draft', post.draftId),
    ctx.store.getRecord('opportunity', post.opportunityId),
    post.accountId === null ? null : ctx.store.getRecord('account', post.accountId),
  ]);
  if (!draft || !opportunity) return null;
  return { post, draft, opportunity, account };
}

/** A post somebody else moved between our read and our commit is theirs now; the next look reads it again. */
async function leaveWhenMoved(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof RecordConflictError)) throw error;
  }
}
