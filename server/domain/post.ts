import { z } from 'zod';
import { channelSchema } from './channel.js';

/** A draft version scheduled or published on one channel. */
export const postSchema = z.object({
  id: z.string().min(1),
  draftId: z.string().min(1),
  version: z.number().int().positive(),
  channel: channelSchema,
  state: z.enum(['scheduled', 'publishing', 'published', 'failed', 'held', 'missed']),
  scheduledFor: z.string(),
  publishedAt: z.string().nullable(),
  platformId: z.string().nullable(),
  createdAt: z.string(),
});
export type Post = z.infer<typeof postSchema>;
