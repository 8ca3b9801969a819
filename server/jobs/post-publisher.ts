import { PUBLISHERS, type Publisher } from '../../connectors/publishers.js';
import type { SafeFetch } from '../../connectors/index.js';
import type { AnyEvent, PostAttempt } from '../domain/index.js';
import { postDueAt } from '../workflow/post-window.js';
import type { PublishingVault } from '../workflow/publishing-vault.js';
import type { WorkflowContext } from '../workflow/workflow-context.js';
import type { BackoffPolicy } from './backoff.js';
import { PUBLISH_BACKOFF } from './publish-failure.js';
import { dispatchDuePost, reconcileCutOffPost, type SendContext } from './post-send.js';

export interface PostPublisherOptions {
  ctx: WorkflowContext;
  vault: PublishingVault;
  /** The guarded fetch: publishing goes through the same address policy as polling. */
  fetch: SafeFetch;
  log: (message: string) => void;
  publishers?: ReadonlyMap<string, Publisher<any>>;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** The longest the scheduler sleeps without looking at the posts again (default 30 s). */
  rescanMs?: number;
  /**
   * Committed events to re-arm on; the store's own listeners when absent. With several processes
   * on one database, the event feed, so a post scheduled through another process is seen at once.
   */
  onEvents?: (listener: (events: AnyEvent[]) => void) => () => void;
  /** Told how each attempt at sending ended (for /metrics). */
  onAttempt?: (outcome: PostAttempt['outcome']) => void;
}

export interface PostPublisher {
  /** Resolves once no look and no send is under way: for tests and an orderly stop. */
  idle(): Promise<void>;
  /** Stops looking; a send under way is cut off and left `publishing` for the next start (W-PUB-6). */
  stop(): Promise<void>;
}

/** setTimeout takes at most 2^31 − 1 ms; the rescan is far below that anyway. */
const DEFAULT_RESCAN_MS = 30_000;

/**
 * The post scheduler (rules W-PUB-2 to W-PUB-7). On start it reconciles posts a stop cut off
 * mid-send, then sends what fell due while it was down (or marks it missed). After that it arms
 * one timer for the next due post and re-arms it whenever a committed event touches a post, so a
 * post goes out within milliseconds of its time and an idle newsroom costs nothing; scanning
 * every second would read every post 86,400 times a day to find the same answer. The timer never
 * sleeps longer than `rescanMs`, which also catches what the events cannot show: a clock that
 * jumped, or a commit by another process sharing the database.
 */
export function startPostPublisher(options: PostPublisherOptions): PostPublisher {
  const { ctx, log } = options;
  const rescanMs = options.rescanMs ?? DEFAULT_RESCAN_MS;
  const aborter = new AbortController();
  const sc: SendContext = {
    ctx,
    vault: options.vault,
    fetch: options.fetch,
    publishers: options.publishers ?? PUBLISHERS,
    backoff: options.backoff ?? PUBLISH_BACKOFF,
    random: options.random ?? Math.random,
    signal: aborter.signal,
    log,
    ...(options.onAttempt ? { onAttempt: options.onAttempt } : {}),
  };
  /** Sends under way, by post id: a post is never dispatched twice by this process. */
  const inFlight = new Map<string, Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let looking: Promise<void> | null = null;
  let lookAgain = false;
  let stopped = false;

  function launch(postId: string, work: () => Promise<void>): void {
    const running = work()
      .catch((error: unknown) => log(`the post scheduler could not handle post ${postId}: ${(error as Error).message}; it looks again shortly`))
      .finally(() => {
        inFlight.delete(postId);
        // A retry's next time, or a post that fell due meanwhile, is read afresh.
        if (!stopped) void look();
      });
    inFlight.set(postId, running);
  }

  /** One pass: every scheduled post that is due is dispatched; the timer is armed for the next. */
  async function pass(): Promise<void> {
    const now = ctx.clock().getTime();
    let next = Number.POSITIVE_INFINITY;
    for (const post of await ctx.store.listRecords('post', { state: 'scheduled' })) {
      if (stopped) return;
      const due = Date.parse(postDueAt(post));
      if (due > now) next = Math.min(next, due);
      else if (!inFlight.has(post.id)) launch(post.id, () => dispatchDuePost(sc, post.id));
    }
    arm(next - now);
  }

  function arm(delayMs: number): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (stopped) return;
    timer = setTimeout(() => void look(), Math.max(0, Math.min(delayMs, rescanMs)));
    // The HTTP server keeps the process alive; a pending look must not hold a stopping one.
    timer.unref();
  }

  /** Passes never overlap; a look asked for during one runs once more after it. */
  function look(): Promise<void> {
    if (looking) {
      lookAgain = true;
      return looking;
    }
    looking = (async () => {
      do {
        lookAgain = false;
        await pass().catch((error: unknown) => {
          log(`the post scheduler could not read the posts: ${(error as Error).message}; it looks again in ${Math.round(rescanMs / 1000)} s`);
          arm(rescanMs);
        });
      } while (lookAgain && !stopped);
    })().finally(() => (looking = null));
    return looking;
  }

  const touchesPosts = (events: AnyEvent[]) => events.some((event) => event.record.type === 'post');
  const onEvents = options.onEvents ?? ((listener) => ctx.store.onEvents(listener));
  const unsubscribe = onEvents((events) => {
    if (!stopped && touchesPosts(events)) void look();
  });

  const starting = (async () => {
    // Cut-off sends first: their outcome decides what the first look finds.
    const cutOff = await ctx.store.listRecords('post', { state: 'publishing' });
    if (cutOff.length > 0) log(`Reconciling ${cutOff.length} post${cutOff.length === 1 ? '' : 's'} that a stop cut off while sending.`);
    for (const post of cutOff) if (!inFlight.has(post.id)) launch(post.id, () => reconcileCutOffPost(sc, post.id));
    await look();
  })().catch((error: unknown) => log(`the post scheduler could not start its first look: ${(error as Error).message}`));

  async function idle(): Promise<void> {
    await starting;
    while (looking || inFlight.size > 0) {
      await looking;
      await Promise.all([...inFlight.values()]);
    }
  }

  return {
    idle,
    async stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      aborter.abort();
      await idle();
    },
  };
}
