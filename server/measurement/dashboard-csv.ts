import { stringify } from 'csv-stringify/sync';
import { DASHBOARD_CHARTS, type Dashboard, type DashboardChart, type PredictionRow, type ReactionSpeedRow, type Spread } from '../domain/index.js';
import { WEEKDAYS } from './calendar.js';

/** One chart's data as a table: what its CSV export holds. */
export interface ChartTable {
  columns: string[];
  rows: Array<Array<string | number | null>>;
}

const STEPS = ['toOpportunity', 'toFirstDraft', 'toApproval', 'toPublication'] as const;
const STEP_COLUMNS = ['to_opportunity', 'to_first_draft', 'to_approval', 'to_publication'];
const spreadCells = (s: Spread) => [s.count, s.median, s.p90];

function reactionRows(table: string, rows: readonly ReactionSpeedRow[]) {
  return rows.map((r) => [table, r.group, r.label, ...STEPS.flatMap((step) => spreadCells(r[step]))]);
}

function predictionRows(table: string, rows: readonly PredictionRow[]) {
  return rows.map((r) => [table, r.group, r.label, r.raised, r.grew, r.hitRate, r.medianGrowth]);
}

/** Each chart's table; durations in minutes, shares and rates from 0 to 1. */
export function chartTable(dashboard: Dashboard, chart: DashboardChart): ChartTable {
  switch (chart) {
    case 'reaction-speed': {
      const { byWeek, byBeat, byChannel } = dashboard.reactionSpeed;
      return {
        columns: ['table', 'group', 'label', ...STEP_COLUMNS.flatMap((s) => [`${s}_count`, `${s}_median_minutes`, `${s}_p90_minutes`])],
        rows: [...reactionRows('week', byWeek), ...reactionRows('beat', byBeat), ...reactionRows('channel', byChannel)],
      };
    }
    case 'caught-missed': {
      const c = dashboard.caughtMissed;
      return {
        columns: ['outcome', 'reason', 'count'],
        rows: [
          ['published_in_window', null, c.publishedInWindow],
          ['published_late', null, c.publishedLate],
          ['expired', null, c.expired],
          ['dismissed', null, c.dismissed],
          ['open', null, c.open],
          ...c.dismissReasons.map((r) => ['dismissed', r.reason, r.count]),
        ],
      };
    }
    case 'review-turnaround':
      return {
        columns: ['role', 'decided', 'median_minutes', 'p90_minutes', 'overdue'],
        rows: dashboard.caughtMissed.reviews.map((r) => [r.role, r.decided, r.turnaround.median, r.turnaround.p90, r.overdue]),
      };
    case 'reputation':
      return {
        columns: ['beat_id', 'beat', 'day', 'items', 'sentiment', 'beat_items', 'share_of_voice'],
        rows: dashboard.reputation.flatMap((b) => b.days.map((d) => [b.beatId, b.name, d.day, d.items, d.sentiment, b.items, b.shareOfVoice])),
      };
    case 'heatmap':
      return {
        columns: ['channel', 'weekday', 'hour_utc', 'items'],
        rows: dashboard.whenAndWhere.heatmap.flatMap(({ channel, hours }) => hours.map((items, i) => [channel, WEEKDAYS[Math.floor(i / 24)]!, i % 24, items])),
      };
    case 'languages':
      return {
        columns: ['kind', 'code', 'items'],
        rows: [...dashboard.whenAndWhere.languages.map((l) => ['language', l.language, l.items]), ...dashboard.whenAndWhere.regions.map((r) => ['region', r.region, r.items])],
      };
    case 'prediction':
      return {
        columns: ['table', 'group', 'label', 'raised', 'grew', 'hit_rate', 'median_growth'],
        rows: [...predictionRows('channel', dashboard.prediction.byChannel), ...predictionRows('beat', dashboard.prediction.byBeat)],
      };
  }
}

/**
 * Text that a spreadsheet would run as a formula (a dismiss reason or a beat name starting with
 * "=", "+", "-" or "@"), quoted with an apostrophe as csv-stringify's escape_formulas does; only
 * text cells, so a negative sentiment stays a number.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const textCell = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);

/** One chart as CSV, with a header row; empty cells for figures that do not exist (null). */
export function chartCsv(dashboard: Dashboard, chart: DashboardChart): string {
  const { columns, rows } = chartTable(dashboard, chart);
  return stringify(rows, { header: true, columns, cast: { number: (n) => String(n), string: textCell } });
}

/** Every chart, each preceded by a line `# <chart>` and followed by a blank line. */
export function allChartsCsv(dashboard: Dashboard): string {
  return DASHBOARD_CHARTS.map((chart) => `# ${chart}\n${chartCsv(dashboard, chart)}`).join('\n');
}

/** The file name a chart's export is offered under: tidewatch-<chart>-<from day>-<to day>.csv. */
export function chartFileName(dashboard: Dashboard, chart: DashboardChart): string {
  return `tidewatch-${chart}-${dashboard.query.from.slice(0, 10)}-${dashboard.query.to.slice(0, 10)}.csv`;
}
