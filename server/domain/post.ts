import { z } from 'zod';
import { channelSchema } from './channel.js';

/**
 * `publishing`: claimed by the scheduler for one attempt. `needs_confirmation`: a send was cut
 * off where the platform cannot be asked whether it arrived; a person looks and says.
 * `awaiting_manual`: due, with no account to send through; a person posts it and records the URL.
 */
export const postStateSchema = z.enum(['scheduled', 'publishing', 'published', 'failed', 'held', 'missed', 'cancelled', 'needs_confirmation', 'awaiting_manual']);
export type PostState = z.infer<typeof postStateSchema>;

/** One try at sending a post; retries reuse the post's idempotency key. */
export const postAttemptSchema = z.object({
  id: z.string().min(1),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** `pending` while under way; `retry` a 5xx, 429 or no answer; `rejected` a 4xx; `unknown` cut off by a crash. */
  outcome: z.enum(['pending', 'published', 'retry', 'rejected', 'unknown']),
  /** What happened, in words (the platform's own for a refusal). */
  message: z.string().nullable(),
});
export type PostAttempt = z.infer<typeof postAttemptSchema>;

/** The post's reception at one moment, as the platform counts it. */
export const engagementSampleSchema = z.object({
  at: z.string(),
  likes: z.number().int().nonnegative(),
  reposts: z.number().int().nonnegative(),
  replies: z.number().int().nonnegative(),
});
export type EngagementSample = z.infer<typeof engagementSampleSchema>;

/** A draft version scheduled or published on one channel. */
export const postSchema = z.object({
  id: z.string().min(1),
  rev: z.number().int().nonnegative(),
  draftId: z.string().min(1),
  opportunityId: z.string().min(1),
  version: z.number().int().positive(),
  contentHash: z.string(),
  channel: channelSchema,
  state: postStateSchema,
  scheduledFor: z.string(),
  scheduledBy: z.string(),
  /** Why it is held (window closed, review reopened, new risk). */
  holdReason: z.string().nullable(),
  /** A social manager's reason for sending it past its window anyway. */
  overrideReason: z.string().nullable(),
  publishedAt: z.string().nullable(),
  platformId: z.string().nullable(),
  /** The publishing account it goes out through; null: a person posts it by hand. */
  accountId: z.string().nullable(),
  /** Sent with every attempt, so a retry can never publish twice. */
  idempotencyKey: z.string(),
  attempts: z.array(postAttemptSchema),
  /** When the scheduler tries again after a retryable failure; null otherwise. */
  nextAttemptAt: z.string().nullable(),
  /** Why it failed, was missed or needs a person, in words. */
  failureReason: z.string().nullable(),
  /** Where the published post can be seen. */
  url: z.string().nullable(),
  /** Engagement over time, oldest first (capped), polled after publication while it matters. */
  engagement: z.array(engagementSampleSchema),
  /** When engagement is polled next; null when it is no longer watched. */
  nextEngagementAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Post = z.infer<typeof postSchema>;
