/**
 * The dashboard's settings — period, beat and channel — and how they travel: in the page's
 * address (so a reload or a shared link shows the same figures) and as the API's query.
 * Periods are whole UTC days, as the API counts its days and weeks in UTC.
 */
import type { Channel } from '../../server/realtime/protocol.js';
import type { DashboardChart } from './dashboard-wire.js';

export type RangePreset = '7d' | '30d' | '90d' | 'custom';

export const RANGE_PRESETS: ReadonlyArray<{ preset: Exclude<RangePreset, 'custom'>; days: number; label: string }> = [
  { preset: '7d', days: 7, label: 'Last 7 days' },
  { preset: '30d', days: 30, label: 'Last 30 days' },
  { preset: '90d', days: 90, label: 'Last 90 days' },
];

export const DEFAULT_PRESET: RangePreset = '30d';

export interface DashboardSettings {
  preset: RangePreset;
  /** First and last day (YYYY-MM-DD, both included) of a custom period; ignored for a preset. */
  fromDay: string;
  toDay: string;
  /** '' for every beat / every channel. */
  beatId: string;
  channel: Channel | '';
}

/** The period sent to the API: inclusive start, exclusive end, ISO times. */
export interface Period {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const dayOf = (at: number): string => new Date(at).toISOString().slice(0, 10);
const startOfDay = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const isDay = (value: string | null): value is string => value !== null && DAY.test(value) && !Number.isNaN(startOfDay(value));

/** The preset's days, ending today (UTC), as a custom range would write them. */
export function presetDays(preset: Exclude<RangePreset, 'custom'>, now: number): { fromDay: string; toDay: string } {
  const days = RANGE_PRESETS.find((entry) => entry.preset === preset)?.days ?? 30;
  const today = startOfDay(dayOf(now));
  return { fromDay: dayOf(today - (days - 1) * DAY_MS), toDay: dayOf(today) };
}

export function defaultSettings(now: number): DashboardSettings {
  return { preset: DEFAULT_PRESET, ...presetDays('30d', now), beatId: '', channel: '' };
}

/** The period of the settings: a preset ends at the end of today (UTC); a custom one at the end of its last day. */
export function periodOf(settings: DashboardSettings, now: number): Period {
  const { fromDay, toDay } = settings.preset === 'custom' ? settings : presetDays(settings.preset, now);
  const from = startOfDay(fromDay);
  const to = Math.max(from, startOfDay(toDay)) + DAY_MS;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** Whether a custom range can be asked for; the reason in words when not. */
export function rangeProblem(settings: DashboardSettings): string | null {
  if (settings.preset !== 'custom') return null;
  if (!isDay(settings.fromDay) || !isDay(settings.toDay)) return 'Pick both a first and a last day.';
  if (startOfDay(settings.toDay) < startOfDay(settings.fromDay)) return 'The last day comes before the first: swap them.';
  return null;
}

const PRESETS = new Set<string>(['7d', '30d', '90d', 'custom']);

/** The settings in the page's address (`range=7d&beat=…`), with defaults for what is missing or wrong. */
export function settingsFromQuery(query: string, now: number, channels?: readonly string[]): DashboardSettings {
  const params = new URLSearchParams(query);
  const settings = defaultSettings(now);
  const range = params.get('range');
  const from = params.get('from');
  const to = params.get('to');
  if (isDay(from) && isDay(to)) {
    settings.preset = 'custom';
    settings.fromDay = from;
    settings.toDay = to;
  } else if (range && PRESETS.has(range) && range !== 'custom') {
    settings.preset = range as RangePreset;
    Object.assign(settings, presetDays(range as Exclude<RangePreset, 'custom'>, now));
  }
  settings.beatId = params.get('beat') ?? '';
  const channel = params.get('channel') ?? '';
  settings.channel = channel !== '' && (!channels || channels.includes(channel)) ? (channel as Channel) : '';
  return settings;
}

/** The settings for the page's address; the defaults are left out. */
export function settingsToQuery(settings: DashboardSettings): string {
  const params = new URLSearchParams();
  if (settings.preset === 'custom') {
    params.set('from', settings.fromDay);
    params.set('to', settings.toDay);
  } else if (settings.preset !== DEFAULT_PRESET) {
    params.set('range', settings.preset);
  }
  if (settings.beatId) params.set('beat', settings.beatId);
  if (settings.channel) params.set('channel', settings.channel);
  return params.toString();
}

/** The API's query for a period and the filters: `from=…&to=…&beatId=…&channel=…`. */
export function apiQuery(period: Period, settings: Pick<DashboardSettings, 'beatId' | 'channel'>): string {
  const params = new URLSearchParams({ from: period.from, to: period.to });
  if (settings.beatId) params.set('beatId', settings.beatId);
  if (settings.channel) params.set('channel', settings.channel);
  return params.toString();
}

/** Where one chart's data downloads as CSV, for the same period and filters as on screen. */
export function csvHref(chart: DashboardChart, query: string): string {
  return `/api/dashboard/${chart}.csv?${query}`;
}
