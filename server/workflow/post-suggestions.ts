import type { Channel } from '../domain/index.js';
import { durationWords, type RelevanceWindow } from '../trends/relevance-windows.js';
import { timeOfDay } from './time-words.js';

/*
 * Suggested post times for a draft: a few moments inside its channel's window, from now until
 * the window closes, that stay out of the team's quiet hours and keep the channel under its
 * posts-per-hour cap, each with the reason in words. Pure: the clock and the channel's other
 * posts are passed in. Earlier is better (what a reaction is worth falls as the window closes),
 * so the first good moments win, spread out enough to be a real choice.
 */

/** Local times the team does not post, `HH:MM` each; a range that passes midnight wraps. */
export interface QuietHours {
  start: string;
  end: string;
  timeZone: string;
}

export interface PostTimingRules {
  quietHours: QuietHours | null;
  /** Most posts one channel gets within any hour, counting the suggested one. */
  postsPerHour: number;
}

export const DEFAULT_POST_TIMING: PostTimingRules = { quietHours: { start: '22:00', end: '07:00', timeZone: 'UTC' }, postsPerHour: 4 };

/** `22:00-07:00` (as the config holds it) in a time zone; `none` is no quiet hours. */
export function parseQuietHours(text: string, timeZone: string): QuietHours | null {
  if (text.trim() === 'none') return null;
  const match = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(text.trim());
  if (!match) throw new Error(`quiet hours must be HH:MM-HH:MM or none, not ${JSON.stringify(text)}`);
  return { start: match[1]!, end: match[2]!, timeZone };
}

export interface SuggestionInput {
  channel: Channel;
  /** The channel's relevance window on the opportunity; null when there is none. */
  window: RelevanceWindow | null;
  now: number;
  /** When the channel's other posts go, or went, out (ms): they count against the cap. */
  channelPosts: readonly number[];
  rules: PostTimingRules;
}

export interface PostSuggestion {
  /** ISO time. */
  at: string;
  channel: Channel;
  reason: string;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
/** Later suggestions sit on the quarter hours, as people schedule. */
const SLOT = 15 * MIN;
/** At most this many suggestions, at least this far apart. */
const MAX_SUGGESTIONS = 3;
const SPACING = 30 * MIN;
/** How far ahead a hand-set deadline is searched. */
const HORIZON = 7 * 24 * HOUR;

export function suggestPostTimes({ channel, window, now, channelPosts, rules }: SuggestionInput): PostSuggestion[] {
  if (!window) return [];
  const start = Math.max(now, window.opensAt);
  const end = Math.min(window.closesAt, start + HORIZON);
  const posts = [...channelPosts].sort((a, b) => a - b);
  const suggestions: PostSuggestion[] = [];
  let last: number | null = null;
  for (let at = start; at < end && suggestions.length < MAX_SUGGESTIONS; at = nextSlot(at)) {
    if (last !== null && at - last < SPACING) continue;
    if (rules.quietHours && isQuiet(at, rules.quietHours)) continue;
    const inHour = busiestHour(at, posts) + 1;
    if (inHour > rules.postsPerHour) continue;
    suggestions.push({ at: new Date(at).toISOString(), channel, reason: reasonFor({ at, now, end: window.closesAt, channel, posts, inHour, rules }) });
    last = at;
  }
  return suggestions;
}

function nextSlot(at: number): number {
  return Math.floor(at / SLOT) * SLOT + SLOT;
}

/**
 * The most posts in any one hour that also holds `at`. Such an hour starts after at − 1 h and no
 * later than `at`; sliding its start along, the count only rises where a post after `at` comes
 * into it, so the first such hour and those entry points are all that need counting.
 */
export function busiestHour(at: number, posts: readonly number[]): number {
  const starts = [at - HOUR + 1, ...posts.filter((p) => p > at && p < at + HOUR).map((p) => p - HOUR + 1)];
  return Math.max(...starts.map((s) => posts.filter((p) => p >= s && p < s + HOUR).length));
}

/** Whether `at` falls in the quiet hours, read on the team's clock. */
export function isQuiet(at: number, quiet: QuietHours): boolean {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  const local = localMinutes(at, quiet.timeZone);
  return start < end ? local >= start && local < end : local >= start || local < end;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const clocks = new Map<string, Intl.DateTimeFormat>();
function localMinutes(at: number, timeZone: string): number {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clocks.set(timeZone, clock);
  }
  const parts = clock.formatToParts(new Date(at));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part('hour') * 60 + part('minute');
}

function reasonFor(s: { at: number; now: number; end: number; channel: Channel; posts: readonly number[]; inHour: number; rules: PostTimingRules }): string {
  const when = s.at === s.now ? 'now' : timeOfDay(new Date(s.at));
  const notes: string[] = [];
  const quiet = s.rules.quietHours;
  if (quiet && isQuiet(s.at - SLOT, quiet)) notes.push(`first time after quiet hours (${quiet.start}–${quiet.end} ${quiet.timeZone})`);
  const before = s.posts.filter((p) => p <= s.at && s.at - p < HOUR).at(-1);
  if (before !== undefined) notes.push(`after the ${timeOfDay(new Date(before)).slice(0, 5)} post`);
  if (s.inHour > 1) notes.push(`${s.inHour} of at most ${s.rules.postsPerHour} ${s.channel} posts that hour`);
  return `${when}: ${durationWords(s.end - s.at)} left on ${s.channel}${notes.length > 0 ? `; ${notes.join(', ')}` : ''}`;
}
