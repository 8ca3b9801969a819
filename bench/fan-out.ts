// Fan-out on one server process: events per second delivered to many board sockets, counted at
// the clients. Pushers send items one per request to a webhook source as fast as they are answered
// (each push commits an `items.create` and a `sources.update`, and the detector's `stories.update`
// follows), for a fixed time; every event is broadcast to every socket in the board room. The
// clients share this process and the machine with the server: on a small machine they compete for
// its cores. Needs the built CLI.
// `node --import tsx bench/fan-out.ts [--clients N] [--seconds N] [--pushers N] [--store lowdb|postgres] [--quick]`
import type { AnyEvent } from '../server/realtime/protocol.js';
import { startBenchServer, type StoreKind } from './support/bench-server.js';
import { printMachine } from './support/machine.js';
import { ShiftedStreams } from './support/shifted-streams.js';
import { benchFlags } from './support/stats.js';

const flags = benchFlags({ clients: '1000', seconds: '30', pushers: '8', store: 'lowdb' }, { clients: '100', seconds: '5', pushers: '4', store: 'lowdb' });
const CLIENTS = Number(flags.clients);
const SECONDS = Number(flags.seconds);
const PUSHERS = Number(flags.pushers);
printMachine();

const streams = new ShiftedStreams();
const server = await startBenchServer({ store: flags.store as StoreKind });
try {
  const { sourceId, token } = await server.webhook();
  const openStarted = performance.now();
  const clients = await server.openSockets(CLIENTS);
  console.log(`fan-out: ${CLIENTS} board sockets on one process (joined in ${((performance.now() - openStarted) / 1000).toFixed(1)} s), ${PUSHERS} pushers for ${SECONDS} s, ${flags.store} store`);
  let deliveries = 0;
  let firstAt = 0;
  let lastAt = 0;
  const perClient = new Uint32Array(CLIENTS);
  clients.forEach((socket, i) =>
    socket.onAny((_event: string, payload: AnyEvent) => {
      if (typeof payload !== 'object' || payload === null || typeof payload.seq !== 'number') return;
      deliveries++;
      perClient[i]!++;
      lastAt = performance.now();
      if (firstAt === 0) firstAt = lastAt;
    }),
  );

  let line = 0;
  let pushed = 0;
  const until = performance.now() + SECONDS * 1000;
  const pusher = async () => {
    while (performance.now() < until) {
      const record = JSON.parse(streams.line(line++)) as { id: string; title?: string; text?: string };
      const answer = await fetch(new URL(`/api/ingest/${sourceId}`, server.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ externalId: record.id, title: record.title ?? null, text: record.text ?? record.title ?? '' }),
      });
      if (!answer.ok) throw new Error(`push answered ${answer.status}: ${await answer.text()}`);
      await answer.arrayBuffer();
      pushed++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: PUSHERS }, pusher));
  const pushSeconds = (performance.now() - started) / 1000;
  // Until every socket has heard everything (or the stream stops moving).
  let before = -1;
  while (before !== deliveries) {
    before = deliveries;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  const seconds = (lastAt - firstAt) / 1000;
  const heard = [...perClient].sort((a, b) => a - b);
  console.log(`${pushed} items pushed in ${pushSeconds.toFixed(1)} s (${Math.round(pushed / pushSeconds)}/s); ${Math.round(deliveries / CLIENTS)} events per socket`);
  console.log(`delivered: ${deliveries} events in ${seconds.toFixed(1)} s = ${Math.round(deliveries / seconds)} events/s to ${CLIENTS} sockets (${Math.round(deliveries / CLIENTS / seconds)} events/s each); fewest heard by one socket ${heard[0]}, most ${heard.at(-1)}`);
} finally {
  await server.stop();
}
