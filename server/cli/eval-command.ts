import { evaluate, formatEvaluation } from '../trends/evaluation/evaluate.js';
import { CliError, parseCommandArgs, type CliIo } from './cli-io.js';
import { sortByTime } from '../trends/replay/replay.js';
import type { StreamItem } from '../trends/replay/stream-item.js';
import { runReplay, summary } from './replay-command.js';
import { StreamFile } from './stream-file.js';

const USAGE = `Usage:
  tidewatch eval <stream.jsonl> --labels <field> [--json]
      Replays a labelled stream through the trend detector (as \`tidewatch replay\` does) and
      scores what it found against the ground truth in <field> of each item; items without it
      count as "none" (unrelated chatter). Scores, as ../shared/data/README.md defines them:
        clustering   B-cubed precision/recall/F1 and pairwise F1 over items not labelled none,
                     number of stories against number of labels
        alarms       for labels with at least 30 items: how many raised an alarm (a story holding
                     a fifth of the label, or 30 of its items, trended), how many before the
                     label's onset, the median lead (onset − alarm) and first item → alarm
        false alarms trending stories made mostly of none items, per simulated day per 1,000
                     items/hour

Options:
  --labels F   the field holding each item's label (for the shared streams: label)
  --json       print the figures as one JSON object (per label alarms included)

Progress and the replay summary go to stderr, the report to stdout. Exit status: 0 done, 1 the
stream could not be read, 2 a wrong command line.
`;

const OPTIONS = {
  labels: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `tidewatch eval`: how well the detector finds the stories of a labelled stream. */
export async function evalCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, 'eval');
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (file === undefined) throw new CliError('name the stream to score: `tidewatch eval <stream.jsonl> --labels <field>`. Run `tidewatch eval --help`.');
  if (extra.length > 0) throw new CliError(`unexpected "${extra.join(' ')}": eval scores one stream. Run \`tidewatch eval --help\`.`);
  if (values.labels === undefined || values.labels === '') throw new CliError('name the field holding the ground truth with --labels <field> (label, in the shared streams).');

  // Scoring needs every item's label: the stream is held, unlike in `tidewatch replay`.
  const items: StreamItem[] = [];
  const stream = StreamFile.open(file, io, values.labels, (item) => items.push(item));
  stream.close();
  const run = await runReplay(sortByTime(items), items.length, io, { speed: null });
  io.err(summary(run, stream));
  const evaluation = evaluate(
    items.map((item) => ({ id: item.id, label: item.label ?? 'none', at: item.publishedAt })),
    run.result.assignments,
    run.result.stories,
  );
  if (values.json) io.out(`${JSON.stringify({ file, malformedLines: stream.rejected, ...evaluation }, null, 2)}\n`);
  else io.out(formatEvaluation(evaluation, `${file} (labels: ${values.labels}${stream.rejected ? `; ${stream.rejected} malformed line(s) skipped` : ''})`));
  return 0;
}
