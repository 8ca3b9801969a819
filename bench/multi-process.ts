// One server process against two on the same PostgreSQL database (the Scale-out issue), side by
// side: ingest throughput through the webhook route (POST /api/ingest/<source>, pushes spread over
// the processes), the events delivered per second to 200 board sockets spread over the
// processes, and the time from each items.create commit (the event's `at`, stamped in the
// transaction) to its arrival at a socket, p50/p95/p99. With two processes, half the sockets hear
// each event through the socket.io PostgreSQL adapter (NOTIFY). Everything runs on this machine,
// so the processes, PostgreSQL and the 200 clients share its cores.
//
// Needs `npx tsc -p tsconfig.build.json` (the built CLI) and PostgreSQL (BENCH_DATABASE_URL,
// default the local test server); each run makes a database of its own and drops it.
// `node --import tsx bench/multi-process.ts [--items N] [--clients N] [--pushers N]`
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { AnyEvent } from '../server/realtime/protocol.js';
import { newSecretKey } from '../server/workflow/secret-box.js';
import { joinBoard, openBoardSocket, type BoardSocket } from '../tests/support/board-socket.js';
import { signInOverHttp } from '../tests/support/http-session.js';
import { runCli, startServer, type RunningServer } from '../tests/support/run-cli.js';
import { signIn } from '../tests/support/sign-in.js';
import { printMachine } from './support/machine.js';

printMachine();

const { values } = parseArgs({ options: { items: { type: 'string', default: '2000' }, clients: { type: 'string', default: '200' }, pushers: { type: 'string', default: '16' } } });
const ITEMS = Number(values.items);
const CLIENTS = Number(values.clients);
const PUSHERS = Number(values.pushers);
const SERVER_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const EMAIL = 'bench@newsroom.example';
const PASSWORD = 'bench harbour at dawn';


interface Figures {
  processes: number;
  itemsPerSecond: number;
  eventsDeliveredPerSecond: number;
  deliveries: number;
  expectedDeliveries: number;
  latency: { p50: number; p95: number; p99: number; max: number };
}

async function onServer<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function run(processes: number): Promise<Figures> {
  const name = `tidewatch_bench_${randomBytes(4).toString('hex')}`;
  await onServer(`CREATE DATABASE ${name} TEMPLATE template0`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const env = { DATABASE_URL: url.toString(), TIDEWATCH_SECRET_KEY: newSecretKey(), TIDEWATCH_QUIET_HOURS: 'none' };
  const servers: RunningServer[] = [];
  const sockets: BoardSocket[] = [];
  // The store is the database; a data directory is still named, so nothing lands in the project's.
  const dir = mkdtempSync(join(tmpdir(), 'tw-bench-'));
  try {
    const added = runCli(['members', 'add', '--email', EMAIL, '--name', 'Bench Admin', '--role', 'admin', '--data', dir], env, `${PASSWORD}\n`);
    if (added.status !== 0) throw new Error(`could not add the bench member: ${added.stderr}`);
    for (let i = 0; i < processes; i++) servers.push(await startServer(['--data', dir], env));
    const session = await signInOverHttp(servers[0]!.url, EMAIL, PASSWORD);
    const { token } = await session.call<{ token: string }>('POST', '/api/sources', { id: 'wire', name: 'Wire', kind: 'webhook', channel: 'news', options: {} });
    const { cookie } = await signIn(servers[0]!.url, EMAIL, PASSWORD);

    // The board's sockets, spread over the processes as a load balancer would.
    const latencies: number[] = [];
    let deliveries = 0;
    let lastDeliveryAt = 0;
    const itemsSeen = new Map<BoardSocket, number>();
    for (let i = 0; i < CLIENTS; i++) {
      const socket = openBoardSocket(servers[i % processes]!.url, { cookie }, sockets);
      itemsSeen.set(socket, 0);
      socket.onAny((event: string, payload: AnyEvent) => {
        if (event === 'board.hello' || event === 'presence' || event === 'notice') return;
        deliveries++;
        lastDeliveryAt = performance.now();
        if (payload.action === 'items.create') {
          latencies.push(Date.now() - Date.parse(payload.at));
          itemsSeen.set(socket, itemsSeen.get(socket)! + payload.data.items.length);
        }
      });
      // A refused socket fails the bench instead of waiting for a hello that never comes.
      await Promise.race([joinBoard(socket), new Promise((_, reject) => socket.once('connect_error', reject))]);
    }

    // Pushers, one item per request, each on the next process in turn.
    let next = 0;
    let acknowledged = 0;
    const started = performance.now();
    const pusher = async () => {
      while (next < ITEMS) {
        const n = next++;
        const answer = await fetch(new URL('/api/ingest/wire', servers[n % processes]!.url), {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ externalId: `b-${n}`, title: `Bench headline ${n} on the harbour ferries`, text: `Ferry timetables change on route ${n % 40} this week.` }),
        });
        if (answer.ok) acknowledged++;
        else throw new Error(`push ${n} answered ${answer.status}: ${await answer.text()}`);
      }
    };
    await Promise.all(Array.from({ length: PUSHERS }, pusher));
    const ingestSeconds = (performance.now() - started) / 1000;
    // Then wait for the sockets to hear every item (or for the stream to stop moving).
    const until = performance.now() + 60_000;
    while (performance.now() < until && [...itemsSeen.values()].some((count) => count < ITEMS)) {
      const before = deliveries;
      await new Promise((resolve) => setTimeout(resolve, 500));
      if (deliveries === before && performance.now() - lastDeliveryAt > 5_000) break;
    }
    const deliverySeconds = (lastDeliveryAt - started) / 1000;
    const sorted = latencies.sort((a, b) => a - b);
    return {
      processes,
      itemsPerSecond: acknowledged / ingestSeconds,
      eventsDeliveredPerSecond: deliveries / deliverySeconds,
      deliveries: [...itemsSeen.values()].reduce((sum, count) => sum + count, 0),
      expectedDeliveries: ITEMS * CLIENTS,
      latency: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN },
    };
  } finally {
    sockets.forEach((socket) => socket.disconnect());
    for (const server of servers) await server.kill('SIGTERM');
    await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: Figures[] = [];
for (const processes of [1, 2]) {
  console.log(`${processes} process${processes === 1 ? '' : 'es'}: ${ITEMS} items through ${PUSHERS} pushers, ${CLIENTS} sockets…`);
  results.push(await run(processes));
}
const row = (label: string, cell: (f: Figures) => string) => console.log(`${label.padEnd(40)}${results.map((f) => cell(f).padStart(18)).join('')}`);
console.log();
row('', (f) => `${f.processes} process${f.processes === 1 ? '' : 'es'}`);
row('ingest (items/s, acknowledged)', (f) => f.itemsPerSecond.toFixed(0));
row(`events delivered/s to ${CLIENTS} sockets`, (f) => f.eventsDeliveredPerSecond.toFixed(0));
row('items heard / expected', (f) => `${f.deliveries}/${f.expectedDeliveries}`);
row('commit → socket p50 (ms)', (f) => f.latency.p50.toFixed(0));
row('commit → socket p95 (ms)', (f) => f.latency.p95.toFixed(0));
row('commit → socket p99 (ms)', (f) => f.latency.p99.toFixed(0));
row('commit → socket max (ms)', (f) => f.latency.max.toFixed(0));
