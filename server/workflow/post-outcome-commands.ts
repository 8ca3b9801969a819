import type { z } from 'zod';
import type { Post, Principal } from '../domain/index.js';
import { ChangeSet } from './change-set.js';
import { parseCommandInput } from './command-input.js';
import { enforce } from './guard.js';
import { followWork, loadWork, withChanged } from './opportunity-follow.js';
import { authorize } from './policy.js';
import { loadPost, type PostResult } from './post-commands.js';
import { POST_GUARDS, type PostScene } from './post-guards.js';
import { retryOnConflict } from './retry-on-conflict.js';
import type { WorkflowContext } from './workflow-context.js';
import { confirmPostInput, recordPostInput, type ConfirmPostInput, type RecordPostInput } from './workflow-inputs.js';

/*
 * A person says what happened to a post the scheduler could not finish by itself: one posted by
 * hand, or one whose send was cut off where the platform cannot be asked. Both write `posts.confirm`.
 */

/** W-PUB-7: a social manager records where the post they made by hand can be seen: it is published. */
export async function recordManualPost(ctx: WorkflowContext, principal: Principal, input: RecordPostInput): Promise<PostResult> {
  authorize(principal, 'posts.confirm');
  const parsed = parseCommandInput(recordPostInput, input);
  return retryOnConflict({ kind: 'post', id: parsed.postId }, () => record(ctx, principal, parsed));
}

async function record(ctx: WorkflowContext, principal: Principal, { postId, rev, url }: z.output<typeof recordPostInput>): Promise<PostResult> {
  const scene = await loadPost(ctx, postId, rev);
  enforce(POST_GUARDS.record(principal, scene));
  const changes = new ChangeSet(principal.id, ctx.clock());
  const patch = { state: 'published', url, publishedAt: changes.at.toISOString(), failureReason: null } as const;
  return commitOutcome(ctx, changes, scene, patch, `posted by hand: ${url}`);
}

/**
 * W-PUB-8: a social manager settles a post whose send was cut off: it arrived (published, from
 * the cut-off attempt's time, at `url` when given) or it did not (failed, saying who checked).
 */
export async function confirmPost(ctx: WorkflowContext, principal: Principal, input: ConfirmPostInput): Promise<PostResult> {
  authorize(principal, 'posts.confirm');
  const parsed = parseCommandInput(confirmPostInput, input);
  return retryOnConflict({ kind: 'post', id: parsed.postId }, () => confirm(ctx, principal, parsed));
}

async function confirm(ctx: WorkflowContext, principal: Principal, { postId, rev, arrived, url }: z.output<typeof confirmPostInput>): Promise<PostResult> {
  const scene = await loadPost(ctx, postId, rev);
  enforce(POST_GUARDS.confirm(principal, scene));
  const changes = new ChangeSet(principal.id, ctx.clock());
  if (!arrived) {
    const reason = `${principal.name} checked: it did not arrive`;
    return commitOutcome(ctx, changes, scene, { state: 'failed', failureReason: reason }, reason);
  }
  // The last attempt is the one that was cut off: the best guess of when it went out.
  const sentAt = scene.post.attempts.at(-1)?.startedAt ?? changes.at.toISOString();
  const patch = { state: 'published', url: url ?? scene.post.url, publishedAt: sentAt, failureReason: null } as const;
  return commitOutcome(ctx, changes, scene, patch, `${principal.name} confirmed it arrived${url ? `: ${url}` : ''}`);
}

async function commitOutcome(ctx: WorkflowContext, changes: ChangeSet, scene: PostScene, patch: Partial<Post>, reason: string): Promise<PostResult> {
  const post = changes.update('post', scene.post, patch, 'posts.confirm', (after) => ({ post: after, reason }));
  const work = await loadWork(ctx, scene.opportunity.id);
  const opportunity = followWork(changes, scene.opportunity, { drafts: work.drafts, posts: withChanged(work.posts, post) }, { reason: `the ${post.channel} post is ${post.state}` });
  await changes.commit(ctx.store);
  return { post, opportunity, replaced: [] };
}
