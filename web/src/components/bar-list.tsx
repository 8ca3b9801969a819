import { barShare } from '../dashboard-figures.js';
import { formatCount } from '../dashboard-format.js';
import '../styles/dashboard.css';

export interface Bar {
  key: string;
  label: string;
  value: number;
  /** What the number says, when a plain count is not it: "62 %", "9 of 14 grew". */
  display?: string;
  /** A second line under the label, quieter. */
  note?: string;
}

/**
 * Horizontal bars, longest first as given, scaled to the longest (or to `max`). Plain HTML, so
 * each row reads as a sentence and the list wraps at any width; the bar only helps the eye.
 */
export function BarList({ bars, max, label, testid }: { bars: readonly Bar[]; max?: number; label: string; testid?: string }) {
  const longest = max ?? bars.reduce((most, bar) => Math.max(most, bar.value), 0);
  return (
    <ul class="bar-list" aria-label={label} data-testid={testid}>
      {bars.map((bar) => {
        const display = bar.display ?? formatCount(bar.value);
        return (
          <li key={bar.key} class="bar-row" data-testid="bar" data-key={bar.key} data-value={bar.value}>
            <span class="bar-label">
              {bar.label}
              {bar.note && <span class="bar-note">{bar.note}</span>}
            </span>
            <span class="bar-track" aria-hidden="true">
              <span class="bar-fill" style={{ width: `${(barShare(bar.value, longest) * 100).toFixed(1)}%` }} />
            </span>
            <span class="bar-value">{display}</span>
          </li>
        );
      })}
    </ul>
  );
}
