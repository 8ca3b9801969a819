import type { Post } from '../domain/index.js';

/*
 * When a channel's audience engages: from the final engagement of past posts on the channel, the
 * average per hour of the week on the team's clock, for suggested post times to favour. Pure:
 * the posts and the time zone are passed in.
 */

/** One past post: when it went out, and its final engagement (likes + reposts + replies). */
export interface PostReception {
  publishedAt: number;
  engagement: number;
}

export interface HourEngagement {
  /** Mean final engagement of the posts published in that hour. */
  average: number;
  posts: number;
}

export interface EngagementProfile {
  /** By hour of the week on the team's clock: 0 is Monday 00:00–01:00, 167 Sunday 23:00–24:00. */
  hours: ReadonlyMap<number, HourEngagement>;
  /** Over every post: what an hour with no post of its own is expected to draw. Null with no data. */
  overall: HourEngagement | null;
  /** The highest average of any hour; null with no data. */
  bestAverage: number | null;
  timeZone: string;
}

/** The audience changes: the latest posts speak for it, the oldest drop out. */
export const HISTORY_POSTS = 200;

/**
 * A post's final engagement, once its watch is over (W-POST-8); null while it is still read,
 * or when it never was. A reading still under way would count a post before its reception settled.
 */
export function receptionOf(post: Post): PostReception | null {
  const last = post.engagement.at(-1);
  if (post.state !== 'published' || post.publishedAt === null || post.nextEngagementAt !== null || !last) return null;
  return { publishedAt: Date.parse(post.publishedAt), engagement: last.likes + last.reposts + last.replies };
}

export function engagementProfile(history: readonly PostReception[], timeZone: string): EngagementProfile {
  const recent = [...history].sort((a, b) => b.publishedAt - a.publishedAt).slice(0, HISTORY_POSTS);
  const sums = new Map<number, { total: number; posts: number }>();
  for (const { publishedAt, engagement } of recent) {
    const hour = hourOfWeek(publishedAt, timeZone);
    const sum = sums.get(hour) ?? { total: 0, posts: 0 };
    sum.total += engagement;
    sum.posts += 1;
    sums.set(hour, sum);
  }
  const hours = new Map([...sums].map(([hour, { total, posts }]) => [hour, { average: total / posts, posts }]));
  const total = recent.reduce((sum, post) => sum + post.engagement, 0);
  return {
    hours,
    overall: recent.length === 0 ? null : { average: total / recent.length, posts: recent.length },
    bestAverage: hours.size === 0 ? null : Math.max(...[...hours.values()].map((h) => h.average)),
    timeZone,
  };
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const clocks = new Map<string, Intl.DateTimeFormat>();

/** The hour of the week of `at` on the clock of `timeZone`: 0 (Monday 00:00) to 167. */
export function hourOfWeek(at: number, timeZone: string): number {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', hourCycle: 'h23' });
    clocks.set(timeZone, clock);
  }
  const parts = clock.formatToParts(new Date(at));
  const day = WEEKDAYS.indexOf(parts.find((p) => p.type === 'weekday')?.value ?? 'Mon');
  return Math.max(0, day) * 24 + Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
}
