import { channelSchema, type DashboardQuery } from '../domain/index.js';

/** The longest period a dashboard covers: a year, leap day included. */
export const MAX_PERIOD_DAYS = 366;
/** The period when none is given: the seven days up to now. */
export const DEFAULT_PERIOD_DAYS = 7;
const DAY_MS = 86_400_000;

/** A query the dashboard refuses, naming the field at fault. */
export class DashboardQueryError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'DashboardQueryError';
  }
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** "2026-11-02" is that day's 00:00 UTC; a date and time needs its zone ("Z" or "+01:00"). */
export function parseInstant(field: string, text: string): string {
  const value = text.trim();
  const ms = DATE_ONLY.test(value) ? Date.parse(`${value}T00:00:00.000Z`) : DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
  // Date.parse accepts 2026-02-31 and rolls over: the round trip catches it.
  if (Number.isNaN(ms) || (DATE_ONLY.test(value) && new Date(ms).toISOString().slice(0, 10) !== value)) {
    throw new DashboardQueryError(field, `"${text}" is not a date (YYYY-MM-DD) or a date and time with its zone (2026-11-02T09:00:00Z)`);
  }
  return new Date(ms).toISOString();
}

export interface DashboardQueryInput {
  from?: string | undefined;
  to?: string | undefined;
  beatId?: string | null | undefined;
  channel?: string | null | undefined;
}

/**
 * The query, checked: `from` inclusive, `to` exclusive, `from` before `to`, at most 366 days
 * apart, a known channel. Without `to` the period ends now; without `from` it starts seven days
 * before its end.
 */
export function dashboardQuery(input: DashboardQueryInput, now: Date): DashboardQuery {
  const to = input.to === undefined || input.to === '' ? now.toISOString() : parseInstant('to', input.to);
  const from = input.from === undefined || input.from === '' ? new Date(Date.parse(to) - DEFAULT_PERIOD_DAYS * DAY_MS).toISOString() : parseInstant('from', input.from);
  if (Date.parse(from) >= Date.parse(to)) throw new DashboardQueryError('from', `must be before to (${from} is not before ${to})`);
  if (Date.parse(to) - Date.parse(from) > MAX_PERIOD_DAYS * DAY_MS) throw new DashboardQueryError('to', `the period is longer than ${MAX_PERIOD_DAYS} days; ask for a shorter one`);
  let channel: DashboardQuery['channel'] = null;
  if (input.channel !== undefined && input.channel !== null && input.channel !== '') {
    const parsed = channelSchema.safeParse(input.channel);
    if (!parsed.success) throw new DashboardQueryError('channel', `"${input.channel}" is not a channel (${channelSchema.options.join(', ')})`);
    channel = parsed.data;
  }
  const beatId = input.beatId === undefined || input.beatId === null || input.beatId === '' ? null : input.beatId;
  return { from, to, beatId, channel };
}
