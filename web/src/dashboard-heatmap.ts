/**
 * The "when" of the audience: items per hour of the week, laid out as 7 rows (Monday…Sunday)
 * of 24 hours (UTC), for one channel or every channel summed.
 */
import type { Channel } from '../../server/realtime/protocol.js';
import type { WhenAndWhere } from './dashboard-wire.js';

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export const HOURS_PER_WEEK = 7 * 24;
/** How many shades a cell can take besides "none". */
export const HEAT_LEVELS = 4;

export interface HeatCell {
  /** 0 = Monday. */
  day: number;
  hour: number;
  count: number;
  /** 0 for none, 1…HEAT_LEVELS by share of the busiest hour. */
  level: number;
  label: string;
}

export interface HeatGrid {
  rows: HeatCell[][];
  max: number;
  total: number;
  /** The busiest hour, or null when there is nothing. */
  busiest: HeatCell | null;
}

/** "all" sums every channel; a channel shows its own row of hours. */
export type HeatChannel = Channel | 'all';

/** Hours of the week for the picked channel: every channel summed, or one (zeros when absent). */
export function hoursOf(heatmap: WhenAndWhere['heatmap'], channel: HeatChannel): number[] {
  const hours = new Array<number>(HOURS_PER_WEEK).fill(0);
  for (const entry of heatmap) {
    if (channel !== 'all' && entry.channel !== channel) continue;
    for (let index = 0; index < HOURS_PER_WEEK; index += 1) hours[index]! += entry.hours[index] ?? 0;
  }
  return hours;
}

/** A cell's shade: none for zero, else 1…levels by its share of the busiest hour, so any activity shows. */
export function heatLevel(count: number, max: number, levels = HEAT_LEVELS): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.min(levels, Math.max(1, Math.ceil((count / max) * levels)));
}

const pad = (hour: number) => String(hour).padStart(2, '0');

/** "Tuesday 14:00–15:00 UTC: 3 items": what a cell says to a pointer and a screen reader. */
export function heatCellLabel(day: number, hour: number, count: number): string {
  return `${WEEKDAYS[day]} ${pad(hour)}:00–${pad((hour + 1) % 24)}:00 UTC: ${count} ${count === 1 ? 'item' : 'items'}`;
}

/** The 7 × 24 grid of the hours of the week (index 0 = Monday 00:00 UTC). */
export function heatGrid(hours: readonly number[]): HeatGrid {
  let max = 0;
  let total = 0;
  for (const count of hours) {
    max = Math.max(max, count);
    total += count;
  }
  let busiest: HeatCell | null = null;
  const rows = WEEKDAYS.map((_name, day) =>
    Array.from({ length: 24 }, (_unused, hour) => {
      const count = hours[day * 24 + hour] ?? 0;
      const cell: HeatCell = { day, hour, count, level: heatLevel(count, max), label: heatCellLabel(day, hour, count) };
      if (count > 0 && (!busiest || count > busiest.count)) busiest = cell;
      return cell;
    }),
  );
  return { rows, max, total, busiest };
}

/** The channels that have any activity, busiest first: the heat map's picker offers these. */
export function activeChannels(heatmap: WhenAndWhere['heatmap']): Channel[] {
  return heatmap
    .map((entry) => ({ channel: entry.channel, total: entry.hours.reduce((sum, count) => sum + count, 0) }))
    .filter((entry) => entry.total > 0)
    .sort((a, b) => b.total - a.total || a.channel.localeCompare(b.channel))
    .map((entry) => entry.channel);
}
