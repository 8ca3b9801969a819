// Writes items through the lowdb store with several writers in flight and prints throughput,
// acknowledgement latency percentiles and file size as the store grows.
import { statSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itemId, type Item } from '../server/domain/index.js';
import { DATA_FILE_NAME, openLowdbStore } from '../server/store/lowdb-store.js';

const CONCURRENCY = 16;
const dir = mkdtempSync(join(tmpdir(), 'tw-bench-'));
const store = await openLowdbStore({ dataDir: dir });

function item(n: number): Item {
  const at = new Date().toISOString();
  return {
    id: itemId('bench', `g${n}`),
    sourceId: 'bench',
    channel: 'news',
    externalId: `g${n}`,
    author: 'bench',
    title: `Benchmark headline ${n} about a harbor bridge and a cargo ship`,
    text: 'A paragraph of body text that is about as long as a feed summary usually is, give or take a few words.',
    html: null,
    url: `https://example.org/${n}`,
    publishedAt: at,
    fetchedAt: at,
    language: 'en',
    engagement: {},
    storyId: null,
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
let n = 0;
for (const target of [1_000, 5_000, 20_000]) {
  const latencies: number[] = [];
  const started = performance.now();
  const startCount = n;
  const worker = async () => {
    while (n < target) {
      const mine = n++;
      const t = performance.now();
      await store.addItems('bench', [item(mine)], 'bench');
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `lowdb addItems up to ${target} items: ${Math.round((target - startCount) / seconds)} writes/s with ${CONCURRENCY} in flight; ` +
      `ack p50 ${percentile(latencies, 50).toFixed(1)} ms p95 ${percentile(latencies, 95).toFixed(1)} ms p99 ${percentile(latencies, 99).toFixed(1)} ms; ` +
      `file ${(statSync(join(dir, DATA_FILE_NAME)).size / 1e6).toFixed(1)} MB; rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
  );
}
await store.close();
rmSync(dir, { recursive: true, force: true });
