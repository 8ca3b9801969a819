import type { Spread } from '../domain/index.js';
import { median } from '../trends/evaluation/stats.js';

/** Minutes between two ISO times (later minus earlier). */
export function minutesBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 60_000;
}

/** Two decimals: a figure people read, and one a test can write down by hand. */
export function rounded(value: number): number {
  return Math.round(value * 100) / 100;
}

// The detector's evaluation already defines the median the same way (the mean of the two middle
// values of an even count): one definition for both.
export { median } from '../trends/evaluation/stats.js';

/** The nearest-rank percentile: the value at rank ⌈p·n⌉ of the sorted values; null when empty. */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1]!;
}

/** Count, median and p90 (nearest rank) of a set of durations, rounded to two decimals. */
export function spreadOf(values: readonly number[]): Spread {
  const m = median(values);
  const p90 = nearestRank(values, 0.9);
  return { count: values.length, median: m === null ? null : rounded(m), p90: p90 === null ? null : rounded(p90) };
}
