/**
 * How long a failing source waits before its next poll: exponential in the number of failures
 * in a row, capped, with jitter so sources that failed together (a network outage) do not all
 * come back in the same second. A success resets the count, and the source its schedule.
 */
export interface BackoffPolicy {
  /** The wait after the first failure. */
  baseMs: number;
  /** The longest wait, however many failures. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 60_000, maxMs: 6 * 3_600_000 };

/**
 * The wait after `failures` failures in a row (1 for the first). `random` (0 ≤ r < 1) takes away
 * up to half of it ("equal jitter"), so the wait still grows with every failure.
 */
export function backoffDelayMs(failures: number, random: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  if (failures <= 0) return 0;
  // 2 ** 30 already passes any sensible cap; this keeps the exponent from overflowing.
  const full = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(full / 2 + (full / 2) * (1 - random));
}
