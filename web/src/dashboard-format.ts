/**
 * Dashboard figures in words a person reads at a glance: "1 h 25 min", "62 %", "9 of 14 grew".
 * A missing figure (no data in the period) is a dash, never a zero that looks like a fact.
 */

export const NO_FIGURE = '—';

const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR;

/** A duration in minutes: "< 1 min", "25 min", "1 h 25 min", "3 h", "2 d 4 h". */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return NO_FIGURE;
  const whole = Math.round(Math.max(0, minutes));
  if (minutes > 0 && whole === 0) return '< 1 min';
  if (whole < MINUTES_PER_HOUR) return `${whole} min`;
  if (whole < MINUTES_PER_DAY) {
    const hours = Math.floor(whole / MINUTES_PER_HOUR);
    const rest = whole % MINUTES_PER_HOUR;
    return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  }
  // Beyond a day, minutes are noise: round to the hour.
  const totalHours = Math.round(whole / MINUTES_PER_HOUR);
  const days = Math.floor(totalHours / 24);
  const hours = totalHours % 24;
  return hours === 0 ? `${days} d` : `${days} d ${hours} h`;
}

/** A share (0…1) as a whole percentage: "62 %". */
export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return NO_FIGURE;
  const percent = share * 100;
  // A small but real share should not read as nothing.
  if (percent > 0 && percent < 0.5) return '< 1 %';
  return `${Math.round(percent)} %`;
}

const COUNT = new Intl.NumberFormat('en-GB');

/** A count with thousands separated: "1,204". */
export function formatCount(count: number): string {
  return COUNT.format(count);
}

/** "1 item", "12 items": the noun agrees with the count. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}

/** A prediction record in words: "9 of 14 grew"; "none raised" when there is nothing to judge. */
export function formatHitRecord(grew: number, raised: number): string {
  if (raised === 0) return 'none raised';
  return `${formatCount(grew)} of ${formatCount(raised)} grew`;
}

/** Mean sentiment on the AFINN scale (−5…5), signed, one decimal: "+1.2", "−0.4", "0.0". */
export function formatSentiment(sentiment: number | null | undefined): string {
  if (sentiment === null || sentiment === undefined || !Number.isFinite(sentiment)) return NO_FIGURE;
  const rounded = Math.round(sentiment * 10) / 10;
  if (rounded === 0) return '0.0';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(1)}`;
}

/** Whether a mean sentiment reads as positive, negative or neutral (within ±0.5). */
export function sentimentTone(sentiment: number | null): 'positive' | 'negative' | 'neutral' | 'unknown' {
  if (sentiment === null || !Number.isFinite(sentiment)) return 'unknown';
  if (sentiment >= 0.5) return 'positive';
  if (sentiment <= -0.5) return 'negative';
  return 'neutral';
}

const DAY_LABEL = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const DAY_LABEL_WITH_YEAR = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A UTC day (YYYY-MM-DD or ISO time) as "3 Jun", or "3 Jun 2024" with the year. */
export function formatDay(day: string, withYear = false): string {
  const at = Date.parse(day.length === 10 ? `${day}T00:00:00Z` : day);
  if (Number.isNaN(at)) return day;
  return (withYear ? DAY_LABEL_WITH_YEAR : DAY_LABEL).format(at);
}

/** The period the figures cover, "1 Jun – 30 Jun 2024", from an inclusive start and exclusive end. */
export function formatPeriod(fromIso: string, toIso: string): string {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  if (Number.isNaN(from) || Number.isNaN(to)) return `${fromIso} – ${toIso}`;
  // The end is exclusive: a period to midnight ends on the day before.
  const lastDay = new Date(Math.max(from, to - 1)).toISOString();
  return `${formatDay(fromIso)} – ${formatDay(lastDay, true)}`;
}
