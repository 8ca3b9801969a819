import { useComputed } from '@preact/signals';
import { now } from '../board-context.js';
import { formatClock } from '../relative-time.js';
import { formatLeft } from './countdown.js';
import '../styles/workflow-controls.css';

/** Under this, a review's due time turns amber: there is barely time to read it. */
export const DUE_SOON_MS = 10 * 60_000;

export type DueState = 'due' | 'soon' | 'overdue' | 'escalated';

export function dueStateOf(dueAt: number, escalated: boolean, at: number): DueState {
  if (escalated) return 'escalated';
  if (dueAt <= at) return 'overdue';
  return dueAt - at <= DUE_SOON_MS ? 'soon' : 'due';
}

/**
 * When a review is due, counting down with the page's clock: "due 14:30 · in 12 min",
 * "overdue by 4 min", "escalated · overdue by 20 min". Overdue and escalated are red and say so.
 */
export function DueTime({ dueAt, escalatedAt, testId = 'review-due' }: { dueAt: string; escalatedAt: string | null; testId?: string }) {
  const due = Date.parse(dueAt);
  const state = useComputed(() => dueStateOf(due, escalatedAt !== null, now.value));
  const text = useComputed(() => {
    const left = due - now.value;
    const timing = left > 0 ? `due ${formatClock(dueAt)} · in ${formatLeft(left)}` : `overdue by ${formatLeft(-left || 1000)} (was due ${formatClock(dueAt)})`;
    return escalatedAt ? `Escalated · ${timing}` : timing;
  });
  return (
    <span class="due-time" data-testid={testId} data-state={state} role="timer" aria-live="off" title={`Due ${new Date(due).toLocaleString()}`}>
      {text}
    </span>
  );
}
