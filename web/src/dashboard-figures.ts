/**
 * Small reshapings of the API's figures into what a chart draws: the parts of the caught vs
 * missed bar, the weekly reaction-speed lines, the share of a bar.
 */
import type { CaughtMissed, ReactionSpeedRow, Spread } from './dashboard-wire.js';

export interface Part {
  key: string;
  label: string;
  count: number;
  /** Share of the whole (0…1); 0 when the whole is empty. */
  share: number;
}

/** What became of the period's opportunities, in the order a newsroom reads it: good news first. */
export const OUTCOMES = [
  { key: 'publishedInWindow', label: 'Published in window' },
  { key: 'publishedLate', label: 'Published late' },
  { key: 'expired', label: 'Expired' },
  { key: 'dismissed', label: 'Dismissed' },
  { key: 'open', label: 'Still open' },
] as const satisfies ReadonlyArray<{ key: keyof CaughtMissed; label: string }>;

export function outcomeParts(caught: CaughtMissed): { parts: Part[]; total: number } {
  const total = OUTCOMES.reduce((sum, outcome) => sum + caught[outcome.key], 0);
  const parts = OUTCOMES.map(({ key, label }) => ({ key, label, count: caught[key], share: total > 0 ? caught[key] / total : 0 }));
  return { parts, total };
}

/** A bar's length as a share of the longest (0…1). */
export function barShare(value: number, max: number): number {
  return max > 0 ? Math.max(0, Math.min(1, value / max)) : 0;
}

/** The four steps of a reaction, from a story's first item. */
export const REACTION_STEPS = [
  { key: 'toOpportunity', label: 'Opportunity', stroke: '#0b5cad' },
  { key: 'toFirstDraft', label: 'First draft', stroke: '#0f766e' },
  { key: 'toApproval', label: 'Approval', stroke: '#b45309' },
  { key: 'toPublication', label: 'Publication', stroke: '#7c3aed' },
] as const satisfies ReadonlyArray<{ key: keyof ReactionSpeedRow; label: string; stroke: string }>;

/** Whether any row has any measured step: a table of dashes says nothing. */
export function hasReactions(rows: readonly ReactionSpeedRow[]): boolean {
  return rows.some((row) => REACTION_STEPS.some(({ key }) => row[key].count > 0));
}

/**
 * The weekly lines for uPlot: x = each week's Monday (seconds), then for each step its median
 * and its p90 (null where the week had none of that step, which uPlot draws as a gap).
 */
export function weeklySeries(rows: readonly ReactionSpeedRow[]): Array<Array<number | null>> {
  const weeks = [...rows].sort((a, b) => a.group.localeCompare(b.group));
  const x = weeks.map((row) => Date.parse(`${row.group}T00:00:00Z`) / 1000);
  const series: Array<Array<number | null>> = [x];
  for (const { key } of REACTION_STEPS) {
    series.push(weeks.map((row) => (row[key] as Spread).median));
    series.push(weeks.map((row) => (row[key] as Spread).p90));
  }
  return series;
}

/** The largest count across a list, for scaling bars. */
export function maxOf<T>(rows: readonly T[], value: (row: T) => number): number {
  return rows.reduce((max, row) => Math.max(max, value(row)), 0);
}
