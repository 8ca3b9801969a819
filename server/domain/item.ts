import { z } from 'zod';
import { channelSchema } from './channel.js';

export const engagementSchema = z.object({
  likes: z.number().nonnegative().optional(),
  reposts: z.number().nonnegative().optional(),
  replies: z.number().nonnegative().optional(),
  score: z.number().optional(),
  views: z.number().nonnegative().optional(),
});
export type Engagement = z.infer<typeof engagementSchema>;

/** One normalized post or article, whatever its origin. */
export const itemSchema = z.object({
  id: z.string().min(1),
  sourceId: z.string().min(1),
  channel: channelSchema,
  /** The platform's own id (guid, status id, ...). */
  externalId: z.string().min(1),
  author: z.string().nullable(),
  title: z.string().nullable(),
  /** Plain text: never rendered as HTML. */
  text: z.string(),
  /** Sanitized HTML, when the platform gave HTML. */
  html: z.string().nullable(),
  /** Canonical: tracking parameters removed. */
  url: z.string().nullable(),
  publishedAt: z.string(),
  fetchedAt: z.string(),
  language: z.string().nullable(),
  engagement: engagementSchema,
  /** Set by the trend detector once the item joins a story. */
  storyId: z.string().nullable(),
});
export type Item = z.infer<typeof itemSchema>;
