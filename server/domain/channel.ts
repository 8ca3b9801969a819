import { z } from 'zod';

/** Where content lives. Each channel has a default relevance window. */
export const channelSchema = z.enum(['news', 'reddit', 'mastodon', 'bluesky', 'hackernews', 'youtube', 'x']);
export type Channel = z.infer<typeof channelSchema>;

export const CHANNELS: readonly Channel[] = channelSchema.options;

/** Hours a reaction stays worth making, per channel (DESIGN.md section 1: 2 to 8 hours). */
export const DEFAULT_WINDOW_HOURS: Readonly<Record<Channel, number>> = {
  x: 2,
  bluesky: 2,
  mastodon: 3,
  reddit: 6,
  hackernews: 6,
  youtube: 8,
  news: 8,
};
