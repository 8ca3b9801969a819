import { HttpStatusError, RateLimitedError } from '../../connectors/connector-errors.js';
import { PublishRejectedError } from '../../connectors/publishers.js';
import type { AttemptFailure } from '../workflow/post-sending-commands.js';
import { WorkflowError } from '../workflow/workflow-errors.js';
import { backoffDelayMs, type BackoffPolicy } from './backoff.js';

/**
 * Retries of a post are quicker than a source's: a window lasts hours, not days. 30 s after the
 * first failure, doubling to at most 10 minutes, so a few tries fit even a short window.
 */
export const PUBLISH_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 10 * 60_000 };

/** The status sendForPublishing gives a request that got no answer: it may have arrived. */
export const NO_ANSWER_STATUS = 504;

/** What a publish error means for the post (W-PUB-5). */
export type PublishFailure = AttemptFailure & {
  /** The platform may have received it (no answer): a resend is safe only where the key is remembered (W-PUB-6). */
  mayHaveArrived: boolean;
};

/**
 * A refusal (4xx) is final, in the platform's words. 5xx, 429 and no answer try again after the
 * backoff for `attempts` failures in a row, and never before the platform's Retry-After. Anything
 * else (the account disabled, credentials that do not open, an address the policy refuses) is
 * ours to fix, and trying again would not help.
 */
export function publishFailure(error: unknown, attempts: number, now: Date, backoff: BackoffPolicy, random: number): PublishFailure {
  if (error instanceof PublishRejectedError || error instanceof WorkflowError) return { kind: 'rejected', message: error.message, mayHaveArrived: false };
  if (error instanceof HttpStatusError) {
    const wait = Math.max(backoffDelayMs(attempts, random, backoff), error instanceof RateLimitedError ? error.retryAfterMs : 0);
    return { kind: 'retry', message: error.message, retryAt: new Date(now.getTime() + wait), mayHaveArrived: error.status === NO_ANSWER_STATUS };
  }
  return { kind: 'rejected', message: `could not send it: ${(error as Error).message ?? String(error)}`, mayHaveArrived: false };
}
