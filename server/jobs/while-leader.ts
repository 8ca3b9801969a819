import type { Leadership, ProcessRole } from '../store/leadership.js';

/** Background work started for one term as leader. */
export interface LeaderWork {
  stop(): Promise<void>;
}

export interface WhileLeader {
  /** Whether the work runs in this process now. */
  running(): boolean;
  /** Resolves once the work has started, when this process led from the beginning (or at once, when it did not). */
  ready(): Promise<void>;
  /** Stops the work for good, whatever the role. */
  stop(): Promise<void>;
}

/**
 * Runs `start` each time this process becomes the leader and stops what it started as soon as it
 * no longer is, so the background work runs in one process at a time. Every term starts afresh:
 * whatever the work keeps in memory (the detector's stories, the publisher's timers) is rebuilt
 * from the database, where the previous leader, alive or dead, left it. Starts and stops never
 * overlap; a change of role during a start is acted on when the start ends.
 */
export function runWhileLeader(leadership: Leadership, start: () => Promise<LeaderWork>, log: (message: string) => void, retryMs = 5_000): WhileLeader {
  let work: LeaderWork | null = null;
  let stopped = false;
  let settling: Promise<void> = Promise.resolve();
  let retry: NodeJS.Timeout | null = null;

  /**
   * One turn of the chain. A loss of the role always ends the term, even when the role came back
   * before the turn ran: in between another process may have led, so the next term starts afresh.
   */
  function settle(told: ProcessRole | null = null): Promise<void> {
    settling = settling.then(async () => {
      if (work && (stopped || told === 'follower' || leadership.role() !== 'leader')) {
        const ending = work;
        work = null;
        await ending.stop().catch((error: unknown) => log(`while stopping the background work: ${(error as Error).message}`));
      }
      if (!work && !stopped && leadership.role() === 'leader') {
        try {
          work = await start();
        } catch (error) {
          // A leader without its work would hold the lock and do nothing: it tries again while it leads.
          log(`the background work could not start: ${(error as Error).message}; trying again in ${Math.round(retryMs / 1000)} s`);
          retry = setTimeout(() => void settle(), retryMs);
          retry.unref();
        }
        // Lost the role while starting: the next turn of the chain stops what just started.
        if (work && (stopped || leadership.role() !== 'leader')) void settle();
      }
    });
    return settling;
  }

  const unsubscribe = leadership.onChange((role) => void settle(role));
  const first = settle();

  return {
    running: () => work !== null,
    ready: () => first,
    async stop() {
      stopped = true;
      unsubscribe();
      if (retry) clearTimeout(retry);
      await settle();
    },
  };
}
