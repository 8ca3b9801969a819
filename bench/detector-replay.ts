// Replays the labelled streams of ../shared/data through the trend detector, faster than real
// time, and prints throughput, peak memory and B-cubed clustering figures (see the data README).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TrendDetector, type DetectorItem } from '../server/trends/detector.js';
import { PROJECT_ROOT } from '../server/version.js';
import { bcubed } from './bcubed.js';

interface StreamLine {
  id: string;
  channel: string;
  source: string;
  title?: string;
  text?: string;
  author?: string;
  publishedAt: string;
  label: string;
}

const streams = ['news-dev.jsonl', 'crisis-dev.jsonl', 'background-dev.jsonl'];

for (const name of streams) {
  const lines = readFileSync(join(PROJECT_ROOT, '..', 'shared', 'data', 'streams', name), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as StreamLine);
  const items: DetectorItem[] = lines.map((l) => ({
    id: l.id,
    sourceId: l.source,
    channel: (['news', 'reddit', 'mastodon', 'bluesky', 'hackernews', 'youtube', 'x'].includes(l.channel) ? l.channel : 'x') as DetectorItem['channel'],
    author: l.author ?? null,
    title: l.title ?? null,
    text: l.text ?? '',
    publishedAt: Date.parse(l.publishedAt),
  }));
  global.gc?.();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  const detector = new TrendDetector();
  const storyOf = new Map<string, string>();
  const trending = new Set<string>();
  const started = process.hrtime.bigint();
  items.forEach((item, n) => {
    const assignment = detector.ingest(item, item.publishedAt);
    if (assignment) storyOf.set(item.id, assignment.storyId);
    if (n % 500 === 0) {
      detector.tick(item.publishedAt);
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const end = items.at(-1)!.publishedAt;
  for (const id of new Set(storyOf.values())) if (detector.story(id, end)?.trendingAt) trending.add(id);
  const labelled = lines.filter((l) => l.label !== 'none' && storyOf.has(l.id));
  const score = bcubed(labelled.map((l) => ({ cluster: storyOf.get(l.id)!, label: l.label })));
  console.log(
    `${name}: ${items.length} items in ${seconds.toFixed(2)} s = ${Math.round(items.length / seconds)} items/s; ` +
      `peak heap +${((peak - baseline) / 1e6).toFixed(1)} MB; stories ${new Set(storyOf.values()).size}, ever trending ${trending.size}; ` +
      (labelled.length ? `B-cubed P ${score.precision.toFixed(3)} R ${score.recall.toFixed(3)} F1 ${score.f1.toFixed(3)}` : 'no labelled items'),
  );
}
