import { CHANNELS, DEFAULT_WINDOW_HOURS, type Channel, type Story } from '../domain/index.js';

/*
 * Relevance windows: how long a reaction on a channel stays worth making. A story's window on
 * a channel opens when the story starts to trend (`trendingAt`) and closes that channel's
 * hours later, its deadline. Each channel of the story has its own window; times are ms since
 * the epoch and the clock is always passed in.
 */

export type WindowHours = Readonly<Record<Channel, number>>;

export interface RelevanceWindow {
  channel: Channel;
  opensAt: number;
  closesAt: number;
}

/** The defaults of DEFAULT_WINDOW_HOURS with configured hours laid over them; refuses hours that are not positive. */
export function windowHours(overrides: Partial<Record<Channel, number>> = {}): WindowHours {
  const hours = { ...DEFAULT_WINDOW_HOURS };
  for (const channel of CHANNELS) {
    const value = overrides[channel];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value <= 0) throw new Error(`window hours for ${channel} must be a positive number, not ${value}`);
    hours[channel] = value;
  }
  return hours;
}

const HOUR = 3_600_000;

/** One window per channel of the story, or none while it is not trending. */
export function storyWindows(story: Pick<Story, 'channels' | 'trending' | 'trendingAt'>, hours: WindowHours = DEFAULT_WINDOW_HOURS): RelevanceWindow[] {
  if (!story.trending || story.trendingAt === null) return [];
  const opensAt = Date.parse(story.trendingAt);
  if (Number.isNaN(opensAt)) return [];
  return [...new Set(story.channels)].map((channel) => ({ channel, opensAt, closesAt: opensAt + hours[channel] * HOUR }));
}

export function isOpen(window: RelevanceWindow, now: number): boolean {
  return now >= window.opensAt && now < window.closesAt;
}

export function remainingMs(window: RelevanceWindow, now: number): number {
  return Math.max(0, window.closesAt - Math.max(now, window.opensAt));
}

/** The share of the window still ahead: 1 before it opens and at its opening, 0 once closed. */
export function remainingFraction(window: RelevanceWindow, now: number): number {
  const length = window.closesAt - window.opensAt;
  if (length <= 0) return 0;
  return Math.min(1, Math.max(0, (window.closesAt - now) / length));
}

export function openWindows(windows: readonly RelevanceWindow[], now: number): RelevanceWindow[] {
  return windows.filter((w) => isOpen(w, now));
}

/** The latest close among the windows: while any channel can still react, the story is live. */
export function latestDeadline(windows: readonly RelevanceWindow[]): number | null {
  return windows.reduce<number | null>((latest, w) => (latest === null || w.closesAt > latest ? w.closesAt : latest), null);
}

/** "2 h 10 min", "45 min", "less than a minute". */
export function durationWords(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
