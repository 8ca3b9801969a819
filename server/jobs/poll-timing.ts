import type { SourceHealth } from '../domain/index.js';
import { backoffDelayMs, type BackoffPolicy } from './backoff.js';
import { nextCronRun } from './next-cron-run.js';

/**
 * Cron ticks land on whole seconds but timers may fire a little early or late: a tick this close
 * to the planned time counts as that tick. Less than a second, so the tick before never does.
 */
const TICK_TOLERANCE_MS = 500;

export interface NextPollInput {
  schedule: string;
  /** When the run ended. */
  now: Date;
  /** Failures in a row, counting the run just ended; 0 after a success. */
  failures: number;
  /** What a rate-limited platform asked for, if it did. */
  retryAfterMs?: number | null;
  /** 0 ≤ r < 1, for the jitter. */
  random: number;
  backoff?: BackoffPolicy;
}

/**
 * The next poll: the first tick of the schedule after the run, or, while the source is failing
 * or rate-limited, the first tick once the wait is over. Null when the schedule never fires.
 */
export function nextPollAt({ schedule, now, failures, retryAfterMs, random, backoff }: NextPollInput): Date | null {
  const wait = Math.max(backoffDelayMs(failures, random, backoff), retryAfterMs ?? 0);
  if (wait === 0) return nextCronRun(schedule, now);
  // The first tick at or after the end of the wait.
  return nextCronRun(schedule, new Date(now.getTime() + wait - 1));
}

/** Whether a tick at `now` should poll: never before the planned time, so back-off and Retry-After hold. */
export function isDue(health: Pick<SourceHealth, 'nextPollAt'>, now: Date): boolean {
  if (health.nextPollAt === null || health.nextPollAt === undefined) return true;
  return now.getTime() >= Date.parse(health.nextPollAt) - TICK_TOLERANCE_MS;
}
