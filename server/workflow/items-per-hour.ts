import type { SourceHealth } from '../domain/index.js';

const HOUR_MS = 3_600_000;
const WINDOW_HOURS = 24;

type HourCounts = SourceHealth['itemsByHour'];

/** Adds `count` new items to the clock hour of `now` and drops hours older than a day. */
export function countItems(previous: HourCounts, now: Date, count: number): HourCounts {
  const hour = hourOf(now);
  const since = hourOf(new Date(now.getTime() - (WINDOW_HOURS - 1) * HOUR_MS));
  const kept = previous.filter((entry) => entry.hour >= since);
  if (count === 0) return kept;
  const current = kept.find((entry) => entry.hour === hour);
  return current ? kept.map((entry) => (entry === current ? { hour, count: entry.count + count } : entry)) : [...kept, { hour, count }];
}

/**
 * New items per hour over the last 24 hours, or over the time since the source was added when
 * that is shorter (at least an hour), so a source added this morning is not shown as quiet.
 */
export function itemsPerHour(counts: HourCounts, now: Date, createdAt: string): number {
  const since = hourOf(new Date(now.getTime() - (WINDOW_HOURS - 1) * HOUR_MS));
  const total = counts.filter((entry) => entry.hour >= since).reduce((sum, entry) => sum + entry.count, 0);
  const ageHours = (now.getTime() - Date.parse(createdAt)) / HOUR_MS;
  const hours = Math.min(WINDOW_HOURS, Math.max(1, Number.isFinite(ageHours) ? ageHours : WINDOW_HOURS));
  return Math.round((total / hours) * 100) / 100;
}

/** `2024-06-11T09` for any time in that UTC hour: sortable as text. */
function hourOf(at: Date): string {
  return at.toISOString().slice(0, 13);
}
