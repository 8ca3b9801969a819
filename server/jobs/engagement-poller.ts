import cron from 'node-cron';
import { RateLimitedError } from '../../connectors/connector-errors.js';
import type { SafeFetch } from '../../connectors/http/safe-fetch.js';
import { PUBLISHERS, PublishRejectedError, type Publisher } from '../../connectors/publishers.js';
import type { Opportunity, Post } from '../domain/index.js';
import { firstEngagementPoll, nextEngagementPoll, watchEndsAt } from '../workflow/engagement-schedule.js';
import { endEngagementWatch, engagementWatch, isWatchable, recordEngagement } from '../workflow/post-engagement.js';
import { openAccountForSending } from '../workflow/publishing-account-commands.js';
import type { PublishingVault } from '../workflow/publishing-vault.js';
import { timeOfDay } from '../workflow/time-words.js';
import type { WorkflowContext } from '../workflow/workflow-context.js';

export interface EngagementPollerDeps {
  ctx: WorkflowContext;
  /** Opens the accounts' credentials: a reading is asked as the account that published. */
  vault: PublishingVault;
  /** By account kind; PUBLISHERS unless a test brings its own. */
  publishers?: ReadonlyMap<string, Publisher<any>>;
  fetch: SafeFetch;
  log(message: string): void;
  /** Readings under way at once, so one slow platform does not hold up the others. */
  concurrency?: number;
}

export interface EngagementPass {
  /** Readings recorded. */
  read: number;
  /** Readings that failed and will be tried again at the next time of the schedule. */
  failed: number;
  /** Posts no longer watched after this pass for a reason other than the schedule's end. */
  ended: number;
}

export interface EngagementPoller {
  /** One pass: reads every watched post whose reading is due by the context's clock. */
  pollDue(): Promise<EngagementPass>;
}

/**
 * W-POST-8: reads published posts' engagement when the schedule says (engagement-schedule.ts).
 * Each post is read on its own: a platform that fails leaves its post as it is (the record is not
 * written) and is asked again at the next time of the schedule; one that refuses the reading (a
 * deleted post, a revoked token) ends that post's watch, in words. Neither stops the others.
 *
 * What it keeps in memory (lost on restart, which costs at most one early retry per post): when a
 * failed post may be tried again, and which posts' watches it ended before their first reading.
 */
export function createEngagementPoller({ ctx, vault, publishers = PUBLISHERS, fetch, log, concurrency = 4 }: EngagementPollerDeps): EngagementPoller {
  const retryAt = new Map<string, number>();
  const endedUnread = new Set<string>();
  let running: Promise<EngagementPass> | null = null;

  /** When the post's next reading is due; null when it is not watched. */
  function dueAt(post: Post & { publishedAt: string }, opportunity: Opportunity, now: number): number | null {
    const retry = retryAt.get(post.id);
    if (post.nextEngagementAt !== null) return Math.max(Date.parse(post.nextEngagementAt), retry ?? 0);
    if (post.engagement.length > 0 || endedUnread.has(post.id)) return null;
    // Published but never read (the publisher planned no reading): watched from its first
    // reading on, while the watch lasts.
    const watch = engagementWatch(post, opportunity);
    if (now >= watchEndsAt(watch)) return null;
    return Math.max(firstEngagementPoll(watch), retry ?? 0);
  }

  async function read(post: Post & { publishedAt: string; platformId: string; accountId: string }, opportunity: Opportunity, pass: EngagementPass): Promise<void> {
    try {
      const { account, credentials } = await openAccountForSending(ctx, vault, post.accountId);
      const publisher = publishers.get(account.kind);
      if (!publisher?.engagement) {
        await end(post, `${account.kind} posts report no engagement to read`, pass);
        return;
      }
      const counts = await publisher.engagement(post.platformId, publisher.accountSchema.parse(credentials), fetch);
      retryAt.delete(post.id);
      if (await recordEngagement(ctx, post.id, counts, ctx.clock())) pass.read++;
    } catch (error) {
      const message = (error as Error).message;
      if (error instanceof PublishRejectedError) {
        await end(post, `the platform refused the reading: ${message}`, pass);
        return;
      }
      pass.failed++;
      const now = ctx.clock().getTime();
      const next = nextEngagementPoll(engagementWatch(post, opportunity), now);
      if (next === null) {
        await end(post, `the last reading failed: ${message}`, pass);
        return;
      }
      const wait = error instanceof RateLimitedError ? now + error.retryAfterMs : 0;
      const again = Math.max(next, wait);
      retryAt.set(post.id, again);
      log(`Could not read the engagement of ${post.channel} post ${post.id}: ${message}; trying again at ${timeOfDay(new Date(again))}.`);
    }
  }

  async function end(post: Post, reason: string, pass: EngagementPass): Promise<void> {
    retryAt.delete(post.id);
    if (post.engagement.length === 0) endedUnread.add(post.id);
    if (await endEngagementWatch(ctx, post.id, reason, ctx.clock())) pass.ended++;
    log(`Stopped reading the engagement of ${post.channel} post ${post.id}: ${reason}.`);
  }

  async function pass(): Promise<EngagementPass> {
    const now = ctx.clock().getTime();
    const result: EngagementPass = { read: 0, failed: 0, ended: 0 };
    const opportunities = new Map<string, Opportunity | null>();
    const due: Array<{ post: Post & { publishedAt: string; platformId: string; accountId: string }; opportunity: Opportunity; at: number }> = [];
    for (const post of await ctx.store.listRecords('post', { state: 'published' })) {
      if (!isWatchable(post)) continue;
      if (!opportunities.has(post.opportunityId)) opportunities.set(post.opportunityId, await ctx.store.getRecord('opportunity', post.opportunityId));
      const opportunity = opportunities.get(post.opportunityId);
      if (!opportunity) continue;
      const at = dueAt(post, opportunity, now);
      if (at !== null && at <= now) due.push({ post, opportunity, at });
    }
    due.sort((a, b) => a.at - b.at);
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        const { post, opportunity } = due[next++]!;
        // read() catches what the platform does; this catches what the store does (a failed
        // write), so one post's trouble never stops the pass.
        await read(post, opportunity, result).catch((error: unknown) => {
          result.failed++;
          log(`Could not record the engagement of post ${post.id}: ${(error as Error).message}; trying again on the next pass.`);
        });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, due.length)) }, worker));
    return result;
  }

  return {
    pollDue() {
      // Passes never overlap: a second call while one runs gets that pass's result.
      running ??= pass().finally(() => {
        running = null;
      });
      return running;
    },
  };
}

/** Runs a pass every `everySeconds` (default 30: the schedule's finest step is 5 minutes). */
export function startEngagementPoller(deps: EngagementPollerDeps, everySeconds = 30): EngagementPoller & { stop(): Promise<void> } {
  const poller = createEngagementPoller(deps);
  let current: Promise<unknown> = Promise.resolve();
  const pollDue = () => {
    const pass = poller.pollDue();
    current = pass.catch(() => undefined);
    return pass;
  };
  const task = cron.schedule(
    `*/${everySeconds} * * * * *`,
    () => pollDue().catch((error: unknown) => deps.log(`the engagement poller failed: ${(error as Error).message}; it runs again shortly`)),
    { name: 'engagement-poller', noOverlap: true },
  );
  return {
    pollDue,
    stop: async () => {
      await task.destroy();
      // A reading under way finishes before the store closes behind it.
      await current;
    },
  };
}
