import cron from 'node-cron';

/** How far ahead to look before deciding an expression never fires (29 February, a weekday that never falls on the 31st...). */
const SEARCH_DAYS = 366 * 4;

/**
 * The first time strictly after `after` that a node-cron expression fires, in the server's local
 * time as node-cron uses it; null when it never does. node-cron only tells this for "now", and
 * the runtime needs it for its own (injected) clock.
 */
export function nextCronRun(expression: string, after: Date): Date | null {
  if (!cron.validate(expression)) return null;
  const fields = cron.parse(expression);
  const numbers = (values: ReadonlyArray<number | string>) => values.filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
  const seconds = numbers(fields.second);
  const minutes = numbers(fields.minute);
  const hours = numbers(fields.hour);
  const days = new Set(numbers(fields.dayOfMonth));
  const months = new Set(numbers(fields.month));
  const weekdays = new Set(numbers(fields.dayOfWeek).map((d) => d % 7));

  // The next whole second after `after`: that is the earliest a tick can be.
  const start = new Date(Math.floor(after.getTime() / 1000) * 1000 + 1000);
  const day = new Date(start.getFullYear(), start.getMonth(), start.getDate());
  for (let i = 0; i < SEARCH_DAYS; i++, day.setDate(day.getDate() + 1)) {
    if (!months.has(day.getMonth() + 1) || !days.has(day.getDate()) || !weekdays.has(day.getDay())) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        for (const second of seconds) {
          const candidate = new Date(day.getFullYear(), day.getMonth(), day.getDate(), hour, minute, second);
          // A local time skipped by a daylight-saving change lands elsewhere: only keep real matches.
          if (candidate.getHours() !== hour || candidate.getMinutes() !== minute) continue;
          if (candidate >= start) return candidate;
        }
      }
    }
  }
  return null;
}
