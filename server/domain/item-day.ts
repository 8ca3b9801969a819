import { z } from 'zod';
import { channelSchema } from './channel.js';

/*
 * The item figures of one UTC day (by the items' publishedAt) on one channel, kept after
 * retention deletes the items themselves (issue 9: "stories and their figures are kept in
 * aggregate"). Counts only: no author handle and no text, so an erasure has nothing to remove
 * here (docs/measurement.md, "After retention").
 */

const count = z.number().int().nonnegative();
/** Items per key (a source id, a story id, a language, a region). */
const counts = z.record(z.string(), count);
/** Items per hour of the day, UTC: index 0 = 00:00–01:00. */
const hours = z.array(count).length(24);

/** What the when-and-where figures need: hours, primary languages, regions. */
export const itemDayPlacesSchema = z.object({ items: count, hours, languages: counts, regions: counts });
export type ItemDayPlaces = z.infer<typeof itemDayPlacesSchema>;

/** One beat's part: its matching items, their sentiment, sources and stories, and where and when they were. */
export const itemDayBeatSchema = itemDayPlacesSchema.extend({
  /** Sum of the AFINN scores of the matching items with letters in them, and how many those were. */
  sentimentSum: z.number(),
  scored: count,
  sources: counts,
  stories: counts,
});
export type ItemDayBeat = z.infer<typeof itemDayBeatSchema>;

export const itemDaySchema = z.object({
  /** `<day>:<channel>`, so a day is tallied once: a second write of it conflicts. */
  id: z.string().min(1),
  rev: z.number().int().nonnegative(),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  channel: channelSchema,
  /** Every item of the day on the channel, whatever it matched. */
  all: itemDayPlacesSchema,
  /** Per beat that matched at least one item, with the beats as they were when the day was tallied. */
  beats: z.record(z.string(), itemDayBeatSchema),
  createdAt: z.string(),
});
export type ItemDay = z.infer<typeof itemDaySchema>;

export function itemDayId(day: string, channel: string): string {
  return `${day}:${channel}`;
}
