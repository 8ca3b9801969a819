// The duplicate check alone, on real text: the three shared dev streams, merged in time order and
// normalized as the detector's ingest() does (up front, untimed), then only `check(id, text)`
// timed, in µs of CPU time per item. Three figures:
//   fresh:    a new index per round, as on a live stream's first day (it grows; nothing forgotten);
//   steady:   one index of 50,000 items (the detector's) over all rounds, full after the second,
//             so each item also forgets the oldest. Each round's words carry the round's mark, so
//             rounds do not copy each other and the share of copies stays the stream's own;
//   replayed: as steady, the rounds unmarked, as bench/detector-speed.ts replays the streams: an
//             item is an exact copy of itself a round earlier while that one is remembered.
// `--rounds N` (default 7, at least 3). `--module path` times another build of near-duplicate.ts
// (for A/B runs against a copy of older code).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NearDuplicateIndex } from '../server/trends/near-duplicate.js';
import { normalizeText } from '../server/trends/tokenize.js';
import { ShiftedStreams } from './support/shifted-streams.js';

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}

const ROUNDS = Math.max(3, Number(arg('--rounds') ?? 7));
const modulePath = arg('--module');
const { NearDuplicateIndex: Index } = (await import(modulePath ? pathToFileURL(resolve(modulePath)).href : '../server/trends/near-duplicate.js')) as {
  NearDuplicateIndex: typeof NearDuplicateIndex;
};

const streams = new ShiftedStreams();
const ids: string[] = [];
const texts: string[] = [];
for (let n = 0; n < streams.roundLength; n++) {
  const record = JSON.parse(streams.line(n)) as { id: string; title?: string | null; text?: string | null };
  // As ingest() reads an item: title and text (cut to 1,000 characters) normalized, joined by a space.
  const rawText = record.text ?? '';
  const title = record.title ? normalizeText(record.title) : '';
  const text = normalizeText(rawText.length > 1_000 ? rawText.slice(0, 1_000) : rawText);
  ids.push(record.id);
  texts.push(title && text ? `${title} ${text}` : title || text);
}
// Each round's ids, and its texts with the words marked by a letter and the round (round 0 is the warm-up).
// Through JSON, as ids come from parsed lines: flat strings (concatenated ones are read slower).
const roundIds = Array.from({ length: ROUNDS + 1 }, (_, round) => JSON.parse(JSON.stringify(ids.map((id) => `${id}~${round}`))) as string[]);
const markedTexts = Array.from({ length: ROUNDS + 1 }, (_, round) => texts.map((text) => text.replace(/[\p{L}\p{N}]+/gu, (word) => `${word}q${round}`)));

function timeRound(index: NearDuplicateIndex, round: number, marked: boolean): { micros: number; copies: number } {
  const idsOfRound = roundIds[round]!;
  const roundTexts = marked ? markedTexts[round]! : texts;
  let copies = 0;
  // CPU time rather than the clock: on a shared machine, time the process is not running is not its cost.
  const started = process.cpuUsage();
  for (let i = 0; i < roundTexts.length; i++) if (index.check(idsOfRound[i]!, roundTexts[i]!)) copies += 1;
  const { user, system } = process.cpuUsage(started);
  return { micros: (user + system) / roundTexts.length, copies };
}

// The median and the least of the rounds: on a shared machine the least is the steadier figure.
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const figures = (values: number[]) => `median ${median(values).toFixed(2)}, least ${Math.min(...values).toFixed(2)} µs/item`;

// A warm-up round first, untimed, so both figures are of optimized code.
const { copies } = timeRound(new Index(), 0, true);
const fresh: number[] = [];
for (let round = 1; round <= ROUNDS; round++) fresh.push(timeRound(new Index(), round, true).micros);
// The first two rounds fill the index: left out of the figures.
const steadyIndex = new Index({ maxRemembered: 50_000 });
const steady: number[] = [];
for (let round = 1; round <= ROUNDS; round++) steady.push(timeRound(steadyIndex, round, true).micros);
const replayedIndex = new Index({ maxRemembered: 50_000 });
const replayed: number[] = [];
for (let round = 1; round <= ROUNDS; round++) replayed.push(timeRound(replayedIndex, round, false).micros);

const list = (values: number[]) => values.map((v) => v.toFixed(2)).join(' ');
console.log(`${texts.length} items per round, ${copies} found to be copies`);
console.log(`fresh:    ${figures(fresh)}  (rounds: ${list(fresh)})`);
console.log(`steady:   ${figures(steady.slice(2))}  (rounds: ${list(steady.slice(2))})`);
console.log(`replayed: ${figures(replayed.slice(2))}  (rounds: ${list(replayed.slice(2))})`);
