import type { EngagementSample, Opportunity, Post } from '../domain/index.js';
import { ChangeSet } from './change-set.js';
import { nextEngagementPoll, type EngagementWatch } from './engagement-schedule.js';
import { retryOnConflict } from './retry-on-conflict.js';
import { timeOfDay } from './time-words.js';
import type { WorkflowContext } from './workflow-context.js';

/*
 * W-POST-8: after publication the system reads a post's engagement on a decaying schedule
 * (engagement-schedule.ts) and keeps the readings on the post (`posts.engagement`, actor
 * `system`). Only the post is written: its engagement changes nothing the opportunity's state
 * follows (W-OPP-7 reads post states), so the opportunity keeps its rev.
 */

/** Readings kept per post; the schedule makes about 35 in a day, so thinning is rare. */
export const ENGAGEMENT_SAMPLES_KEPT = 48;

export type EngagementCounts = Omit<EngagementSample, 'at'>;

/** A post the system reads engagement for: published through an account, with the platform's id. */
export function isWatchable(post: Post): post is Post & { publishedAt: string; platformId: string; accountId: string } {
  return post.state === 'published' && post.publishedAt !== null && post.platformId !== null && post.accountId !== null;
}

/** The post's watch: from its publication to its opportunity's deadline (engagement-schedule.ts). */
export function engagementWatch(post: Post & { publishedAt: string }, opportunity: Pick<Opportunity, 'deadline'>): EngagementWatch {
  return { publishedAt: Date.parse(post.publishedAt), windowClosesAt: Date.parse(opportunity.deadline) };
}

/**
 * Appends one reading taken at `at` and plans the next (null once the watch is over). Nothing is
 * written, and null returned, when the post is no longer published or already holds a reading as
 * recent (another process read it first). Run again on a conflict: the reading is still true of
 * the post whoever changed it meanwhile.
 */
export function recordEngagement(ctx: WorkflowContext, postId: string, counts: EngagementCounts, at: Date): Promise<Post | null> {
  return retryOnConflict(null, async () => {
    const post = await ctx.store.getRecord('post', postId);
    if (!post || !isWatchable(post)) return null;
    const last = post.engagement.at(-1);
    if (last && Date.parse(last.at) >= at.getTime()) return null;
    const opportunity = await ctx.store.getRecord('opportunity', post.opportunityId);
    if (!opportunity) return null;
    const next = nextEngagementPoll(engagementWatch(post, opportunity), at.getTime());
    const sample: EngagementSample = { at: at.toISOString(), likes: counts.likes, reposts: counts.reposts, replies: counts.replies };
    const changes = new ChangeSet('system', at);
    const reason = next === null ? `last reading: the window closed at ${timeOfDay(opportunity.deadline)}` : undefined;
    const updated = changes.update(
      'post',
      post,
      { engagement: thinSamples([...post.engagement, sample], ENGAGEMENT_SAMPLES_KEPT), nextEngagementAt: next === null ? null : new Date(next).toISOString() },
      'posts.engagement',
      (after) => ({ post: after, ...(reason ? { reason } : {}) }),
    );
    await changes.commit(ctx.store);
    return updated;
  });
}

/**
 * Stops reading a post's engagement, saying why (the platform refused the reading, or the last
 * one failed). Null, with nothing written, when the post is not watched any more.
 */
export function endEngagementWatch(ctx: WorkflowContext, postId: string, reason: string, at: Date): Promise<Post | null> {
  return retryOnConflict(null, async () => {
    const post = await ctx.store.getRecord('post', postId);
    if (!post || post.nextEngagementAt === null) return null;
    const changes = new ChangeSet('system', at);
    const updated = changes.update('post', post, { nextEngagementAt: null }, 'posts.engagement', (after) => ({ post: after, reason }));
    await changes.commit(ctx.store);
    return updated;
  });
}

/**
 * Keeps at most `cap` readings by thinning the oldest: while over the cap, every other reading
 * of the older half goes (the first stays). The early minutes are read most densely, so they
 * lose least by it, and the latest readings (the current reception) stay whole.
 */
export function thinSamples(samples: readonly EngagementSample[], cap: number): EngagementSample[] {
  let kept = [...samples];
  if (cap <= 1) return kept.slice(kept.length - Math.max(0, cap));
  while (kept.length > cap) {
    // Rounded up, so from three readings on the older half holds two and one goes.
    const half = Math.ceil(kept.length / 2);
    kept = [...kept.slice(0, half).filter((_, index) => index % 2 === 0), ...kept.slice(half)];
  }
  return kept;
}
