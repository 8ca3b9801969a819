/*
 * The dashboard's calendar, all in UTC: days, ISO weeks (starting Monday) and hours of the week.
 */

const DAY_MS = 86_400_000;

/** The UTC day of an ISO time: "2026-11-02". */
export function utcDay(iso: string | number): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/** The Monday (UTC) of the ISO week an instant falls in: "2026-11-02". */
export function weekMonday(iso: string | number): string {
  const date = new Date(iso);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return utcDay(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - sinceMonday));
}

/**
 * 0 = Monday 00:00–01:00 UTC … 167 = Sunday 23:00–24:00 UTC: the numbering of the workflow's
 * hourOfWeek (engagement-hours.ts), which reads any time zone through Intl; the dashboard counts
 * every item in UTC, where plain arithmetic is many times cheaper (and server/measurement may not
 * import server/workflow).
 */
export function hourOfWeek(iso: string | number): number {
  const date = new Date(iso);
  return ((date.getUTCDay() + 6) % 7) * 24 + date.getUTCHours();
}

/** Every UTC day that overlaps [from, to), in order. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(to);
  for (let t = Date.parse(`${utcDay(from)}T00:00:00.000Z`); t < end; t += DAY_MS) days.push(utcDay(t));
  return days;
}

/** Every ISO week's Monday whose week overlaps [from, to), in order. */
export function weeksOf(from: string, to: string): string[] {
  const weeks: string[] = [];
  const end = Date.parse(to);
  for (let t = Date.parse(`${weekMonday(from)}T00:00:00.000Z`); t < end; t += 7 * DAY_MS) weeks.push(utcDay(t));
  return weeks;
}

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
