import { writeFile } from 'node:fs/promises';
import { describeRedactions, opportunityTrail, trailCsv, verifyEventLog } from '../workflow/audit-trail.js';
import { commandConfig, openCommandStore } from './cli-support.js';
import { CliError, FAILED, parseCommandArgs, type CliIo } from './cli-io.js';

const USAGE = `Usage:
  tidewatch audit verify [--data DIR] [--config FILE]
      Checks that the event log is whole and unedited: every event's hash matches its content
      and links to the one before. Safe to run while the server runs.
  tidewatch audit export --opportunity ID [--format json|csv] [--out FILE] [--data DIR] [--config FILE]
      Prints (or writes) every event of one opportunity, its drafts, reviews, posts and comments.
`;

const OPTIONS = {
  data: { type: 'string' },
  config: { type: 'string' },
  opportunity: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `tidewatch audit verify|export`: reads the store read-only, so it runs beside a live server. */
export async function auditCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, 'audit');
  const [action, ...extra] = positionals;
  if (values.help || action === undefined) {
    io.out(USAGE);
    return values.help ? 0 : 2;
  }
  if (extra.length > 0) throw new CliError(`unexpected "${extra.join(' ')}". Run \`tidewatch audit --help\`.`);
  const config = commandConfig(values);

  if (action === 'verify') {
    const store = await openCommandStore(config, 'read');
    try {
      let shown = 0;
      const report = await verifyEventLog(store, (checked, total) => {
        // A progress line every tenth of the way on long logs; short ones finish before anyone looks.
        if (total >= 10_000 && checked - shown >= total / 10) {
          shown = checked;
          io.err(`checked ${checked} of ${total} events…\n`);
        }
      });
      if (report.breaks.length === 0) {
        io.out(`The event log is intact: ${report.checked} events, each linked to the one before${report.checked ? ` (head ${report.head.slice(0, 16)})` : ''}.\n`);
        const redactions = describeRedactions(report.redacted);
        if (redactions) io.out(`${redactions}\n`);
        return 0;
      }
      io.out(`The event log has been altered: ${report.breaks.length} problem(s) in ${report.checked} events.\n`);
      for (const problem of report.breaks.slice(0, 50)) io.out(`  event ${problem.seq}: ${problem.problem}\n`);
      if (report.breaks.length > 50) io.out(`  … and ${report.breaks.length - 50} more\n`);
      io.out('Restore the data directory from a backup taken before the first problem, and find out who had access to it.\n');
      return FAILED;
    } finally {
      await store.close();
    }
  }

  if (action === 'export') {
    const id = values.opportunity;
    if (!id) throw new CliError('name the opportunity: `tidewatch audit export --opportunity ID`');
    const format = values.format ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new CliError(`--format must be json or csv, not "${format}"`);
    const store = await openCommandStore(config, 'read');
    try {
      const trail = await opportunityTrail(store, id);
      if (trail.length === 0) throw new CliError(`no events about opportunity ${id}. Check the id on the board or with GET /api/opportunities.`, FAILED);
      const text = format === 'csv' ? trailCsv(trail) : `${JSON.stringify({ opportunityId: id, events: trail }, null, 2)}\n`;
      if (values.out) {
        await writeFile(values.out, text);
        io.out(`Wrote ${trail.length} events of opportunity ${id} to ${values.out}.\n`);
      } else {
        io.out(text);
      }
      return 0;
    } finally {
      await store.close();
    }
  }

  throw new CliError(`unknown audit command "${action}". Run \`tidewatch audit --help\`.`);
}
