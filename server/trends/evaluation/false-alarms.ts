import { HOUR_MS, type TrendedStory } from './alarms.js';

export interface FalseAlarmSummary {
  /** Stories that trended at some point. */
  trendingStories: number;
  /** Trending stories more than half of whose items are labelled `none`. */
  falseAlarms: number;
  /** Ids of those stories. */
  stories: string[];
  /** Simulated time from the stream's first item to its last, in days. */
  days: number;
  /** The stream's mean rate over that time. */
  itemsPerHour: number;
  /** falseAlarms / days / (itemsPerHour / 1000); null when the stream spans no time. */
  perDayPer1000ItemsPerHour: number | null;
}

/**
 * False alarms, as the data README defines them: trending stories made mostly of `none` items,
 * per simulated day per 1,000 items/hour of stream (so a busier stream is allowed more).
 */
export function scoreFalseAlarms(
  items: ReadonlyArray<{ label: string; story: string | null; at: number }>,
  stories: readonly TrendedStory[],
  noneLabel = 'none',
): FalseAlarmSummary {
  const counts = new Map<string, { none: number; all: number }>();
  let first = Infinity;
  let last = -Infinity;
  for (const item of items) {
    first = Math.min(first, item.at);
    last = Math.max(last, item.at);
    if (item.story === null) continue;
    const count = counts.get(item.story) ?? { none: 0, all: 0 };
    count.all += 1;
    if (item.label === noneLabel) count.none += 1;
    counts.set(item.story, count);
  }
  const trending = stories.filter((s) => s.trendingAt !== null);
  const flagged = trending.filter((s) => {
    const count = counts.get(s.story);
    return count !== undefined && count.none * 2 > count.all;
  });
  const spanMs = items.length > 0 ? last - first : 0;
  const days = spanMs / (24 * HOUR_MS);
  const itemsPerHour = spanMs > 0 ? items.length / (spanMs / HOUR_MS) : 0;
  return {
    trendingStories: trending.length,
    falseAlarms: flagged.length,
    stories: flagged.map((s) => s.story),
    days,
    itemsPerHour,
    perDayPer1000ItemsPerHour: spanMs > 0 ? flagged.length / days / (itemsPerHour / 1000) : null,
  };
}
