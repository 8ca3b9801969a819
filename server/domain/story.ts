import { z } from 'zod';
import { channelSchema } from './channel.js';

/** A cluster of items about the same event, with its trend figures. */
export const storySchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  /** The terms that characterise the story, strongest first. */
  terms: z.array(z.string()),
  channels: z.array(channelSchema),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  itemCount: z.number().int().nonnegative(),
  sourceCount: z.number().int().nonnegative(),
  authorCount: z.number().int().nonnegative(),
  /** Items per hour over the last hour. */
  velocity: z.number(),
  /** Change in velocity against the hour before, per hour. */
  acceleration: z.number(),
  burstScore: z.number(),
  /** Item counts per bucket, oldest first, for sparklines. */
  buckets: z.array(z.number().int().nonnegative()),
  trending: z.boolean(),
  trendingAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type Story = z.infer<typeof storySchema>;
