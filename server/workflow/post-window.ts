import type { Draft, Opportunity, Post } from '../domain/index.js';
import { approvedHash } from './post-guards.js';
import { timeOfDay } from './time-words.js';

/** A post that a social manager sends late (W-POST-5) still stops trying after this many attempts. */
export const MAX_ATTEMPTS = 10;

/** When the scheduler next acts on a scheduled post: its retry time after a failure, else its time. */
export function postDueAt(post: Pick<Post, 'scheduledFor' | 'nextAttemptAt'>): string {
  return post.nextAttemptAt ?? post.scheduledFor;
}

/**
 * Rule W-PUB-3: until when a post may go out, the opportunity's deadline; null for a post a social
 * manager chose to send late (an override reason, W-POST-5), which has no window to respect.
 */
export function sendingClosesAt(post: Pick<Post, 'overrideReason'>, opportunity: Pick<Opportunity, 'deadline'>): Date | null {
  return post.overrideReason !== null ? null : new Date(opportunity.deadline);
}

export function windowOpenAt(post: Pick<Post, 'overrideReason'>, opportunity: Pick<Opportunity, 'deadline'>, at: Date): boolean {
  const closes = sendingClosesAt(post, opportunity);
  return closes === null || at.getTime() <= closes.getTime();
}

/** The words of a post that stopped trying (W-PUB-5): the window's or the cap's, then the last error. */
export function gaveUpReason(post: Pick<Post, 'overrideReason'>, attempts: number, lastError: string | null): string {
  const after = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  const why = post.overrideReason === null ? `the window closed after ${after}` : `gave up after ${after}`;
  return lastError ? `${why}: ${lastError}` : why;
}

/** What the scheduler does with a post whose time has come. */
export type DueStep =
  /** Claim it and send it through its account (W-PUB-4). */
  | { kind: 'send' }
  /** No account to send through: a person posts it (W-PUB-7). */
  | { kind: 'by_hand' }
  /** Its window closed before it was ever tried: never sent late (W-PUB-3). */
  | { kind: 'miss'; reason: string }
  /** Its window closed while it waited to try again (W-PUB-5). */
  | { kind: 'give_up'; reason: string }
  /** Its words are no longer the approved ones: held, never sent (W-PUB-9). */
  | { kind: 'hold' };

/**
 * Rules W-PUB-3, W-PUB-7, W-PUB-9: the step for a due post, from the records alone, so a start
 * after downtime and a timer that fired on time decide the same way.
 */
export function dueStep({ post, draft, opportunity }: { post: Post; draft: Draft; opportunity: Opportunity }, byHand: boolean, now: Date): DueStep {
  if (!windowOpenAt(post, opportunity, now)) {
    const last = post.attempts.at(-1);
    if (last) return { kind: 'give_up', reason: gaveUpReason(post, post.attempts.length, last.message) };
    return {
      kind: 'miss',
      reason: `the window closed at ${timeOfDay(opportunity.deadline)} before it could go out (it was due at ${timeOfDay(post.scheduledFor)}); it was not sent late`,
    };
  }
  // A new version holds the post in the same commit (W-REV-6); this catches any other way round.
  if (approvedHash(draft) !== post.contentHash) return { kind: 'hold' };
  return byHand ? { kind: 'by_hand' } : { kind: 'send' };
}
