// The whole replay pipeline at full speed on real text: stream lines parsed and checked (JSON +
// zod), ingested by the trend detector with the clock at each item's time, ticked, stories read
// back, and the outputs built, as `tidewatch replay` does (less the file writes), in this process
// (`replay-memory.ts` runs the command itself for its memory). The three shared dev streams are
// replayed round after round, shifted in time and with fresh ids, until one million items
// (`--items N` for another count). Target: ≥ 50,000 items/s. The output lines are built and
// counted as they would be written, one at a time, not held.
//
// The detector exposes no timings of its own, so stages are timed from outside: parsing the
// input, ingest, tick, reading changed stories back after each tick, and building the outputs.
import { Replay } from '../server/trends/replay/replay.js';
import { parseStreamLine } from '../server/trends/replay/stream-item.js';
import { ShiftedStreams } from './support/shifted-streams.js';
import { printMachine } from './support/machine.js';

printMachine();

const argIndex = process.argv.indexOf('--items');
const TARGET = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 1_000_000;
const streams = new ShiftedStreams();

global.gc?.();
const baseline = process.memoryUsage();
let peakHeap = baseline.heapUsed;
let peakRss = baseline.rss;
// What RSS holds besides the JS heap: V8's reserved heap pages, typed arrays' buffers, other
// memory of V8 and Node; read at the same moments as the peaks, for the memory target.
let peakHeapTotal = baseline.heapTotal;
let peakArrayBuffers = baseline.arrayBuffers;
// Options through DETECTOR_OPTIONS='{…}', as detector-replay.ts takes them: to weigh speed against quality.
const replay = new Replay({ timeStages: true, detector: JSON.parse(process.env.DETECTOR_OPTIONS ?? '{}') as Record<string, number> });
let parseMs = 0;
let feedMs = 0;
let done = 0;
let rejected = 0;
for (let n = 0; done < TARGET; n++) {
  const text = streams.line(n);
  const started = performance.now();
  const parsed = parseStreamLine(text, done + 1);
  const parsedAt = performance.now();
  parseMs += parsedAt - started;
  if (!parsed.ok) {
    rejected++;
    continue;
  }
  replay.feed(parsed.item);
  feedMs += performance.now() - parsedAt;
  done++;
  if (done % 10_000 === 0) {
    const memory = process.memoryUsage();
    peakHeap = Math.max(peakHeap, memory.heapUsed);
    peakRss = Math.max(peakRss, memory.rss);
    peakHeapTotal = Math.max(peakHeapTotal, memory.heapTotal);
    peakArrayBuffers = Math.max(peakArrayBuffers, memory.arrayBuffers);
    if (done % 100_000 === 0) process.stderr.write(`${done} items, ${Math.round(done / ((parseMs + feedMs) / 1000))} items/s so far\n`);
  }
}
const finishStarted = performance.now();
// The outputs are streamed as JSON lines and counted, as `tidewatch replay` writes them, not held.
let assignmentLines = 0;
let outputBytes = 0;
let storyLines = 0;
const result = replay.finish({
  onAssignment: (record) => {
    assignmentLines += 1;
    outputBytes += JSON.stringify(record).length + 1;
  },
  onStoryRecord: (record) => {
    storyLines += 1;
    outputBytes += JSON.stringify(record).length + 1;
  },
});
const finishMs = performance.now() - finishStarted;
const afterFinish = process.memoryUsage();
peakHeap = Math.max(peakHeap, afterFinish.heapUsed);
peakRss = Math.max(peakRss, afterFinish.rss, process.resourceUsage().maxRSS * 1024);
peakHeapTotal = Math.max(peakHeapTotal, afterFinish.heapTotal);
peakArrayBuffers = Math.max(peakArrayBuffers, afterFinish.arrayBuffers);

const totalMs = parseMs + feedMs + finishMs;
const { ingestMs, tickMs, observeMs, ticks } = replay.stages;
const otherFeedMs = feedMs - ingestMs - tickMs - observeMs;
const share = (ms: number) => `${((100 * ms) / totalMs).toFixed(1)} %`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const perItem = (ms: number) => `${((1000 * ms) / done).toFixed(1)} µs/item`;
console.log(
  `detector speed: ${done} items (${rejected} refused) through parse → ingest → tick → outputs in ${(totalMs / 1000).toFixed(1)} s = ` +
    `${Math.round(done / (totalMs / 1000))} items/s (target 50,000); ${storyLines} stories, ${result.trending} trending; ${ticks} ticks; ` +
    `${assignmentLines} assignment lines and ${storyLines} story lines (${(outputBytes / 1024 / 1024).toFixed(0)} MB)`,
);
console.log(
  `peak RSS ${mb(peakRss)}, peak heap ${mb(peakHeap)} (+${mb(peakHeap - baseline.heapUsed)} over the start); ` +
    `peak heap reserved ${mb(peakHeapTotal)}, peak typed-array buffers ${mb(peakArrayBuffers)}`,
);
console.log('time by stage (timed from outside the detector):');
for (const [stage, ms] of [
  ['parse (JSON + zod)', parseMs],
  ['ingest', ingestMs],
  ['tick', tickMs],
  ['read stories back', observeMs],
  ['replay bookkeeping', otherFeedMs],
  ['build outputs', finishMs],
] as const) {
  console.log(`  ${stage.padEnd(20)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${share(ms).padStart(7)}  ${perItem(ms)}`);
}
