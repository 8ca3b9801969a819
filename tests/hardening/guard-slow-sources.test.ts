// Hardening: slow and flaky sources. Beside four healthy feeds, one source hangs (accepts the
// connection, never answers), one trickles a byte a second, one answers 500 every other time.
// The real poll scheduler (node-cron, every second) and runner, the real safe fetch and a lowdb
// store run for a few seconds of real time. Read back from the runner's own records (the health
// it writes after every run, in the event log): every healthy source is polled on every tick
// within a tolerance, the bad ones are unhealthy with the reason, and the local server's request
// log shows no two runs of one source overlapping.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTORS, createSafeFetch } from '../../connectors/index.js';
import { rssSource } from '../../server/default-sources.js';
import type { AnyEvent } from '../../server/domain/index.js';
import { createPollRunner } from '../../server/jobs/poll-runner.js';
import { startPollScheduler } from '../../server/jobs/poll-scheduler.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { closeServer, listenOnLoopback } from '../support/local-server.js';
import { tempDir } from '../support/temp-dir.js';

const HEALTHY = ['wire-1', 'wire-2', 'wire-3', 'wire-4'];
const BAD = ['hangs', 'trickles', 'flaky'] as const;
/** How long the scheduler runs. */
const RUN_MS = 8_000;
/** A tick may come this much late (cron on whole seconds, a lowdb write, a loaded CI machine). */
const TOLERANCE_MS = 600;
const FETCH_TIMEOUT_MS = 1_500;
const RUN_TIMEOUT_MS = 2_500;

const feed = (id: string, n: number) => `<?xml version="1.0"?><rss version="2.0"><channel><title>${id}</title>
<item><title>${id} story ${n}</title><guid>${id}-${n}</guid><link>https://${id}.example/${n}</link></item></channel></rss>`;

interface Request {
  path: string;
  start: number;
  end: number;
}

describe('slow and flaky sources beside healthy ones', () => {
  const dir = tempDir();
  let store: Store;
  let server: http.Server;
  let origin: string;
  const requests: Request[] = [];
  let flakyCount = 0;
  let events: AnyEvent[] = [];
  let startedAt = 0;
  let stoppedAt = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const record: Request = { path: (req.url ?? '').slice(1), start: Date.now(), end: Infinity };
      requests.push(record);
      res.on('close', () => (record.end = Date.now()));
      const id = record.path;
      if (id === 'hangs') return; // accepted, never answered
      if (id === 'trickles') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const body = feed(id, 1);
        let i = 0;
        const drip = setInterval(() => (i < body.length ? res.write(body[i++]) : res.end()), 1_000);
        res.on('close', () => clearInterval(drip));
        return;
      }
      if (id === 'flaky' && flakyCount++ % 2 === 0) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed(id, requests.length));
    });
    origin = await listenOnLoopback(server);
    store = await openLowdbStore({ dataDir: dir.path });
    for (const id of [...HEALTHY, ...BAD]) await store.saveSource(rssSource(id, id, `${origin}/${id}`, '* * * * * *', new Date()), 'test');

    const runner = createPollRunner({
      store,
      connectors: CONNECTORS,
      fetch: createSafeFetch({ allowedOrigins: [origin], timeoutMs: FETCH_TIMEOUT_MS }),
      clock: () => new Date(),
      runTimeoutMs: RUN_TIMEOUT_MS,
      log: () => undefined,
      // Short back-off, so a failing source is tried again within the test.
      backoff: { baseMs: 1_000, maxMs: 2_000 },
      random: () => 0.5,
    });
    const seqBefore = await store.lastSeq();
    const scheduler = startPollScheduler({ store, runner, log: () => undefined });
    startedAt = Date.now();
    await scheduler.reload();
    await new Promise((resolve) => setTimeout(resolve, RUN_MS));
    // The last tick asked for: runs still under way (a hanging one) are waited for by stop().
    stoppedAt = Date.now();
    await scheduler.stop();
    for (let seq = seqBefore; ; ) {
      const page = await store.eventsSince(seq, 500);
      events.push(...page.events);
      if (page.events.length < 500) break;
      seq = page.events.at(-1)!.seq;
    }
  }, 60_000);

  afterAll(async () => {
    await closeServer(server);
    await store.close();
    dir.remove();
  });

  /** The start of every run the runner recorded for a source, in order (the health it saved after each). */
  function runsOf(id: string): number[] {
    return events
      .filter((e) => e.action === 'sources.update' && e.data.source.id === id)
      .map((e) => (e.action === 'sources.update' ? Date.parse(e.data.source.health.lastRunAt ?? '') : NaN))
      .filter((t, i, all) => Number.isFinite(t) && all.indexOf(t) === i);
  }

  function healthsOf(id: string) {
    return events.flatMap((e) => (e.action === 'sources.update' && e.data.source.id === id ? [e.data.source.health] : []));
  }

  it.each(HEALTHY)('%s is polled on every tick, the hanging, trickling and flaky sources notwithstanding', (id) => {
    const runs = runsOf(id);
    // One run at start, then one per second: allow for the first and last second.
    expect(runs.length, `runs of ${id}: ${runs.map((t) => t - startedAt).join(', ')}`).toBeGreaterThanOrEqual(Math.floor((stoppedAt - startedAt) / 1_000) - 2);
    // From the first cron tick on: the run made at start lands between ticks, and when it is still
    // writing at the next tick that tick is skipped (runs never overlap), which is no lateness.
    const ticks = runs.slice(1);
    const gaps = ticks.slice(1).map((t, i) => t - ticks[i]!);
    // On a loaded two-core CI machine node-cron itself now and then misses one whole-second tick
    // for every source at once (seen while the crash test ran beside it): one missed tick is
    // allowed, two in a row are not. A bad source holding the others up costs them its whole
    // fetch timeout (1.5 s or more) on every tick, which this still catches.
    expect(Math.max(...gaps), `gaps between runs of ${id}: ${gaps.join(', ')} ms`).toBeLessThanOrEqual(2_000 + TOLERANCE_MS);
    expect(gaps.filter((gap) => gap > 1_000 + TOLERANCE_MS).length, `gaps between runs of ${id}: ${gaps.join(', ')} ms`).toBeLessThanOrEqual(1);
    expect(runs[0]! - startedAt).toBeLessThanOrEqual(TOLERANCE_MS);
    expect(healthsOf(id).every((h) => h.status === 'healthy')).toBe(true);
  });

  it.each([
    ['hangs', /no answer within 1500 ms|no complete answer within 1500 ms|took longer than 2500 ms/],
    ['trickles', /no complete answer within 1500 ms|took longer than 2500 ms/],
    ['flaky', /500/],
  ] as const)('%s is marked unhealthy with the reason', (id, reason) => {
    const unhealthy = healthsOf(id).filter((h) => h.status === 'unhealthy');
    expect(unhealthy.length, `health of ${id}: ${JSON.stringify(healthsOf(id).map((h) => [h.status, h.lastError]))}`).toBeGreaterThan(0);
    expect(unhealthy[0]!.lastError).toMatch(reason);
  });

  it('the flaky source also succeeds between its failures, and is polled again after each', () => {
    const statuses = healthsOf('flaky').map((h) => h.status);
    expect(statuses).toContain('healthy');
    expect(statuses.filter((s) => s === 'unhealthy').length).toBeGreaterThanOrEqual(2);
  });

  it.each([...HEALTHY, ...BAD])('runs of %s never overlap (from the server side)', (id) => {
    const mine = requests.filter((r) => r.path === id).sort((a, b) => a.start - b.start);
    expect(mine.length).toBeGreaterThan(0);
    for (let i = 1; i < mine.length; i++) {
      expect(mine[i]!.start, `request ${i} of ${id} began before request ${i - 1} ended`).toBeGreaterThanOrEqual(mine[i - 1]!.end);
    }
  });

  it('the hanging and trickling sources were let go within the time limits', () => {
    for (const id of ['hangs', 'trickles']) {
      const mine = requests.filter((r) => r.path === id);
      for (const r of mine.slice(0, -1)) expect(r.end - r.start, id).toBeLessThanOrEqual(RUN_TIMEOUT_MS + TOLERANCE_MS);
    }
  });
});
