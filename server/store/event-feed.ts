import type { AnyEvent } from '../domain/index.js';
import type { Store } from './store.js';

export interface EventFeed {
  /**
   * Told of events committed by any process on the store, each once: this process's own right
   * after their commit (as `store.onEvents`), those of others when the feed reads them.
   */
  onEvents(listener: (events: AnyEvent[]) => void): () => void;
  /** The sequence number up to which every event has been heard. */
  heardSeq(): number;
  stop(): Promise<void>;
}

export interface EventFeedOptions {
  /**
   * How often the log is read for other processes' commits; null when no other process can write
   * (the lowdb store: one process per data directory), where the store's own listeners hear all.
   */
  readEveryMs: number | null;
  log: (message: string) => void;
  /** Events read at most per query (default 1,000). */
  pageSize?: number;
}

/**
 * What the background work and the socket rechecks of this process learn about changes made
 * anywhere: a source added through another process, a post scheduled there, a member disabled,
 * items pushed to another process's webhook. Browsers do not need it (the socket.io PostgreSQL
 * adapter carries every process's broadcasts to every socket); the jobs do, because a store's
 * listeners hear only the commits made through that store. The log is read by sequence number, so
 * nothing is skipped, whatever happened in between; a read every second costs one indexed query.
 */
export async function startEventFeed(store: Store, { readEveryMs, log, pageSize = 1_000 }: EventFeedOptions): Promise<EventFeed> {
  const listeners = new Set<(events: AnyEvent[]) => void>();
  let heard = await store.lastSeq();
  /** This process's own events the reading has not passed yet: already told, so skipped. */
  const toldEarly = new Set<number>();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let reading: Promise<void> = Promise.resolve();

  function tell(events: AnyEvent[]): void {
    if (events.length === 0) return;
    for (const listener of listeners) {
      try {
        listener(events);
      } catch (error) {
        log(`an event listener failed: ${(error as Error).message}`);
      }
    }
  }

  const unsubscribe = store.onEvents((events) => {
    if (readEveryMs === null) {
      heard = Math.max(heard, ...events.map((e) => e.seq));
      tell(events);
      return;
    }
    // A reading can see a commit before the store tells its listeners: what it passed, it told.
    const fresh = events.filter((event) => event.seq > heard);
    for (const event of fresh) toldEarly.add(event.seq);
    tell(fresh);
  });

  async function readLog(): Promise<void> {
    for (;;) {
      const { events } = await store.eventsSince(heard, pageSize);
      if (stopped) return;
      const others = events.filter((event) => !toldEarly.delete(event.seq));
      if (events.length > 0) heard = events.at(-1)!.seq;
      tell(others);
      if (events.length < pageSize) return;
    }
  }

  function schedule(): void {
    if (stopped || readEveryMs === null) return;
    timer = setTimeout(() => {
      reading = readLog()
        .catch((error: unknown) => log(`could not read the event log: ${(error as Error).message}; trying again shortly`))
        .finally(schedule);
    }, readEveryMs);
    timer.unref();
  }
  schedule();

  return {
    onEvents(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    heardSeq: () => heard,
    async stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      await reading;
    },
  };
}
