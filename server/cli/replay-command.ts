import { closeSync, mkdirSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkBeatQuery } from '../trends/beat-query-check.js';
import { parseBeatsFile, type ReplayBeat } from '../trends/replay/beats-file.js';
import { OpportunityTracker } from '../trends/replay/opportunities.js';
import { Replay, type ReplayOptions, type ReplayOutputs, type ReplayResult } from '../trends/replay/replay.js';
import { writeAll } from '../trends/replay/temp-file.js';
import type { StreamItem } from '../trends/replay/stream-item.js';
import { CliError, FAILED, parseCommandArgs, type CliIo } from './cli-io.js';
import { StreamFile, unreadable } from './stream-file.js';

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

The stream is read from disk twice (a check, then the items in time order) and not held, nor
are the outputs: memory grows with the number of stories, not items. Node lets its heap grow into
free memory before it collects; NODE_OPTIONS=--max-old-space-size=160 keeps a million-item
replay under 300 MB.

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
  const stream = StreamFile.open(file, io);
  const out = values.out;
  let run: ReplayRun;
  try {
    ensureFolder(out);
    // Assignments and stories are written as the end of the replay hands them over, not held.
    const assignments = new JsonLinesFile(join(out, 'assignments.jsonl'));
    const stories = new JsonLinesFile(join(out, 'stories.jsonl'));
    run = await runReplay(stream.itemsInOrder(), stream.items, io, {
      speed,
      ...(opportunities ? { onStory: opportunities.onStory, onItem: opportunities.onItem, onMerge: opportunities.onMerge } : {}),
      onAssignment: (record) => assignments.write(record),
      onStoryRecord: (record) => stories.write(record),
    });
    assignments.close();
    stories.close();
    if (opportunities) {
      const found = new JsonLinesFile(join(out, 'opportunities.jsonl'));
      for (const record of opportunities.records()) found.write(record);
      found.close();
    }
  } finally {
    stream.close();
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

export interface ReplayRun {
  result: ReplayResult;
  seconds: number;
  peakRssBytes: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Replays items (in time order), as fast as possible or `speed` times faster than real time
 * (paced with real timers), with a progress line on stderr about every second.
 */
export async function runReplay(
  items: Iterable<StreamItem>,
  total: number,
  io: CliIo,
  options: { speed: number | null } & Pick<ReplayOptions, 'onStory' | 'onItem' | 'onMerge'> & ReplayOutputs,
): Promise<ReplayRun> {
  const { speed, onAssignment, onStoryRecord, ...hooks } = options;
  const replay = new Replay(hooks);
  const started = performance.now();
  let lastReport = started;
  const progress = (done: number) => {
    const now = performance.now();
    if (now - lastReport < 1000) return;
    lastReport = now;
    const rate = done / ((now - started) / 1000);
    io.err(`replayed ${done}/${total} items (${((100 * done) / (total || 1)).toFixed(1)} %), ${Math.round(rate)} items/s\n`);
  };
  let firstAt: number | null = null;
  let done = 0;
  for (const item of items) {
    firstAt ??= item.publishedAt;
    if (speed !== null) {
      // Real time at which this item is due; long gaps are slept in pieces so progress keeps coming.
      const due = started + (item.publishedAt - firstAt) / speed;
      for (let wait = due - performance.now(); wait > 1; wait = due - performance.now()) {
        await sleep(Math.min(wait, 1000));
        progress(done);
      }
    }
    replay.feed(item);
    done += 1;
    if ((done & 255) === 1 || speed !== null) progress(done);
  }
  const result = replay.finish({ ...(onAssignment ? { onAssignment } : {}), ...(onStoryRecord ? { onStoryRecord } : {}) });
  return { result, seconds: (performance.now() - started) / 1000, peakRssBytes: process.resourceUsage().maxRSS * 1024 };
}

export function summary(run: ReplayRun, stream: { rejected: number }): string {
  const { result, seconds } = run;
  const rate = seconds > 0 ? Math.round(result.items / seconds) : result.items;
  return (
    `Replayed ${result.items} items${stream.rejected ? ` (${stream.rejected} malformed line(s) skipped)` : ''} in ${seconds.toFixed(2)} s: ` +
    `${result.storyCount} stories, ${result.trending} trending; ${rate} items/s; peak memory ${(run.peakRssBytes / 1024 / 1024).toFixed(0)} MB RSS\n`
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

/** Creates a folder for the outputs (and its parents); refuses, with exit status 1, when it cannot. */
function ensureFolder(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw new CliError(`could not write to ${path}: ${(error as Error).message}`, FAILED);
  }
}

/** A JSON-lines file written synchronously in 1 MB pieces (the replay hands its outputs over synchronously). */
class JsonLinesFile {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(private readonly path: string) {
    this.fd = this.attempt(() => openSync(path, 'w'));
  }

  write(record: unknown): void {
    const line = `${JSON.stringify(record)}\n`;
    this.pending.push(line);
    this.pendingChars += line.length;
    if (this.pendingChars >= 1 << 20) this.flush();
  }

  close(): void {
    this.flush();
    this.attempt(() => closeSync(this.fd));
  }

  private flush(): void {
    const text = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    this.attempt(() => writeAll(this.fd, text));
  }

  private attempt<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw new CliError(`could not write to ${this.path}: ${(error as Error).message}`, FAILED);
    }
  }
}
