/*
 * Choosing when a post goes out: a custom time from a datetime-local field, checked against the
 * rules the server applies (W-POST-1, W-POST-2) before the member presses the button, and
 * against the channel's own window, which the server does not enforce but the newsroom cares about.
 */

const MINUTE = 60_000;
/** The server refuses a time more than this far in the past (W-POST-1). */
export const PAST_TOLERANCE_MS = MINUTE;

/** `YYYY-MM-DDTHH:MM` in the member's time zone, what a datetime-local field holds. */
export function toLocalInput(ms: number): string {
  const at = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** The instant a datetime-local value names in the member's time zone, or null when it names none. */
export function fromLocalInput(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number | undefined];
  const at = new Date(y, mo - 1, d, h, mi, Number.isNaN(s) || s === undefined ? 0 : s);
  // Dates such as 31 February roll over; refuse them rather than post on 3 March.
  if (at.getMonth() !== mo - 1 || at.getDate() !== d) return null;
  return at.getTime();
}

export interface ScheduleLimits {
  now: number;
  channel: string;
  /** The channel's window (ms). */
  opensAt: number;
  closesAt: number;
  /** The opportunity's deadline (ms): the server refuses later times without an override reason. */
  deadline: number;
}

export type TimeCheck =
  | { ok: true; warning: string | null }
  | { ok: false; reason: string };

/** Whether the server would take `at`, and if so whether it falls outside the channel's window. */
export function checkScheduleTime(at: number | null, limits: ScheduleLimits, clock: (ms: number) => string): TimeCheck {
  if (at === null) return { ok: false, reason: 'Choose a date and a time.' };
  if (at < limits.now - PAST_TOLERANCE_MS) return { ok: false, reason: `${clock(at)} has passed: choose a later time, or post now.` };
  if (at > limits.deadline) {
    return { ok: false, reason: `The window closes at ${clock(limits.deadline)}, before ${clock(at)}: choose an earlier time.` };
  }
  if (at > limits.closesAt) {
    return { ok: true, warning: `The ${limits.channel} window closes at ${clock(limits.closesAt)}; by ${clock(at)} the reaction is worth little there.` };
  }
  if (at < limits.opensAt) return { ok: true, warning: `The window opens at ${clock(limits.opensAt)}; before then the story is not moving yet.` };
  return { ok: true, warning: null };
}
