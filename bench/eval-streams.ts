// `npm run eval`: replays the three labelled dev streams of ../shared/data/streams through the
// trend detector (the same code as `tidewatch eval`) and prints one table of figures, scored as
// ../shared/data/README.md defines them. `npm run eval -- --json` prints the full figures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, formatDuration, type Evaluation } from '../server/trends/evaluation/evaluate.js';
import { evaluateStreamText } from '../server/trends/evaluation/evaluate-stream.js';
import { PROJECT_ROOT } from '../server/version.js';

export const STREAMS = ['news-dev', 'crisis-dev', 'background-dev'] as const;

export function streamPath(name: string): string {
  return join(PROJECT_ROOT, '..', 'shared', 'data', 'streams', `${name}.jsonl`);
}

/** Replays one shared stream and scores it against its `label` field. */
export function evaluateStream(name: string): { evaluation: Evaluation; seconds: number } {
  const { evaluation, rejected, replaySeconds } = evaluateStreamText(readFileSync(streamPath(name), 'utf8'), 'label');
  if (rejected.length > 0) throw new Error(`${name}: ${rejected.length} malformed lines, the first at line ${rejected[0]!.line}`);
  return { evaluation, seconds: replaySeconds };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')).join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const json = process.argv.includes('--json');
  const results = STREAMS.map((name) => ({ name, ...evaluateStream(name) }));
  if (json) {
    console.log(JSON.stringify(results, null, 2));
  } else {
    const f3 = (value: number) => value.toFixed(3);
    const rows = [
      ['stream', 'items', 'items/s', 'B3 P', 'B3 R', 'B3 F1', 'pair F1', 'stories/labels', 'trending', 'alarms', 'before onset', 'median lead', 'first→alarm', 'false alarms', 'FA/day/1k·h'],
      ...results.map(({ name, evaluation: e, seconds }) => {
        const labelled = e.labelledItems > 0;
        return [
          name,
          String(e.items),
          String(Math.round(e.items / seconds)),
          labelled ? f3(e.clustering.bcubed.precision) : '–',
          labelled ? f3(e.clustering.bcubed.recall) : '–',
          labelled ? f3(e.clustering.bcubed.f1) : '–',
          labelled ? f3(e.clustering.pairwise.f1) : '–',
          labelled ? `${e.clustering.stories}/${e.clustering.labels}` : `${e.stories}/0`,
          String(e.trendingStories),
          `${e.alarms.raised}/${e.alarms.labels}`,
          `${e.alarms.beforeOnset}/${e.alarms.labels}`,
          formatDuration(e.alarms.medianLeadMs),
          formatDuration(e.alarms.medianFirstToAlarmMs),
          String(e.falseAlarms.falseAlarms),
          e.falseAlarms.perDayPer1000ItemsPerHour === null ? '–' : e.falseAlarms.perDayPer1000ItemsPerHour.toFixed(2),
        ];
      }),
    ];
    console.log(table(rows));
  }
}
