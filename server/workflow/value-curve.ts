import { reactionValue } from '../trends/opportunity-score.js';
import type { RelevanceWindow } from '../trends/relevance-windows.js';

const MIN = 60_000;

/** The moments the board asks about: ship now, or after another half hour or two hours of work. */
export const VALUE_CURVE_MOMENTS: ReadonlyArray<{ label: string; afterMs: number }> = [
  { label: 'now', afterMs: 0 },
  { label: 'in 30 min', afterMs: 30 * MIN },
  { label: 'in 2 h', afterMs: 120 * MIN },
];

export interface ValuePoint {
  label: string;
  /** ISO time. */
  at: string;
  /** What a reaction shipped then is worth, 0 to 1: 1 at the window's opening, 0 once it closed. */
  value: number;
}

/**
 * What a reaction is still worth if it ships at each moment: the detector's own time weighting
 * (reactionValue), so the curve and the score never disagree about what waiting costs.
 */
export function valueCurve(windows: readonly RelevanceWindow[], now: number): ValuePoint[] {
  return VALUE_CURVE_MOMENTS.map(({ label, afterMs }) => {
    const at = now + afterMs;
    return { label, at: new Date(at).toISOString(), value: Math.round(reactionValue(windows, at) * 1000) / 1000 };
  });
}
