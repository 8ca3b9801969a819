import type { Channel } from '../domain/index.js';
import { timeWeight } from '../trends/opportunity-score.js';
import { durationWords, remainingFraction, type RelevanceWindow } from '../trends/relevance-windows.js';
import { engagementProfile, hourOfWeek, type EngagementProfile, type PostReception } from './engagement-hours.js';
import { timeOfDay } from './time-words.js';

/*
 * Suggested post times for a draft: a few moments inside its channel's window, from now until
 * the window closes, that stay out of the team's quiet hours and keep the channel under its
 * posts-per-hour cap, each with the reason in words. Pure: the clock, the channel's other posts
 * and its past posts' engagement are passed in.
 *
 * Earlier is better (what a reaction is worth falls as the window closes), and so is an hour when
 * the channel's audience engaged with past posts. Each moment is weighed by both: the average
 * engagement of its hour of the week (the channel's overall average for an hour with no post
 * yet) times what a reaction is still worth then (the opportunity score's time factor: 1 at the
 * window's opening, 0.25 at its last minute). The heaviest win, spread out enough to be a real
 * choice. Before the channel has any measured engagement, the first good moments win.
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
  /** The team's clock, for the hours of the week engagement is learned by; else the quiet hours' zone, else UTC. */
  timeZone?: string;
}

export const DEFAULT_POST_TIMING: PostTimingRules = { quietHours: { start: '22:00', end: '07:00', timeZone: 'UTC' }, postsPerHour: 4, timeZone: 'UTC' };

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
  /** The channel's past posts with their final engagement (engagement-hours.ts); none yet when left out. */
  history?: readonly PostReception[];
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

interface Moment {
  at: number;
  /** Posts of the channel in its busiest hour, counting this one. */
  inHour: number;
  /** Expected engagement × what a reaction is still worth; 0 before there is engagement data. */
  weight: number;
}

export function suggestPostTimes({ channel, window, now, channelPosts, rules, history = [] }: SuggestionInput): PostSuggestion[] {
  if (!window) return [];
  const start = Math.max(now, window.opensAt);
  const end = Math.min(window.closesAt, start + HORIZON);
  const posts = [...channelPosts].sort((a, b) => a - b);
  const profile = engagementProfile(history, rules.timeZone ?? rules.quietHours?.timeZone ?? 'UTC');
  const moments: Moment[] = [];
  for (let at = start; at < end; at = nextSlot(at)) {
    if (rules.quietHours && isQuiet(at, rules.quietHours)) continue;
    const inHour = busiestHour(at, posts) + 1;
    if (inHour > rules.postsPerHour) continue;
    moments.push({ at, inHour, weight: expectedEngagement(at, profile) * timeWeight(remainingFraction(window, at)) });
  }
  return pickSpreadOut(moments)
    .sort((a, b) => a.at - b.at)
    .map(({ at, inHour }) => ({ at: new Date(at).toISOString(), channel, reason: reasonFor({ at, now, end: window.closesAt, channel, posts, inHour, rules, profile }) }));
}

/** What a post at `at` is expected to draw: its hour's average, else the channel's; 0 with no data. */
function expectedEngagement(at: number, profile: EngagementProfile): number {
  return profile.hours.get(hourOfWeek(at, profile.timeZone))?.average ?? profile.overall?.average ?? 0;
}

/** The heaviest moments (the earlier of two equal ones) at least SPACING apart from each other. */
function pickSpreadOut(moments: readonly Moment[]): Moment[] {
  const ranked = [...moments].sort((a, b) => b.weight - a.weight || a.at - b.at);
  const picked: Moment[] = [];
  for (const moment of ranked) {
    if (picked.length === MAX_SUGGESTIONS) break;
    if (picked.every((other) => Math.abs(other.at - moment.at) >= SPACING)) picked.push(moment);
  }
  return picked;
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

function reasonFor(s: { at: number; now: number; end: number; channel: Channel; posts: readonly number[]; inHour: number; rules: PostTimingRules; profile: EngagementProfile }): string {
  const when = s.at === s.now ? 'now' : timeOfDay(new Date(s.at));
  const notes: string[] = [];
  const quiet = s.rules.quietHours;
  if (quiet && isQuiet(s.at - SLOT, quiet)) notes.push(`first time after quiet hours (${quiet.start}–${quiet.end} ${quiet.timeZone})`);
  const before = s.posts.filter((p) => p <= s.at && s.at - p < HOUR).at(-1);
  if (before !== undefined) notes.push(`after the ${timeOfDay(new Date(before)).slice(0, 5)} post`);
  if (s.inHour > 1) notes.push(`${s.inHour} of at most ${s.rules.postsPerHour} ${s.channel} posts that hour`);
  return `${when}: ${durationWords(s.end - s.at)} left on ${s.channel}; ${engagementWords(s.at, s.channel, s.profile)}${notes.length > 0 ? `; ${notes.join(', ')}` : ''}`;
}

/** What the channel's past posts say about the hour of `at`, in words. */
function engagementWords(at: number, channel: Channel, profile: EngagementProfile): string {
  if (!profile.overall) return 'no engagement data yet';
  const hour = profile.hours.get(hourOfWeek(at, profile.timeZone));
  if (!hour) return `no ${channel} posts at this hour yet (avg ${Math.round(profile.overall.average)} at other hours)`;
  const posts = `${hour.posts} post${hour.posts === 1 ? '' : 's'}`;
  return hour.average === profile.bestAverage
    ? `your ${channel} posts at this hour drew the most engagement (avg ${Math.round(hour.average)}, ${posts})`
    : `your ${channel} posts at this hour drew avg ${Math.round(hour.average)} engagement (${posts})`;
}
