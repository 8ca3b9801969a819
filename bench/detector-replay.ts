// Replays the labelled streams of ../shared/data through the trend detector, faster than real
// time, and prints throughput, peak memory, B-cubed clustering and trending alarms, scored as
// the data README defines them. `tsx bench/detector-replay.ts [stream-name …]`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TrendDetector, type DetectorItem } from '../server/trends/detector.js';
import { bcubed } from '../server/trends/evaluation/bcubed.js';
import { PROJECT_ROOT } from '../server/version.js';
import { printMachine } from './support/machine.js';

printMachine();

interface StreamLine {
  id: string;
  channel: string;
  source: string;
  title?: string;
  text?: string;
  url?: string;
  author?: string;
  engagement?: number;
  publishedAt: string;
  label: string;
}

const HOUR = 3_600_000;

const CHANNELS = ['news', 'reddit', 'mastodon', 'bluesky', 'hackernews', 'youtube', 'x'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const verbose = process.argv.includes('--verbose');
const streams = ['news-dev.jsonl', 'crisis-dev.jsonl', 'background-dev.jsonl'].filter((s) => wanted.length === 0 || wanted.some((w) => s.startsWith(w)));
/** Ticks every this much stream time, as the server's timer would. */
const TICK_MS = 60_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

for (const name of streams) {
  const lines = readFileSync(join(PROJECT_ROOT, '..', 'shared', 'data', 'streams', name), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as StreamLine);
  const items: DetectorItem[] = lines.map((l) => ({
    id: l.id,
    sourceId: l.source,
    channel: (CHANNELS.includes(l.channel) ? l.channel : 'x') as DetectorItem['channel'],
    author: l.author ?? null,
    title: l.title ?? null,
    text: l.text ?? '',
    url: l.url ?? null,
    engagement: l.engagement ?? null,
    publishedAt: Date.parse(l.publishedAt),
  }));
  global.gc?.();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  const detector = new TrendDetector(JSON.parse(process.env.DETECTOR_OPTIONS ?? '{}') as Record<string, number>);
  const trendingAt = new Map<string, number>();
  const mergedInto = new Map<string, string>();
  const record = (_now: number) => {
    for (const merge of detector.drainMerges()) mergedInto.set(merge.from, merge.into);
    for (const id of detector.drainChanged()) {
      const at = detector.storyFigures(id)?.trendingAt;
      if (at) trendingAt.set(id, Math.min(trendingAt.get(id) ?? Infinity, at));
    }
  };
  const started = process.hrtime.bigint();
  let nextTick = items[0]!.publishedAt;
  let n = 0;
  for (const item of items) {
    if (item.publishedAt >= nextTick) {
      detector.tick(item.publishedAt);
      record(item.publishedAt);
      nextTick = item.publishedAt + TICK_MS;
    }
    detector.ingest(item, item.publishedAt);
    if (++n % 1000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  const end = items.at(-1)!.publishedAt;
  detector.tick(end);
  record(end);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  peak = Math.max(peak, process.memoryUsage().heapUsed);

  // Final story of every item; a story merged away counts under the one it went into.
  const final = (id: string): string => {
    let at = id;
    for (let i = 0; i < 100 && mergedInto.has(at); i++) at = mergedInto.get(at)!;
    return at;
  };
  const storyOf = new Map<string, string>();
  for (const l of lines) {
    const id = detector.storyOf(l.id);
    if (id) storyOf.set(l.id, final(id));
  }
  const alarmOf = new Map<string, number>();
  for (const [id, at] of trendingAt) {
    const into = final(id);
    alarmOf.set(into, Math.min(alarmOf.get(into) ?? Infinity, at));
  }
  const labelled = lines.filter((l) => l.label !== 'none' && storyOf.has(l.id));
  const score = bcubed(labelled.map((l) => ({ cluster: storyOf.get(l.id)!, label: l.label })));
  const clusters = new Set(labelled.map((l) => storyOf.get(l.id)));
  const labels = new Set(labelled.map((l) => l.label));

  // Alarms per label with at least 30 items.
  const byLabel = new Map<string, StreamLine[]>();
  for (const l of lines) if (l.label !== 'none') byLabel.set(l.label, [...(byLabel.get(l.label) ?? []), l]);
  let eligible = 0;
  let alarmed = 0;
  let early = 0;
  const leads: number[] = [];
  const sinceFirst: number[] = [];
  const rows: string[] = [];
  for (const [label, members] of byLabel) {
    if (members.length < 30) continue;
    eligible += 1;
    const times = members.map((m) => Date.parse(m.publishedAt)).sort((a, b) => a - b);
    let peakHour = 0;
    let lo = 0;
    const window: number[] = [];
    for (let hi = 0; hi < times.length; hi++) {
      while (times[lo]! <= times[hi]! - HOUR) lo++;
      window[hi] = hi - lo + 1;
      peakHour = Math.max(peakHour, hi - lo + 1);
    }
    const onset = times[window.findIndex((count) => count >= 0.1 * peakHour)]!;
    const perStory = new Map<string, number>();
    for (const m of members) {
      const id = storyOf.get(m.id);
      if (id) perStory.set(id, (perStory.get(id) ?? 0) + 1);
    }
    let alarm = Infinity;
    for (const [id, count] of perStory) if (count >= Math.min(members.length / 5, 30)) alarm = Math.min(alarm, alarmOf.get(id) ?? Infinity);
    if (Number.isFinite(alarm)) {
      alarmed += 1;
      if (alarm < onset) early += 1;
      leads.push(onset - alarm);
      sinceFirst.push(alarm - times[0]!);
    }
    if (verbose) rows.push(`  ${label.slice(0, 28).padEnd(28)} n=${members.length} peak/h=${peakHour} onset+${minutes(onset - times[0]!)} alarm ${Number.isFinite(alarm) ? `+${minutes(alarm - times[0]!)}` : 'none'} biggest story ${Math.max(...perStory.values())} cohesion ${[...perStory.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([id]) => detector.storyFigures(id)?.cohesion).join(',')}`);
  }

  // False alarms: stories ever trending whose items are mostly `none`.
  const composition = new Map<string, { none: number; all: number }>();
  for (const l of lines) {
    const id = storyOf.get(l.id);
    if (!id) continue;
    const c = composition.get(id) ?? { none: 0, all: 0 };
    c.all += 1;
    if (l.label === 'none') c.none += 1;
    composition.set(id, c);
  }
  let falseAlarms = 0;
  const falseLabels: string[] = [];
  for (const id of alarmOf.keys()) {
    const c = composition.get(id);
    if (c && c.none * 2 > c.all) {
      falseAlarms += 1;
      if (verbose) falseLabels.push(`  false alarm: ${c.all} items, cohesion ${detector.storyFigures(id)?.cohesion}: ${detector.story(id, end)?.label ?? id}`);
    }
  }
  const spanHours = (end - items[0]!.publishedAt) / HOUR;
  const perHour = items.length / spanHours;
  const falseRate = falseAlarms / (spanHours / 24) / (perHour / 1000);

  console.log(
    `${name}: ${items.length} items in ${seconds.toFixed(2)} s = ${Math.round(items.length / seconds)} items/s; ` +
      `peak heap +${((peak - baseline) / 1e6).toFixed(1)} MB; stories ${new Set(storyOf.values()).size} (labelled items in ${clusters.size} vs ${labels.size} labels); ` +
      (labelled.length ? `B-cubed P ${score.precision.toFixed(3)} R ${score.recall.toFixed(3)} F1 ${score.f1.toFixed(3)}; ` : '') +
      (eligible ? `alarms ${alarmed}/${eligible}, before onset ${early}, median lead ${minutes(median(leads))}, median first item → alarm ${minutes(median(sinceFirst))}; ` : '') +
      `false alarms ${falseAlarms} (${falseRate.toFixed(2)} per day per 1,000 items/h)`,
  );
  for (const row of [...rows, ...falseLabels]) console.log(row);
}
