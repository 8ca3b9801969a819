import type { AnyEvent, EventsPage } from '../../server/realtime/protocol.js';

/**
 * The resync protocol: the board trusts no single push.
 *
 * - Every event carries `seq` from one increasing sequence; the board remembers `lastSeq`,
 *   the last one it applied.
 * - A live event with `seq === lastSeq + 1` is applied at once; `seq <= lastSeq` is a repeat
 *   and skipped; anything further ahead is a gap: the event is held back and the board asks
 *   `GET /api/events?since=lastSeq`, page after page until it reaches the page's `lastSeq`,
 *   then applies what it held back.
 * - After every (re)connection (`board.hello`) it asks the same question.
 * - When the answer is `truncated` (the log no longer reaches back that far), or the server's
 *   `lastSeq` is behind ours (a different log), the board reloads the whole state.
 * - A full load first learns the log's head H, then fetches the snapshot (at least as fresh as
 *   H), sets `lastSeq = H` and catches up from H. Replaying an event the snapshot already
 *   holds is harmless because applying events is idempotent.
 *
 * Runs are serialised: one fetch sequence at a time, live events buffered meanwhile.
 */

export interface SyncTarget {
  readonly lastSeq: number;
  apply(event: AnyEvent): void;
  /** Everything up to `seq` has been applied. */
  advanceTo(seq: number): void;
}

export interface ResyncDeps {
  target: SyncTarget;
  fetchEvents(since: number, limit: number): Promise<EventsPage>;
  /** Fetch the full state and make it the target's, with `lastSeq = baseline`. */
  loadSnapshot(baseline: number): Promise<void>;
  onStatus?(status: SyncStatus): void;
  /** Timer hooks, replaceable in tests. */
  setTimeout?(callback: () => void, ms: number): unknown;
}

export type SyncStatus =
  | { kind: 'loading' }
  | { kind: 'catching-up'; since: number }
  | { kind: 'synced'; lastSeq: number }
  | { kind: 'failed'; message: string; retryInMs: number };

type Work = 'none' | 'catch-up' | 'reload';

export const EVENTS_PAGE_SIZE = 500;
/** Held-back live events beyond this are dropped: the next catch-up fetches them again. */
const MAX_PENDING = 2000;
const GAP_RETRY_DELAYS_MS = [200, 500, 1000];
const MAX_RELOADS_PER_RUN = 3;
const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 30_000;

export class Resync {
  private pending: AnyEvent[] = [];
  private wanted: Work = 'none';
  private running: Promise<void> | null = null;
  private failures = 0;
  private gapRounds = 0;
  private retryScheduled = false;
  private stopped = false;

  constructor(private readonly deps: ResyncDeps) {}

  /** First load: snapshot plus catch-up. */
  start(): Promise<void> {
    return this.request('reload');
  }

  /** After a (re)connection, or whenever the board may have missed something. */
  catchUp(): Promise<void> {
    return this.request('catch-up');
  }

  /** A live event from the socket. */
  receive(event: AnyEvent): void {
    if (this.stopped) return;
    if (this.running || this.wanted !== 'none') {
      this.hold(event);
      return;
    }
    const last = this.deps.target.lastSeq;
    if (event.seq <= last) return;
    if (event.seq === last + 1) {
      this.deps.target.apply(event);
      return;
    }
    this.hold(event);
    void this.request('catch-up');
  }

  /** Stops for good (the member signed out): no more fetches, no more retries. */
  stop(): void {
    this.stopped = true;
    this.pending = [];
    this.wanted = 'none';
  }

  /** Settles when no fetch is running (for tests and diagnostics). */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private hold(event: AnyEvent): void {
    this.pending.push(event);
    if (this.pending.length > MAX_PENDING) {
      this.pending = [];
      if (this.wanted === 'none') this.wanted = 'catch-up';
    }
  }

  private request(work: Exclude<Work, 'none'>): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (work === 'reload' || this.wanted === 'none') this.wanted = work;
    if (!this.running) {
      this.running = this.run().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async run(): Promise<void> {
    while (this.wanted !== 'none') {
      const work = this.wanted;
      this.wanted = 'none';
      try {
        if (work === 'reload') {
          this.status({ kind: 'loading' });
          await this.reload();
        } else {
          this.status({ kind: 'catching-up', since: this.deps.target.lastSeq });
        }
        await this.pull();
        this.failures = 0;
      } catch (error) {
        if (this.stopped) return;
        this.failures += 1;
        // Keep the stronger of the pending and the failed work for the retry.
        if (work === 'reload' || this.wanted === 'none') this.wanted = work;
        const retryInMs = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (this.failures - 1));
        this.status({ kind: 'failed', message: (error as Error).message, retryInMs });
        this.scheduleRetry(retryInMs);
        return;
      }
      await this.drainPending();
    }
    this.status({ kind: 'synced', lastSeq: this.deps.target.lastSeq });
  }

  /** Learn the head of the log, then load a snapshot at least that fresh. */
  private async reload(baseline?: number): Promise<void> {
    const head = baseline ?? (await this.deps.fetchEvents(this.deps.target.lastSeq, 1)).lastSeq;
    await this.deps.loadSnapshot(head);
  }

  /** Ask for events since lastSeq until the log's head is reached. */
  private async pull(): Promise<void> {
    let reloads = 0;
    for (;;) {
      const since = this.deps.target.lastSeq;
      const page = await this.deps.fetchEvents(since, EVENTS_PAGE_SIZE);
      if (page.truncated || page.lastSeq < since) {
        if (++reloads > MAX_RELOADS_PER_RUN) throw new Error('The event log keeps moving past the board; retrying.');
        await this.reload(page.lastSeq);
        continue;
      }
      const events = [...page.events].sort((a, b) => a.seq - b.seq);
      for (const event of events) {
        if (event.seq > this.deps.target.lastSeq) this.deps.target.apply(event);
      }
      const reached = events.at(-1)?.seq ?? since;
      if (events.length === 0 || reached >= page.lastSeq) {
        // Nothing more up to the head: numbers the log skipped are not gaps.
        this.deps.target.advanceTo(page.lastSeq);
        return;
      }
    }
  }

  /** Apply held-back live events in order; a gap still open means another catch-up. */
  private async drainPending(): Promise<void> {
    const held = this.pending.sort((a, b) => a.seq - b.seq);
    this.pending = [];
    for (let index = 0; index < held.length; index += 1) {
      const event = held[index]!;
      const last = this.deps.target.lastSeq;
      if (event.seq <= last) continue;
      if (event.seq !== last + 1) {
        const delay = GAP_RETRY_DELAYS_MS[this.gapRounds];
        if (delay !== undefined) {
          // The server sent something it had not committed when we asked: ask again shortly.
          this.gapRounds += 1;
          this.pending = held.slice(index).concat(this.pending);
          await new Promise<void>((resolve) => this.timer(resolve, delay));
          if (this.wanted === 'none') this.wanted = 'catch-up';
          return;
        }
        // The log confirms it holds nothing in between: accept the hole.
      }
      this.deps.target.apply(event);
    }
    this.gapRounds = 0;
  }

  private scheduleRetry(ms: number): void {
    if (this.retryScheduled) return;
    this.retryScheduled = true;
    this.timer(() => {
      this.retryScheduled = false;
      if (this.wanted !== 'none') void this.request(this.wanted);
    }, ms);
  }

  private timer(callback: () => void, ms: number): void {
    if (this.deps.setTimeout) this.deps.setTimeout(callback, ms);
    else setTimeout(callback, ms);
  }

  private status(status: SyncStatus): void {
    this.deps.onStatus?.(status);
  }
}
