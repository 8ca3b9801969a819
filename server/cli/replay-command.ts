import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { checkBeatQuery } from '../trends/beat-query-check.js';
import { parseBeatsFile, type ReplayBeat } from '../trends/replay/beats-file.js';
import { OpportunityTracker } from '../trends/replay/opportunities.js';
import { Replay, sortByTime, type ReplayOptions, type ReplayResult } from '../trends/replay/replay.js';
import { StreamReader, type StreamItem } from '../trends/replay/stream-item.js';
import { CliError, FAILED, parseCommandArgs, type CliIo } from './cli-support.js';

const USAGE = `Usage:
  tidewatch replay <stream.jsonl> --out <dir> [--beats beats.json] [--speed N]
      Feeds a recorded stream through the trend detector in time order, with the clock at each
      item's time, and writes what it found to <dir>:
        assignments.jsonl    {"id","story","duplicateOf"} for every item read
        stories.jsonl        {"story","label","items","sources","firstSeenAt","trendingAt",
                              "windowClosesAt","peakScore"} for every story
        opportunities.jsonl  {"story","beat","openedAt","closesAt","score","reasons","risk"}
                             (with --beats)
      The stream has one JSON object per line: id, channel, source, publishedAt (ISO 8601) and
      any of title, text, url, author, lang, engagement; other fields are ignored. A channel
      Tidewatch does not know is read as the closest one (twitter as x, anything else as news).
      A line that is not such an object is reported with its number on stderr and skipped.

Options:
  --out DIR      where to write the files (created if missing; files there are replaced)
  --beats FILE   a JSON array of beats, each {name, query} (optionally id, languages, regions,
                 requiresLegal)
                 or {name, keywords} as in crisis-dev.beats.json; finds opportunities too
  --speed N      play N times faster than real time (--speed 60: an hour a minute); without
                 it the replay runs as fast as it can

Progress goes to stderr, the summary to stdout. Exit status: 0 done, 1 the stream or beats
file could not be read or the output written, 2 a wrong command line.
`;

const OPTIONS = {
  out: { type: 'string' },
  beats: { type: 'string' },
  speed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `tidewatch replay`: a recorded stream through the detector, faster than real time or paced. */
export async function replayCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, 'replay');
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (file === undefined) throw new CliError('name the stream to replay: `tidewatch replay <stream.jsonl> --out <dir>`. Run `tidewatch replay --help`.');
  if (extra.length > 0) throw new CliError(`unexpected "${extra.join(' ')}": replay reads one stream. Run \`tidewatch replay --help\`.`);
  if (values.out === undefined || values.out === '') throw new CliError('say where to write the results with --out <dir>. Run `tidewatch replay --help`.');
  const speed = parseSpeed(values.speed);

  const opportunities = values.beats === undefined ? null : new OpportunityTracker(await loadBeats(values.beats));
  const stream = await loadStream(file, undefined, io);
  const run = await runReplay(stream.items, io, { speed, ...(opportunities ? { onStory: opportunities.onStory, onItem: opportunities.onItem, onMerge: opportunities.onMerge } : {}) });

  const out = values.out;
  try {
    await mkdir(out, { recursive: true });
    await writeJsonLines(join(out, 'assignments.jsonl'), run.result.assignments);
    await writeJsonLines(join(out, 'stories.jsonl'), run.result.stories);
    if (opportunities) await writeJsonLines(join(out, 'opportunities.jsonl'), opportunities.records());
  } catch (error) {
    throw new CliError(`could not write to ${out}: ${(error as Error).message}`, FAILED);
  }
  io.out(summary(run, stream));
  io.out(`Wrote ${join(out, 'assignments.jsonl')}, ${join(out, 'stories.jsonl')}${opportunities ? ` and ${join(out, 'opportunities.jsonl')}` : ''}.\n`);
  return 0;
}

function parseSpeed(value: string | undefined): number | null {
  if (value === undefined) return null;
  const speed = Number(value);
  if (!Number.isFinite(speed) || speed <= 0) throw new CliError(`--speed must be a number above 0 (60 plays an hour a minute), not "${value}"`);
  return speed;
}

export interface LoadedStream {
  file: string;
  items: StreamItem[];
  /** Non-blank lines refused. */
  rejected: number;
}

/**
 * Reads a stream line by line. Each refused line is reported on stderr with its number; a file
 * that cannot be read ends the command with exit status 1.
 */
export async function loadStream(file: string, labelField: string | undefined, io: CliIo): Promise<LoadedStream> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new CliError(`${file}: not a file`, FAILED);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${file}: ${unreadable(error)}`, FAILED);
  }
  const reader = new StreamReader(labelField);
  let reported = 0;
  try {
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      reader.push(line);
      // Report as we go; a file of nothing but bad lines should not print a million of them.
      while (reported < reader.rejected.length) {
        const bad = reader.rejected[reported++]!;
        if (reported <= 100) io.err(`${file}:${bad.line}: skipped: ${bad.error}\n`);
      }
    }
  } catch (error) {
    throw new CliError(`${file}: ${unreadable(error)}`, FAILED);
  }
  if (reader.rejected.length > 100) io.err(`${file}: … ${reader.rejected.length - 100} more lines skipped\n`);
  if (reader.rejected.length > 0) io.err(`${file}: ${reader.rejected.length} malformed line(s) skipped, ${reader.items.length} items read\n`);
  return { file, items: reader.items, rejected: reader.rejected.length };
}

function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'not a file';
  return (error as Error).message;
}

export interface ReplayRun {
  result: ReplayResult;
  seconds: number;
  peakRssBytes: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Replays items in time order, as fast as possible or `speed` times faster than real time (paced
 * with real timers), with a progress line on stderr about every second.
 */
export async function runReplay(items: readonly StreamItem[], io: CliIo, options: { speed: number | null } & Pick<ReplayOptions, 'onStory' | 'onItem' | 'onMerge'>): Promise<ReplayRun> {
  const sorted = sortByTime(items);
  const { speed, ...hooks } = options;
  const replay = new Replay(hooks);
  const total = sorted.length;
  const started = performance.now();
  let lastReport = started;
  const progress = (done: number) => {
    const now = performance.now();
    if (now - lastReport < 1000) return;
    lastReport = now;
    const rate = done / ((now - started) / 1000);
    io.err(`replayed ${done}/${total} items (${((100 * done) / (total || 1)).toFixed(1)} %), ${Math.round(rate)} items/s\n`);
  };
  const firstAt = sorted[0]?.publishedAt ?? 0;
  for (let i = 0; i < total; i++) {
    const item = sorted[i]!;
    if (speed !== null) {
      // Real time at which this item is due; long gaps are slept in pieces so progress keeps coming.
      const due = started + (item.publishedAt - firstAt) / speed;
      for (let wait = due - performance.now(); wait > 1; wait = due - performance.now()) {
        await sleep(Math.min(wait, 1000));
        progress(i);
      }
    }
    replay.feed(item);
    if ((i & 255) === 0 || speed !== null) progress(i + 1);
  }
  const result = replay.finish();
  return { result, seconds: (performance.now() - started) / 1000, peakRssBytes: process.resourceUsage().maxRSS * 1024 };
}

export function summary(run: ReplayRun, stream: LoadedStream): string {
  const { result, seconds } = run;
  const rate = seconds > 0 ? Math.round(result.items / seconds) : result.items;
  return (
    `Replayed ${result.items} items${stream.rejected ? ` (${stream.rejected} malformed line(s) skipped)` : ''} in ${seconds.toFixed(2)} s: ` +
    `${result.stories.length} stories, ${result.trending} trending; ${rate} items/s; peak memory ${(run.peakRssBytes / 1024 / 1024).toFixed(0)} MB RSS\n`
  );
}

async function loadBeats(file: string): Promise<ReplayBeat[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`${file}: ${unreadable(error)}`, FAILED);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file}: not JSON (${(error as Error).message})`);
  }
  const parsed = parseBeatsFile(value);
  if (!parsed.ok) throw new CliError(`${file}: ${parsed.error}`);
  for (const beat of parsed.beats) {
    const check = checkBeatQuery(beat.query);
    if (!check.ok) throw new CliError(`${file}: beat "${beat.name}": ${check.message}`);
  }
  return parsed.beats;
}

export async function writeJsonLines(path: string, records: readonly unknown[]): Promise<void> {
  const handle = await open(path, 'w');
  try {
    for (let i = 0; i < records.length; i += 10_000) {
      await handle.write(`${records.slice(i, i + 10_000).map((record) => JSON.stringify(record)).join('\n')}\n`);
    }
  } finally {
    await handle.close();
  }
}
