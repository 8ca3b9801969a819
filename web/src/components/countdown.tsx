import { useComputed } from '@preact/signals';
import { now } from '../board-context.js';

/** Below these fractions of the window left, the countdown turns amber, then red. */
export const AMBER_FRACTION = 0.5;
export const RED_FRACTION = 0.2;

export type Urgency = 'calm' | 'amber' | 'red' | 'closed';

export function urgencyOf(opensAt: number, closesAt: number, at: number): Urgency {
  const left = closesAt - at;
  if (left <= 0) return 'closed';
  const fraction = left / Math.max(1, closesAt - opensAt);
  if (fraction <= RED_FRACTION) return 'red';
  if (fraction <= AMBER_FRACTION) return 'amber';
  return 'calm';
}

/** "1 h 05 min", "4 min 10 s", "closed". */
export function formatLeft(ms: number): string {
  if (ms <= 0) return 'closed';
  const seconds = Math.floor(ms / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes >= 10) return `${minutes} min`;
  return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/**
 * The live countdown to a window's close. It updates its own text and colour each second from
 * the page's clock, so 500 cards cost 500 text updates, not 500 re-renders.
 */
export function Countdown({ opensAt, closesAt, label = 'left' }: { opensAt: string; closesAt: string; label?: string }) {
  const opens = Date.parse(opensAt);
  const closes = Date.parse(closesAt);
  const urgency = useComputed(() => urgencyOf(opens, closes, now.value));
  const text = useComputed(() => {
    const left = closes - now.value;
    return left > 0 ? `${formatLeft(left)} ${label}` : 'window closed';
  });
  const className = useComputed(() => `countdown urgency-${urgency.value}`);
  return (
    <span class={className} data-testid="countdown" data-urgency={urgency} role="timer" aria-live="off" title={`Window closes ${new Date(closes).toLocaleString()}`}>
      {text}
    </span>
  );
}
