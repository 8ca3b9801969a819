// Writes items through each Store adapter with several writers in flight and prints throughput,
// acknowledgement latency percentiles and the size of what is stored as the store grows, the
// adapters side by side. PostgreSQL: BENCH_DATABASE_URL (default the local test server); the
// bench creates a database of its own and drops it; without a server, that column says why.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { itemId, type Item } from '../server/domain/index.js';
import { DATA_FILE_NAME, EVENT_LOG_FILE_NAME, openLowdbStore } from '../server/store/lowdb-store.js';
import { openPostgresStore } from '../server/store/postgres-store.js';
import type { Store } from '../server/store/store.js';
import { printMachine } from './support/machine.js';

printMachine();

const CONCURRENCY = 16;
const TARGETS = [1_000, 5_000, 20_000];
const SERVER_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

interface Adapter {
  name: string;
  open(): Promise<Store>;
  /** What the store holds on disk now, in words. */
  size(): Promise<string>;
  dispose(): Promise<void>;
}

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

function lowdbAdapter(): Adapter {
  const dir = mkdtempSync(join(tmpdir(), 'tw-bench-'));
  const mb = (name: string) => statSync(join(dir, name)).size / 1e6;
  return {
    name: 'lowdb',
    open: () => openLowdbStore({ dataDir: dir }),
    size: async () => `data file ${mb(DATA_FILE_NAME).toFixed(1)} MB, log ${mb(EVENT_LOG_FILE_NAME).toFixed(1)} MB`,
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresAdapter(): Promise<Adapter> {
  const name = `tidewatch_bench_${randomBytes(4).toString('hex')}`;
  const onServer = async (sql: string) => {
    const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };
  await onServer(`CREATE DATABASE ${name} TEMPLATE template0`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    name: 'postgres',
    open: () => openPostgresStore({ connectionString: url.toString() }),
    size: async () => `database ${((await onServer(`SELECT pg_database_size('${name}') AS size`))[0].size / 1e6).toFixed(1)} MB`,
    dispose: async () => void (await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** One line per target: the store grows from one target to the next. */
async function run(adapter: Adapter): Promise<string[]> {
  const store = await adapter.open();
  const lines: string[] = [];
  let n = 0;
  try {
    for (const target of TARGETS) {
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
      lines.push(
        `${Math.round((target - startCount) / seconds)} writes/s; ack p50 ${percentile(latencies, 50).toFixed(1)} ms p95 ${percentile(latencies, 95).toFixed(1)} ms ` +
          `p99 ${percentile(latencies, 99).toFixed(1)} ms; ${await adapter.size()}; rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
      );
    }
  } finally {
    await store.close();
  }
  return lines;
}

const columns: Array<{ name: string; lines: string[] }> = [];
const lowdb = lowdbAdapter();
try {
  columns.push({ name: 'lowdb', lines: await run(lowdb) });
} finally {
  await lowdb.dispose();
}
let postgres: Adapter | null = null;
try {
  postgres = await postgresAdapter();
  columns.push({ name: 'postgres', lines: await run(postgres) });
} catch (error) {
  columns.push({ name: 'postgres', lines: TARGETS.map(() => `not measured: ${(error as Error).message}`) });
} finally {
  await postgres?.dispose();
}

console.log(`addItems, one item per write, ${CONCURRENCY} writes in flight; each adapter's store grows from one row to the next`);
TARGETS.forEach((target, row) => {
  console.log(`up to ${target} items`);
  for (const column of columns) console.log(`  ${column.name.padEnd(8)} ${column.lines[row]}`);
});
