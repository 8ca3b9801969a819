import { z } from 'zod';
import { channelSchema } from './channel.js';

export const postStateSchema = z.enum(['scheduled', 'publishing', 'published', 'failed', 'held', 'missed', 'cancelled']);
export type PostState = z.infer<typeof postStateSchema>;

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
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Post = z.infer<typeof postSchema>;
