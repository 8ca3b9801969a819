import { writeFile } from 'node:fs/promises';
import type { Beat } from '../domain/index.js';
import { allChartsCsv } from '../measurement/dashboard-csv.js';
import { loadDashboard } from '../measurement/dashboard-load.js';
import { dashboardMarkdown } from '../measurement/dashboard-markdown.js';
import { dashboardQuery, DashboardQueryError } from '../measurement/dashboard-query.js';
import { commandConfig, openCommandStore } from './cli-support.js';
import { CliError, parseCommandArgs, type CliIo } from './cli-io.js';

const USAGE = `Usage:
  tidewatch report --from DATE --to DATE [--beat ID-OR-NAME] [--channel C] [--format md|csv|json]
                   [--out FILE] [--data DIR] [--config FILE]
      Prints the newsroom dashboard's figures for a period: reaction speed, caught and missed,
      review turnaround, reputation per beat, when and where, and the detector's prediction
      record (definitions: docs/measurement.md).
      DATE is YYYY-MM-DD (00:00 UTC) or an ISO date and time with its zone; --from is
      inclusive, --to exclusive, at most 366 days apart.
      md (the default): a report for a weekly email; csv: every chart, each after a line
      "# <chart>"; json: the dashboard as GET /api/dashboard answers it.
      Reads the store read-only, so it runs beside a live server.
`;

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  beat: { type: 'string' },
  channel: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  data: { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const FORMATS = ['md', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** A beat named by id, or by name (case aside) when the name is unambiguous. */
function findBeat(beats: readonly Beat[], wanted: string): Beat {
  const byId = beats.find((b) => b.id === wanted);
  if (byId) return byId;
  const byName = beats.filter((b) => b.name.toLowerCase() === wanted.trim().toLowerCase());
  if (byName.length === 1) return byName[0]!;
  const known = beats.map((b) => `${b.name} (${b.id})`).join(', ') || 'none yet';
  if (byName.length > 1) throw new CliError(`--beat: ${byName.length} beats are named "${wanted}"; give the id: ${byName.map((b) => b.id).join(', ')}`);
  throw new CliError(`--beat: no beat "${wanted}". Beats: ${known}.`);
}

/** `tidewatch report`: the dashboard's figures for a period, as Markdown, CSV or JSON. */
export async function reportCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, 'report');
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new CliError(`unexpected "${positionals.join(' ')}". Run \`tidewatch report --help\`.`);
  if (!values.from || !values.to) throw new CliError('name the period: `tidewatch report --from 2026-11-02 --to 2026-11-09`');
  const format = (values.format ?? 'md') as Format;
  if (!FORMATS.includes(format)) throw new CliError(`--format must be md, csv or json, not "${values.format}"`);
  const now = new Date();
  let query;
  try {
    query = dashboardQuery({ from: values.from, to: values.to, channel: values.channel ?? null }, now);
  } catch (error) {
    if (error instanceof DashboardQueryError) throw new CliError(`--${error.message}`);
    throw error;
  }
  const config = commandConfig(values);
  const store = await openCommandStore(config, 'read');
  try {
    if (values.beat !== undefined) query = { ...query, beatId: findBeat(await store.listRecords('beat'), values.beat).id };
    const dashboard = await loadDashboard(store, query, now);
    const text = format === 'json' ? `${JSON.stringify(dashboard, null, 2)}\n` : format === 'csv' ? allChartsCsv(dashboard) : dashboardMarkdown(dashboard);
    if (values.out) {
      await writeFile(values.out, text);
      io.out(`Wrote the ${format} report for ${query.from} to ${query.to} to ${values.out}.\n`);
    } else {
      io.out(text);
    }
    return 0;
  } finally {
    await store.close();
  }
}
