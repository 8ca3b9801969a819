// Ingest on one process: items/s through the path a polled item takes in production, from a
// feed document to a stored item in a story, with peak memory, from 1 to 1,000,000 items.
//
// The path is the server's own: the poll runner (server/jobs/poll-runner.ts) runs the rss
// connector on a feed document (decode, repair, rss-parser, entry → item mapping, sanitizing),
// turns its items into stored Items (server/workflow/item-intake.ts), stores them
// (`Store.addItems`), records the source's health, and hands them to the detector job
// (server/jobs/detector-job.ts), which feeds the TrendDetector, ticks it and saves the stories it
// changed (`Store.saveStories`). Only the network is replaced: the fake fetch answers each poll
// with the next page of the three shared dev streams written as an RSS 2.0 document (real text,
// shifted round after round with fresh ids, `support/shifted-streams.ts`), one source per channel.
//
// Time is the stream's: the clock handed to the runner and the detector job is the newest item's
// time, so a million items cover about six simulated years, and retention runs once a simulated
// day with the default period (7 days), as the leader's daily pass does. Each poll's story saves
// are awaited before the next poll, so nothing piles up unmeasured.
//
// Figures per decade (1, 10, 100, … items): items/s and µs/item of wall time and of this
// process's CPU time, where the wall time went (connector, store, detector), peak RSS and heap,
// what the store holds. `--store postgres` for PostgreSQL (BENCH_DATABASE_URL, a database of its
// own, dropped afterwards). For one core: `taskset -c 0 node --import tsx bench/ingest.ts`.
// `node --import tsx bench/ingest.ts [--max N] [--batch N] [--store lowdb|postgres] [--quick]`
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connector } from '../connectors/index.js';
import { rssConnector } from '../connectors/rss/rss-connector.js';
import { NEW_SOURCE_HEALTH, type Item, type Source } from '../server/domain/index.js';
import { startDetectorJob } from '../server/jobs/detector-job.js';
import { createPollRunner } from '../server/jobs/poll-runner.js';
import { retentionCutoff } from '../server/jobs/retention.js';
import { DATA_FILE_NAME, EVENT_LOG_FILE_NAME, openLowdbStore } from '../server/store/lowdb-store.js';
import { openPostgresStore } from '../server/store/postgres-store.js';
import type { Store } from '../server/store/store.js';
import { printMachine } from './support/machine.js';
import { ShiftedStreams } from './support/shifted-streams.js';
import { benchFlags, mb, MemoryPeaks } from './support/stats.js';
import { createTempDatabase, type TempDatabase } from './support/temp-database.js';

const flags = benchFlags({ max: '1000000', batch: '50', store: 'lowdb', retention: '7' }, { max: '10000', batch: '50', store: 'lowdb', retention: '7' });
const MAX = Number(flags.max);
const BATCH = Number(flags.batch);
const RETENTION_DAYS = Number(flags.retention);
const DAY = 86_400_000;
printMachine();

// ---- The feed pages: stream lines written as RSS 2.0, one document per channel and poll. ----
const streams = new ShiftedStreams();
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
interface StreamRecord {
  id: string;
  channel: string;
  source?: string;
  title?: string;
  text?: string;
  url?: string;
  author?: string;
  publishedAt: string;
}
function feedDocument(records: StreamRecord[]): Buffer {
  const entries = records.map((r) =>
    [
      '<item>',
      r.title ? `<title>${escapeXml(r.title)}</title>` : '',
      r.url ? `<link>${escapeXml(r.url)}</link>` : '',
      r.text ? `<description>${escapeXml(r.text)}</description>` : '',
      `<author>${escapeXml(r.author ?? r.source ?? 'unknown')}</author>`,
      `<guid isPermaLink="false">${escapeXml(r.id)}</guid>`,
      `<pubDate>${new Date(r.publishedAt).toUTCString()}</pubDate>`,
      '</item>',
    ].join(''),
  );
  return Buffer.from(`<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Bench</title><link>https://bench.example/</link><description>bench</description>${entries.join('\n')}</channel></rss>`, 'utf8');
}

// ---- The store. ----
let database: TempDatabase | null = null;
const dataDir = mkdtempSync(join(tmpdir(), 'tw-bench-ingest-'));
const store: Store = flags.store === 'postgres' ? await openPostgresStore({ connectionString: (database = await createTempDatabase()).url }) : await openLowdbStore({ dataDir });
const storeSize = async () => {
  if (database) return `database ${(await database.sizeMb()).toFixed(0)} MB`;
  const size = (name: string) => statSync(join(dataDir, name)).size / 1e6;
  return `data file ${size(DATA_FILE_NAME).toFixed(0)} MB, log ${size(EVENT_LOG_FILE_NAME).toFixed(0)} MB`;
};

// Every store call's wall time, whoever makes it (runner, detector job, retention).
const stageMs = { connector: 0, store: 0, detector: 0, retention: 0 };
const timedStore = new Proxy(store, {
  get(target, name, receiver) {
    const value = Reflect.get(target, name, receiver) as unknown;
    if (typeof value !== 'function' || name === 'onEvents' || name === 'info') return value;
    return async (...args: unknown[]) => {
      const started = performance.now();
      try {
        return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      } finally {
        stageMs.store += performance.now() - started;
      }
    };
  },
});

// ---- The runtime: the simulated clock, the detector job, the poll runner, one rss source per channel. ----
let now = 0;
const clock = () => new Date(now);
const log = (message: string) => {
  if (!/opportunit/.test(message)) process.stderr.write(`${message}\n`);
};
// A tick whenever the loop turns (at most once a millisecond), at the stream's clock: the detector's ticks are bucket-paced.
const detectorJob = startDetectorJob({ store: timedStore, clock, tickSeconds: 0.001, log });
let saving: Promise<void> = Promise.resolve();
const pages = new Map<string, Buffer>();
const timedRss: Connector<any> = {
  ...rssConnector,
  async poll(ctx) {
    const started = performance.now();
    try {
      return await rssConnector.poll!(ctx);
    } finally {
      stageMs.connector += performance.now() - started;
    }
  },
};
const runner = createPollRunner({
  store: timedStore,
  connectors: new Map([['rss', timedRss]]),
  fetch: async ({ url }) => ({ status: 200, url, headers: { 'content-type': 'application/rss+xml; charset=utf-8' }, body: pages.get(url)! }),
  clock,
  runTimeoutMs: 600_000,
  onItems: (items: Item[]) => {
    // The job's ingest feeds the detector synchronously and chains the save; the feed is detector
    // time, the save is store time (counted by the proxy).
    const started = performance.now();
    saving = detectorJob.ingest(items);
    stageMs.detector += performance.now() - started;
  },
  log,
  random: () => 0.5,
});
const sources = new Map<string, Source>();
async function sourceFor(channel: string): Promise<Source> {
  let source = sources.get(channel);
  if (!source) {
    source = {
      id: `bench-${channel}`,
      name: `Bench ${channel}`,
      kind: 'rss',
      channel: channel as Source['channel'],
      options: { url: `https://bench.example/${channel}.xml` },
      // Every second: the next page is due by the time the clock reaches it.
      schedule: '* * * * * *',
      enabled: true,
      cursor: null,
      health: { ...NEW_SOURCE_HEALTH },
      createdAt: new Date(now).toISOString(),
    };
    await store.saveSource(source, 'bench');
    sources.set(channel, source);
  }
  return source;
}

// ---- The run, decade by decade. ----
const checkpoints = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000].filter((n) => n < MAX).concat(MAX);
const memory = new MemoryPeaks();
interface Row {
  items: number;
  inserted: number;
  wallMs: number;
  cpuUs: number;
  stages: typeof stageMs;
  rss: number;
  heap: number;
  held: string;
}
const rows: Row[] = [];
let line = 0;
let fed = 0;
let inserted = 0;
let nextRetention = 0;
let lastPollAt = 0;
console.log(`ingest: up to ${MAX} items, ${BATCH} per feed page, ${flags.store} store, retention ${RETENTION_DAYS} days once a simulated day`);
try {
  for (const checkpoint of checkpoints) {
    const wallStarted = performance.now();
    const cpuStarted = process.cpuUsage();
    const stagesBefore = { ...stageMs };
    const insertedBefore = inserted;
    const fedBefore = fed;
    while (fed < checkpoint) {
      const records: StreamRecord[] = [];
      while (records.length < Math.min(BATCH, checkpoint - fed)) records.push(JSON.parse(streams.line(line++)) as StreamRecord);
      fed += records.length;
      // The poll happens when the page's newest item exists, and at least a second after the last (the schedule's step).
      now = Math.max(lastPollAt + 1_000, Date.parse(records.at(-1)!.publishedAt));
      lastPollAt = now;
      if (nextRetention === 0) nextRetention = now + DAY;
      const byChannel = new Map<string, StreamRecord[]>();
      for (const record of records) byChannel.set(record.channel, [...(byChannel.get(record.channel) ?? []), record]);
      for (const [channel, page] of byChannel) {
        const source = await sourceFor(channel);
        pages.set(source.options['url'] as string, feedDocument(page));
        const outcome = await runner.run(source.id);
        if (outcome.status !== 'ok') throw new Error(`poll of ${source.id} ${outcome.status}: ${JSON.stringify(outcome)}`);
        inserted += outcome.inserted;
        await saving;
      }
      if (now >= nextRetention) {
        const started = performance.now();
        await store.applyRetention(retentionCutoff(new Date(now), RETENTION_DAYS), 'system');
        stageMs.retention += performance.now() - started;
        nextRetention = now + DAY;
      }
      memory.sample();
    }
    await saving;
    const cpu = process.cpuUsage(cpuStarted);
    const items = fed - fedBefore;
    rows.push({
      items: fed,
      inserted: inserted - insertedBefore,
      wallMs: performance.now() - wallStarted,
      cpuUs: cpu.user + cpu.system,
      stages: Object.fromEntries(Object.entries(stageMs).map(([k, v]) => [k, v - stagesBefore[k as keyof typeof stageMs]])) as typeof stageMs,
      rss: memory.maxRss(),
      heap: memory.heap,
      held: `${await store.countItems()} items, ${(await store.listStories({ limit: 1_000_000 })).length} stories; ${await storeSize()}`,
    });
    const row = rows.at(-1)!;
    const us = (ms: number) => ((1000 * ms) / items).toFixed(0);
    console.log(
      `${String(fed).padStart(9)} items (+${items}, ${row.inserted} new): ${Math.round(items / (row.wallMs / 1000))} items/s, ${us(row.wallMs)} µs/item wall, ${(row.cpuUs / items).toFixed(0)} µs/item CPU ` +
        `[connector ${us(row.stages.connector)}, store ${us(row.stages.store)}, detector ${us(row.stages.detector)}, retention ${us(row.stages.retention)} µs/item]; ` +
        `peak RSS ${mb(row.rss)}, heap ${mb(row.heap)}; holds ${row.held}`,
    );
  }
  const total = rows.reduce((sum, row) => sum + row.wallMs, 0);
  console.log(`total: ${fed} items in ${(total / 1000).toFixed(1)} s = ${Math.round(fed / (total / 1000))} items/s; ${inserted} stored (the rest were the same article URL already stored)`);
} finally {
  await detectorJob.stop();
  await runner.idle();
  await store.close();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
