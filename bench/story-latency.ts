// Arrival → story update on the board, under a sustained ingest rate with many board sockets:
// items pushed to a webhook source (POST /api/ingest/<source>, the push path of production: the
// same intake, store, detector job and event stream as polled items) at a fixed rate, open loop
// (each push leaves at its planned time whether or not earlier ones were answered), and `clients`
// signed-in socket.io clients joined to the board. An item's latency at a client is from its
// push's planned send time to the arrival at that client of the first `stories.update` of the
// item's story committed after the item's `items.create`: the moment the board can show the item
// in its story. Taken over every (item, client) pair; items the detector put in no story (exact
// copies) are counted apart. Real text: the shared dev streams (`support/shifted-streams.ts`),
// without their links (an article link seen again would be the same article, not a new item).
//
// The pushers and the clients share this process, and with the server and PostgreSQL they share
// the machine's cores: on a small machine the clients' own work is part of the figure.
// Needs the built CLI. `node --import tsx bench/story-latency.ts [--rate N] [--seconds N]
// [--clients N] [--batch N] [--store lowdb|postgres] [--quick]`
import type { AnyEvent } from '../server/realtime/protocol.js';
import type { Item } from '../server/domain/index.js';
import { openLowdbStore } from '../server/store/lowdb-store.js';
import { openPostgresStore } from '../server/store/postgres-store.js';
import { startBenchServer, type StoreKind } from './support/bench-server.js';
import { printMachine } from './support/machine.js';
import { ShiftedStreams } from './support/shifted-streams.js';
import { benchFlags, LatencyHistogram } from './support/stats.js';

const flags = benchFlags(
  { rate: '1000', seconds: '300', clients: '200', batch: '10', store: 'lowdb' },
  { rate: '100', seconds: '10', clients: '20', batch: '10', store: 'lowdb' },
);
const RATE = Number(flags.rate);
const SECONDS = Number(flags.seconds);
const CLIENTS = Number(flags.clients);
const BATCH = Number(flags.batch);
const MAX_IN_FLIGHT = 1_000;
printMachine();

/** Arrival times (ms, this process's clock) by event sequence number, for one client. */
class SeqTimes {
  times = new Float64Array(1 << 16);
  constructor(readonly base: number) {}
  set(seq: number, at: number): void {
    const i = seq - this.base;
    if (i < 0) return;
    while (i >= this.times.length) {
      const grown = new Float64Array(this.times.length * 2);
      grown.set(this.times);
      this.times = grown;
    }
    this.times[i] = at;
  }
  get(seq: number): number {
    return this.times[seq - this.base] ?? 0;
  }
}

const streams = new ShiftedStreams();
const server = await startBenchServer({ store: flags.store as StoreKind });
try {
  const { sourceId, token } = await server.webhook();
  const base = (await server.session.call<{ lastSeq: number }>('GET', '/api/events?since=0&limit=1')).lastSeq + 1;
  const clients = await server.openSockets(CLIENTS);
  const arrivals: SeqTimes[] = [];
  let deliveries = 0;
  for (const socket of clients) {
    const times = new SeqTimes(base);
    arrivals.push(times);
    socket.onAny((event: string, payload: AnyEvent) => {
      if (typeof payload !== 'object' || payload === null || typeof payload.seq !== 'number') return;
      deliveries++;
      if (payload.action === 'stories.update') times.set(payload.seq, performance.now());
    });
  }
  console.log(`story latency: ${RATE} items/s for ${SECONDS} s in pushes of ${BATCH}, ${CLIENTS} board sockets, ${flags.store} store (${server.url})`);

  // The pushes, open loop.
  const sentAt = new Map<string, number>();
  const pushes = Math.round((RATE * SECONDS) / BATCH);
  const interval = (1000 * BATCH) / RATE;
  let inFlight = 0;
  let refused = 0;
  let skipped = 0;
  let line = 0;
  const pending: Promise<void>[] = [];
  const started = performance.now();
  for (let n = 0; n < pushes; n++) {
    const due = started + n * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    if (inFlight >= MAX_IN_FLIGHT) {
      skipped++;
      continue;
    }
    const items = Array.from({ length: BATCH }, () => {
      const record = JSON.parse(streams.line(line++)) as { id: string; title?: string; text?: string; author?: string };
      sentAt.set(record.id, due);
      return { externalId: record.id, title: record.title ?? null, text: record.text ?? record.title ?? '', author: record.author ?? null };
    });
    inFlight++;
    pending.push(
      fetch(new URL(`/api/ingest/${sourceId}`, server.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ items }),
      })
        .then(async (answer) => {
          await answer.arrayBuffer();
          if (!answer.ok) refused++;
        })
        .catch(() => void refused++)
        .finally(() => inFlight--),
    );
  }
  await Promise.all(pending);
  const sendSeconds = (performance.now() - started) / 1000;
  // Until the board stops moving: the detector's last saves and the sockets' last deliveries.
  let quietSince = performance.now();
  let lastCount = deliveries;
  while (performance.now() - quietSince < 3_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (deliveries !== lastCount) {
      lastCount = deliveries;
      quietSince = performance.now();
    }
  }
  const drainSeconds = (performance.now() - started) / 1000 - sendSeconds;

  // What the server committed: each item's items.create and story, each story's updates in order.
  const store = server.databaseUrl ? await openPostgresStore({ connectionString: server.databaseUrl, readOnly: true }) : await openLowdbStore({ dataDir: server.dataDir, readOnly: true });
  const createdSeq = new Map<string, number>();
  const updatesOf = new Map<string, number[]>();
  const storyOf = new Map<string, string | null>();
  try {
    for (let since = base - 1; ; ) {
      const { events } = await store.eventsSince(since, 5_000);
      if (events.length === 0) break;
      for (const event of events) {
        if (event.action === 'items.create') for (const item of (event.data as { items: Item[] }).items) createdSeq.set(item.externalId, event.seq);
        if (event.action === 'stories.update') {
          const id = (event.data as { story: { id: string } }).story.id;
          const list = updatesOf.get(id) ?? [];
          list.push(event.seq);
          updatesOf.set(id, list);
        }
      }
      since = events.at(-1)!.seq;
    }
    for (const item of await store.itemsFetchedSince('', 10_000_000)) storyOf.set(item.externalId, item.storyId);
  } finally {
    await store.close();
  }

  const histogram = new LatencyHistogram();
  let noStory = 0;
  let notHeard = 0;
  for (const [externalId, sent] of sentAt) {
    const seq = createdSeq.get(externalId);
    const storyId = storyOf.get(externalId);
    if (seq === undefined || !storyId) {
      noStory++;
      continue;
    }
    // The first update of its story committed after the item was.
    const updates = updatesOf.get(storyId) ?? [];
    let lo = 0;
    let hi = updates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (updates[mid]! > seq) hi = mid;
      else lo = mid + 1;
    }
    const updateSeq = updates[lo];
    if (updateSeq === undefined) {
      notHeard += CLIENTS;
      continue;
    }
    for (const times of arrivals) {
      const at = times.get(updateSeq);
      if (at > 0) histogram.add(at - sent);
      else notHeard++;
    }
  }
  const sent = sentAt.size;
  console.log(
    `pushed ${sent} items in ${sendSeconds.toFixed(1)} s (${Math.round(sent / sendSeconds)} items/s planned ${RATE}); ${refused} pushes refused, ${skipped} skipped (over ${MAX_IN_FLIGHT} in flight); ` +
      `board quiet ${drainSeconds.toFixed(1)} s after the last push; ${deliveries} events delivered to ${CLIENTS} sockets (${Math.round(deliveries / (sendSeconds + drainSeconds))}/s)`,
  );
  console.log(`arrival → story update at a client: ${histogram.summary()}`);
  console.log(`${noStory} items in no story (exact copies, or not stored); ${notHeard} (item, client) updates not heard`);
} finally {
  await server.stop();
}
