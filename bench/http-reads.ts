// The board's main reads over real HTTP with 10,000 opportunities stored, on both store adapters
// side by side: requests/s and latency percentiles from `concurrency` keep-alive fetch loops per
// read for a fixed time. The reads are the board's own (web/src/api.ts): the snapshot it loads
// (stories, items, sources, opportunities, members and beats fetched in parallel, timed as one),
// the opportunities list, the stories list, the events since N (the last page of 500) and the
// dashboard. The store is seeded before the server starts: a beat, `opportunities` pitched
// through the workflow's command, and `items` real items (the shared dev streams) through the
// store; stories come from nothing here, so the stories list is short. Needs the built CLI.
// `node --import tsx bench/http-reads.ts [--opportunities N] [--items N] [--seconds N] [--concurrency N] [--stores lowdb,postgres] [--quick]`
import { itemId, type Item, type Principal } from '../server/domain/index.js';
import { openLowdbStore } from '../server/store/lowdb-store.js';
import { openPostgresStore } from '../server/store/postgres-store.js';
import { createBeat } from '../server/workflow/beat-commands.js';
import { pitchOpportunity } from '../server/workflow/opportunity-commands.js';
import { createWorkflowContext } from '../server/workflow/workflow-context.js';
import { startBenchServer, type BenchServer, type StoreKind } from './support/bench-server.js';
import { printMachine } from './support/machine.js';
import { ShiftedStreams } from './support/shifted-streams.js';
import { benchFlags, percentile } from './support/stats.js';

const flags = benchFlags(
  { opportunities: '10000', items: '5000', seconds: '10', concurrency: '16', stores: 'lowdb,postgres' },
  { opportunities: '1000', items: '1000', seconds: '3', concurrency: '8', stores: 'lowdb,postgres' },
);
const OPPORTUNITIES = Number(flags.opportunities);
const ITEMS = Number(flags.items);
const SECONDS = Number(flags.seconds);
const CONCURRENCY = Number(flags.concurrency);
printMachine();

async function seed({ dataDir, databaseUrl }: { dataDir: string; databaseUrl: string | null }): Promise<void> {
  const store = databaseUrl ? await openPostgresStore({ connectionString: databaseUrl }) : await openLowdbStore({ dataDir });
  try {
    const ctx = createWorkflowContext(store);
    const member = (await store.listRecords('member'))[0]!;
    const principal: Principal = { kind: 'member', id: member.id, name: member.name, roles: member.roles };
    const beat = await createBeat(ctx, principal, { name: 'Bench beat', query: 'harbour OR flood OR election' });
    let n = 0;
    const pitcher = async () => {
      while (n < OPPORTUNITIES) {
        const k = n++;
        const channels = (['bluesky', 'mastodon', 'news', 'reddit'] as const).slice(0, 1 + (k % 4));
        await pitchOpportunity(ctx, principal, { title: `Harbour story ${k}`, beatId: beat.id, channels: [...channels] });
      }
    };
    await Promise.all(Array.from({ length: 16 }, pitcher));
    const streams = new ShiftedStreams();
    const at = new Date().toISOString();
    for (let i = 0; i < ITEMS; i += 100) {
      const items: Item[] = [];
      for (let j = i; j < Math.min(ITEMS, i + 100); j++) {
        const r = JSON.parse(streams.line(j)) as { id: string; title?: string; text?: string; author?: string };
        items.push({ id: itemId('bench', r.id), sourceId: 'bench', channel: 'news', externalId: r.id, author: r.author ?? null, title: r.title ?? null, text: r.text ?? r.title ?? '', html: null, url: null, publishedAt: at, fetchedAt: at, language: 'en', engagement: {}, storyId: null });
      }
      await store.addItems('bench', items, 'bench');
    }
  } finally {
    await store.close();
  }
}

interface Read {
  name: string;
  paths: (lastSeq: number) => string[];
}
const READS: Read[] = [
  { name: 'board snapshot (6 reads in parallel)', paths: () => ['/api/stories?limit=100', '/api/items?limit=200', '/api/sources', '/api/opportunities?limit=1000', '/api/members', '/api/beats'] },
  { name: 'opportunities list (limit 1000)', paths: () => ['/api/opportunities?limit=1000'] },
  { name: 'stories list (limit 100)', paths: () => ['/api/stories?limit=100'] },
  { name: 'events since N (last 500)', paths: (lastSeq) => [`/api/events?since=${Math.max(0, lastSeq - 500)}&limit=500`] },
  { name: 'dashboard', paths: () => ['/api/dashboard'] },
];

async function measure(server: BenchServer, read: Read, lastSeq: number): Promise<string> {
  const headers = { cookie: server.cookie };
  const paths = read.paths(lastSeq);
  const latencies: number[] = [];
  let failures = 0;
  let bytes = 0;
  const get = async () => {
    await Promise.all(
      paths.map(async (path) => {
        const answer = await fetch(new URL(path, server.url), { headers });
        bytes += (await answer.arrayBuffer()).byteLength;
        if (!answer.ok) failures++;
      }),
    );
  };
  await get(); // warm
  const until = performance.now() + SECONDS * 1000;
  const started = performance.now();
  const loop = async () => {
    while (performance.now() < until) {
      const t = performance.now();
      await get();
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const f = (ms: number) => ms.toFixed(1);
  return `${(latencies.length / seconds).toFixed(0).padStart(6)} req/s  p50 ${f(percentile(latencies, 50))} ms  p99 ${f(percentile(latencies, 99))} ms  (${(bytes / (latencies.length + 1) / 1024).toFixed(0)} KB each${failures ? `, ${failures} failed` : ''})`;
}

console.log(`http reads: ${OPPORTUNITIES} opportunities and ${ITEMS} items stored; ${CONCURRENCY} loops for ${SECONDS} s per read`);
for (const store of flags.stores.split(',') as StoreKind[]) {
  const seeding = performance.now();
  let server: BenchServer;
  try {
    server = await startBenchServer({ store, seed });
  } catch (error) {
    console.log(`${store}: not measured: ${(error as Error).message.split('\n')[0]}`);
    continue;
  }
  try {
    console.log(`${store} (seeded and started in ${((performance.now() - seeding) / 1000).toFixed(0)} s):`);
    const { lastSeq } = await server.session.call<{ lastSeq: number }>('GET', '/api/events?since=0&limit=1');
    for (const read of READS) console.log(`  ${read.name.padEnd(38)} ${await measure(server, read, lastSeq)}`);
  } finally {
    await server.stop();
  }
}
