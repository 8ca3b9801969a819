import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONNECTORS, createSafeFetch } from '../../connectors/index.js';
import { rssSource } from '../../server/default-sources.js';
import type { Connector, ConnectorItem } from '../../connectors/index.js';
import { itemId, NEW_SOURCE_HEALTH, type Item, type Source } from '../../server/domain/index.js';
import { createPollRunner, type PollRunner } from '../../server/jobs/poll-runner.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { closeServer, listenOnLoopback } from '../support/local-server.js';

const GAZETTE = fs.readFileSync(fileURLToPath(new URL('../fixtures/feeds/harbour-gazette.rss.xml', import.meta.url)), 'utf8');
const GAZETTE_IDS = ['gazette-42', 'https://gazette.example/news/crane?ref=home'];

/** The gazette fixture with one more item on top, as the feed looks after the next story is published. */
const GAZETTE_WITH_NEW_ITEM = GAZETTE.replace(
  '<item>',
  `<item>
      <title>Ferry strike ends after night talks</title>
      <link>https://gazette.example/news/ferry-strike-ends?utm_campaign=push</link>
      <guid isPermaLink="false">gazette-43</guid>
      <pubDate>Tue, 11 Jun 2024 08:50:00 GMT</pubDate>
      <description>Both sides signed at dawn.</description>
    </item>
    <item>`,
);

interface Route {
  status: number;
  body: string;
  delayMs?: number;
  headers?: Record<string, string>;
  /** Accept the request and never answer. */
  silent?: boolean;
}

const routes = new Map<string, Route>();
const hits = new Map<string, number>();
let server: http.Server;
let origin: string;

function serve(pathname: string, route: Route) {
  routes.set(pathname, route);
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const pathname = req.url ?? '';
    hits.set(pathname, (hits.get(pathname) ?? 0) + 1);
    const route = routes.get(pathname) ?? { status: 404, body: 'not found' };
    if (route.silent) return;
    const answer = () => {
      res.writeHead(route.status, { 'content-type': route.status === 200 ? 'application/rss+xml; charset=utf-8' : 'text/plain', ...route.headers });
      res.end(route.body);
    };
    if (route.delayMs) setTimeout(answer, route.delayMs);
    else answer();
  });
  origin = await listenOnLoopback(server);
});

afterAll(async () => {
  await closeServer(server);
});

let dataDir: string;
let store: Store;
let now: Date;
let delivered: Item[][];
let logged: string[];
let runner: PollRunner;

beforeEach(async () => {
  routes.clear();
  hits.clear();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-'));
  store = await openLowdbStore({ dataDir });
  now = new Date('2024-06-11T09:00:00.000Z');
  delivered = [];
  logged = [];
  runner = makeRunner(10_000);
});

afterEach(async () => {
  await runner.idle();
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function makeRunner(runTimeoutMs: number): PollRunner {
  return createPollRunner({
    store,
    connectors: CONNECTORS,
    // No jitter: each back-off is the whole of its step.
    random: () => 0,
    fetch: createSafeFetch({ allowedOrigins: [origin] }),
    clock: () => now,
    runTimeoutMs,
    onItems: (items) => delivered.push(items),
    log: (message) => logged.push(message),
  });
}

async function addSource(id: string, pathname: string, change: Partial<Source> = {}): Promise<Source> {
  const source = { ...rssSource(id, `Feed ${id}`, `${origin}${pathname}`, '*/5 * * * *', now), ...change };
  await store.saveSource(source, 'test');
  return source;
}

async function health(id: string) {
  const source = await store.getSource(id);
  if (!source) throw new Error(`no source ${id}`);
  return source.health;
}

describe('poll runner with the lowdb store', () => {
  it('stores the items of a good feed under stable ids, and a second run inserts none', async () => {
    serve('/gazette.rss', { status: 200, body: GAZETTE });
    await addSource('gazette', '/gazette.rss');

    expect(await runner.run('gazette')).toEqual({ sourceId: 'gazette', status: 'ok', inserted: 2 });

    const items = await store.listItems({ limit: 10, sourceId: 'gazette' });
    expect(items.map((i) => i.id).sort()).toEqual(GAZETTE_IDS.map((externalId) => itemId('gazette', externalId)).sort());
    const ferry = await store.getItem(itemId('gazette', 'gazette-42'));
    expect(ferry).toMatchObject({
      sourceId: 'gazette',
      channel: 'news',
      externalId: 'gazette-42',
      author: 'Jane Doe',
      title: 'Ferry strike & port closure — “talks resume”',
      url: 'https://gazette.example/news/ferry-strike?id=42',
      publishedAt: '2024-06-11T08:30:00.000Z',
      fetchedAt: '2024-06-11T09:00:00.000Z',
      storyId: null,
    });
    expect(ferry?.html).not.toMatch(/script|onclick|javascript:/i);

    expect(await health('gazette')).toEqual({
      status: 'healthy',
      lastRunAt: '2024-06-11T09:00:00.000Z',
      lastSuccessAt: '2024-06-11T09:00:00.000Z',
      lastError: null,
      consecutiveFailures: 0,
      itemsLastRun: 2,
      // The next tick of */5 * * * *.
      nextPollAt: '2024-06-11T09:05:00.000Z',
      // Two items in the source's first hour.
      itemsPerHour: 2,
      warnings: [],
      itemsByHour: [{ hour: '2024-06-11T09', count: 2 }],
    });
    expect((await store.getSource('gazette'))?.cursor).toEqual({ etag: null, lastModified: null });

    now = new Date('2024-06-11T09:05:00.000Z');
    expect(await runner.run('gazette')).toEqual({ sourceId: 'gazette', status: 'ok', inserted: 0 });
    expect(await store.countItems()).toBe(2);
    expect(await health('gazette')).toMatchObject({ status: 'healthy', itemsLastRun: 0, lastSuccessAt: '2024-06-11T09:05:00.000Z' });
    // Both runs fetched the whole feed (no validators): the ids alone kept out the duplicates.
    expect(hits.get('/gazette.rss')).toBe(2);
  });

  it('marks a failing source unhealthy with the reason while another source in the same round succeeds', async () => {
    serve('/gazette.rss', { status: 200, body: GAZETTE });
    serve('/broken.rss', { status: 500, body: 'Internal Server Error' });
    serve('/garbage.rss', { status: 200, body: 'this is not XML, let alone a feed' });
    await addSource('gazette', '/gazette.rss');
    await addSource('broken', '/broken.rss');
    await addSource('garbage', '/garbage.rss');

    const outcomes = await Promise.all([runner.run('broken'), runner.run('gazette'), runner.run('garbage')]);
    expect(outcomes[0]).toEqual({ sourceId: 'broken', status: 'failed', error: 'the feed answered HTTP 500: the platform is having trouble; Tidewatch will try again' });
    expect(outcomes[1]).toEqual({ sourceId: 'gazette', status: 'ok', inserted: 2 });
    expect(outcomes[2]).toMatchObject({ sourceId: 'garbage', status: 'failed' });

    expect(await health('broken')).toMatchObject({
      status: 'unhealthy',
      lastRunAt: '2024-06-11T09:00:00.000Z',
      lastSuccessAt: null,
      lastError: "the feed answered HTTP 500: the platform is having trouble; Tidewatch will try again",
      consecutiveFailures: 1,
      itemsLastRun: 0,
      // A minute's back-off, then the next tick of the schedule.
      nextPollAt: '2024-06-11T09:05:00.000Z',
    });
    const garbage = await health('garbage');
    expect(garbage.status).toBe('unhealthy');
    expect(garbage.lastError).toMatch(/^not a readable RSS or Atom feed: /);
    expect(garbage.consecutiveFailures).toBe(1);
    expect(await health('gazette')).toMatchObject({ status: 'healthy', itemsLastRun: 2, consecutiveFailures: 0 });
    expect(await store.listItems({ limit: 10, sourceId: 'broken' })).toEqual([]);
    expect(logged.some((line) => line.includes('broken') && line.includes('HTTP 500'))).toBe(true);

    now = new Date('2024-06-11T09:05:00.000Z');
    expect(await runner.run('broken')).toMatchObject({ status: 'failed' });
    expect(await health('broken')).toMatchObject({ status: 'unhealthy', consecutiveFailures: 2, lastRunAt: '2024-06-11T09:05:00.000Z' });

    // Once the feed is back, the source recovers and the failure count resets. It carries the
    // gazette's two articles, already stored through the gazette source (one article, one item),
    // and one of its own.
    serve('/broken.rss', { status: 200, body: GAZETTE_WITH_NEW_ITEM });
    now = new Date('2024-06-11T09:10:00.000Z');
    expect(await runner.run('broken')).toEqual({ sourceId: 'broken', status: 'ok', inserted: 1 });
    expect(await health('broken')).toMatchObject({
      status: 'healthy',
      lastRunAt: '2024-06-11T09:10:00.000Z',
      lastSuccessAt: '2024-06-11T09:10:00.000Z',
      lastError: null,
      consecutiveFailures: 0,
      itemsLastRun: 1,
      nextPollAt: '2024-06-11T09:15:00.000Z',
    });
  });

  it('refuses invalid options with a message naming the field, without fetching', async () => {
    await addSource('no-url', '/unused', { options: {} });
    await addSource('bad-url', '/unused', { options: { url: 'not a url' } });

    const missing = await runner.run('no-url');
    expect(missing.status).toBe('failed');
    const noUrl = await health('no-url');
    expect(noUrl.status).toBe('unhealthy');
    expect(noUrl.lastError).toMatch(/^its options are invalid: url: /);
    expect(noUrl.consecutiveFailures).toBe(1);

    await runner.run('bad-url');
    expect((await health('bad-url')).lastError).toBe('its options are invalid: url: must be an absolute http(s) URL');
    expect(hits.size).toBe(0);
  });

  it('marks a source of an unknown connector kind unhealthy, naming the kind', async () => {
    await addSource('pigeon', '/gazette.rss', { kind: 'carrier-pigeon' });
    const outcome = await runner.run('pigeon');
    const known = `no connector of kind "carrier-pigeon"; known kinds: ${[...CONNECTORS.keys()].join(', ')}`;
    expect(known).toContain('rss');
    expect(outcome).toEqual({ sourceId: 'pigeon', status: 'failed', error: known });
    expect(await health('pigeon')).toMatchObject({ status: 'unhealthy', lastError: known, consecutiveFailures: 1 });
    expect(hits.size).toBe(0);
  });

  it('skips missing and disabled sources', async () => {
    serve('/gazette.rss', { status: 200, body: GAZETTE });
    await addSource('paused', '/gazette.rss', { enabled: false });
    expect(await runner.run('paused')).toEqual({ sourceId: 'paused', status: 'skipped', reason: 'the source is paused' });
    expect(await runner.run('ghost')).toEqual({ sourceId: 'ghost', status: 'skipped', reason: 'the source no longer exists' });
    expect(hits.size).toBe(0);
  });

  it('never overlaps two runs of the same source', async () => {
    serve('/slow.rss', { status: 200, body: GAZETTE, delayMs: 500 });
    await addSource('slow', '/slow.rss');

    const first = runner.run('slow');
    const second = runner.run('slow');
    expect(runner.isRunning('slow')).toBe(true);
    expect(await second).toEqual({ sourceId: 'slow', status: 'skipped', reason: 'a run of this source is still under way' });
    expect(await first).toEqual({ sourceId: 'slow', status: 'ok', inserted: 2 });
    expect(runner.isRunning('slow')).toBe(false);
    expect(hits.get('/slow.rss')).toBe(1);

    // Once the first has finished, the next run (at the next tick) goes ahead.
    now = new Date('2024-06-11T09:05:00.000Z');
    expect(await runner.run('slow')).toEqual({ sourceId: 'slow', status: 'ok', inserted: 0 });
    expect(hits.get('/slow.rss')).toBe(2);
  });

  it('gives onItems exactly the newly inserted items', async () => {
    serve('/gazette.rss', { status: 200, body: GAZETTE });
    await addSource('gazette', '/gazette.rss');

    await runner.run('gazette');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.map((i) => i.externalId).sort()).toEqual([...GAZETTE_IDS].sort());

    // Nothing new: onItems is not called.
    now = new Date('2024-06-11T09:05:00.000Z');
    expect(await runner.run('gazette')).toEqual({ sourceId: 'gazette', status: 'ok', inserted: 0 });
    expect(delivered).toHaveLength(1);

    serve('/gazette.rss', { status: 200, body: GAZETTE_WITH_NEW_ITEM });
    now = new Date('2024-06-11T09:10:00.000Z');
    expect(await runner.run('gazette')).toEqual({ sourceId: 'gazette', status: 'ok', inserted: 1 });
    expect(delivered).toHaveLength(2);
    const fresh = delivered[1] ?? [];
    expect(fresh.map((i) => i.externalId)).toEqual(['gazette-43']);
    expect(fresh[0]).toEqual(await store.getItem(itemId('gazette', 'gazette-43')));
    expect(fresh[0]).toMatchObject({
      title: 'Ferry strike ends after night talks',
      url: 'https://gazette.example/news/ferry-strike-ends',
      fetchedAt: '2024-06-11T09:10:00.000Z',
    });
    expect(await store.countItems()).toBe(3);
  });

  it('writes items.create and sources.update events with increasing sequence numbers', async () => {
    serve('/gazette.rss', { status: 200, body: GAZETTE });
    await addSource('gazette', '/gazette.rss');
    await runner.run('gazette');

    const { events, truncated } = await store.eventsSince(0, 100);
    expect(truncated).toBe(false);
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['sources.update', 'test'],
      ['items.create', 'source:gazette'],
      ['sources.update', 'source:gazette'],
    ]);
    const seqs = events.map((e) => e.seq);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1] ?? Infinity);
    expect(await store.lastSeq()).toBe(seqs[seqs.length - 1]);

    const created = events.find((e) => e.action === 'items.create');
    expect(created?.action === 'items.create' && created.data.items.map((i) => i.externalId).sort()).toEqual([...GAZETTE_IDS].sort());
    const updated = events[2];
    expect(updated?.action === 'sources.update' && updated.data.source.health.status).toBe('healthy');
    // The public source in the event carries neither the options nor the cursor.
    expect(updated?.data).not.toHaveProperty('source.options');
    expect(updated?.data).not.toHaveProperty('source.cursor');

    // Asking from the middle of the log gives the rest of it.
    const rest = await store.eventsSince(seqs[0] ?? 0, 100);
    expect(rest.events.map((e) => e.seq)).toEqual(seqs.slice(1));
  });

  it('counts a run that outlives its deadline as a failure with a readable reason', async () => {
    serve('/silent.rss', { status: 200, body: GAZETTE, silent: true });
    await addSource('silent', '/silent.rss');
    runner = makeRunner(300);
    const outcome = await runner.run('silent');
    expect(outcome).toEqual({ sourceId: 'silent', status: 'failed', error: 'the run took longer than 300 ms' });
    expect(await health('silent')).toMatchObject({ status: 'unhealthy', lastError: 'the run took longer than 300 ms', consecutiveFailures: 1 });
  });
});

describe('poll runner: back-off, rate limits and the schedule', () => {
  /** Runs at `at` (HH:MM:SS on the test day) and says what happened. */
  async function runAt(id: string, at: string) {
    now = new Date(`2024-06-11T${at}.000Z`);
    return runner.run(id);
  }

  it('polls a failing source less and less often, up to the cap, and goes back to its schedule after a success', async () => {
    serve('/flaky.rss', { status: 500, body: 'down' });
    await addSource('flaky', '/flaky.rss', { schedule: '* * * * *' });
    runner = createPollRunner({
      store,
      connectors: CONNECTORS,
      random: () => 0,
      backoff: { baseMs: 60_000, maxMs: 8 * 60_000 },
      fetch: createSafeFetch({ allowedOrigins: [origin] }),
      clock: () => now,
      runTimeoutMs: 10_000,
      onItems: () => undefined,
      log: () => undefined,
    });

    // Each failure doubles the wait (1, 2, 4, 8 minutes), then the cap holds it at 8.
    const plan: Array<[string, string]> = [
      ['09:00:00', '09:01:00'],
      ['09:01:00', '09:03:00'],
      ['09:03:00', '09:07:00'],
      ['09:07:00', '09:15:00'],
      ['09:15:00', '09:23:00'],
    ];
    for (const [at, next] of plan) {
      expect(await runAt('flaky', at)).toMatchObject({ status: 'failed' });
      expect((await health('flaky')).nextPollAt).toBe(`2024-06-11T${next}.000Z`);
      // A tick a second before the planned time does not poll.
      const early = new Date(Date.parse(`2024-06-11T${next}.000Z`) - 1_000).toISOString().slice(11, 19);
      expect(await runAt('flaky', early)).toMatchObject({ status: 'skipped' });
    }
    expect((await health('flaky')).consecutiveFailures).toBe(5);
    expect(hits.get('/flaky.rss')).toBe(5);

    // Ticks in the wait are skipped without a request, saying until when and why.
    const skipped = await runAt('flaky', '09:20:00');
    expect(skipped).toEqual({ sourceId: 'flaky', status: 'skipped', reason: 'not due before 2024-06-11T09:23:00.000Z (the feed answered HTTP 500: the platform is having trouble; Tidewatch will try again)' });
    expect(hits.get('/flaky.rss')).toBe(5);

    serve('/flaky.rss', { status: 200, body: GAZETTE });
    expect(await runAt('flaky', '09:23:00')).toEqual({ sourceId: 'flaky', status: 'ok', inserted: 2 });
    expect(await health('flaky')).toMatchObject({ status: 'healthy', consecutiveFailures: 0, lastError: null, nextPollAt: '2024-06-11T09:24:00.000Z' });
    // Back on its every-minute schedule.
    expect(await runAt('flaky', '09:24:00')).toEqual({ sourceId: 'flaky', status: 'ok', inserted: 0 });
    expect(hits.get('/flaky.rss')).toBe(7);
  });

  it('jitter takes up to half of a wait away, never more', async () => {
    serve('/flaky.rss', { status: 500, body: 'down' });
    await addSource('flaky', '/flaky.rss', { schedule: '* * * * * *' });
    runner = createPollRunner({
      store,
      connectors: CONNECTORS,
      random: () => 0.999,
      backoff: { baseMs: 60_000, maxMs: 3_600_000 },
      fetch: createSafeFetch({ allowedOrigins: [origin] }),
      clock: () => now,
      runTimeoutMs: 10_000,
      onItems: () => undefined,
      log: () => undefined,
    });
    await runAt('flaky', '09:00:00');
    // Per-second schedule, so the tick is the end of the wait: 30.03 s, just over half a minute.
    expect((await health('flaky')).nextPollAt).toBe('2024-06-11T09:00:31.000Z');
  });

  it('does not poll a rate-limited source before Retry-After has passed, and says so in words', async () => {
    serve('/busy.rss', { status: 429, body: 'slow down', headers: { 'retry-after': '600' } });
    await addSource('busy', '/busy.rss', { schedule: '* * * * *' });

    expect(await runAt('busy', '09:00:00')).toMatchObject({ status: 'failed' });
    const limited = await health('busy');
    expect(limited).toMatchObject({ status: 'unhealthy', consecutiveFailures: 1, nextPollAt: '2024-06-11T09:10:00.000Z' });
    expect(limited.lastError).toBe('rate-limited: the platform asked Tidewatch to wait 600 s before asking again; Tidewatch waits and polls it again at 09:10 UTC');

    for (const at of ['09:01:00', '09:05:00', '09:09:59']) {
      expect(await runAt('busy', at)).toMatchObject({ status: 'skipped' });
    }
    expect(hits.get('/busy.rss')).toBe(1);

    serve('/busy.rss', { status: 200, body: GAZETTE });
    expect(await runAt('busy', '09:10:00')).toEqual({ sourceId: 'busy', status: 'ok', inserted: 2 });
    expect(hits.get('/busy.rss')).toBe(2);
  });

  it('a slower schedule is honoured between its ticks', async () => {
    serve('/gazette.rss', { status: 200, body: GAZETTE });
    // Quarter hours: the same instants in every time zone node-cron might read the schedule in.
    await addSource('gazette', '/gazette.rss', { schedule: '*/15 * * * *' });
    await runAt('gazette', '09:00:00');
    expect((await health('gazette')).nextPollAt).toBe('2024-06-11T09:15:00.000Z');
    expect(await runAt('gazette', '09:10:00')).toMatchObject({ status: 'skipped' });
    expect(await runAt('gazette', '09:15:00')).toMatchObject({ status: 'ok' });
  });
});

describe('poll runner: what a connector returns', () => {
  /** A connector whose poll returns what the test says, and remembers the context it was given. */
  function scripted(kind: string) {
    const script = { items: [] as ConnectorItem[], warnings: [] as string[], contexts: [] as Array<{ now: Date; cursor: unknown }> };
    const connector: Connector<Record<string, never>> = {
      kind,
      channel: 'news',
      optionsSchema: CONNECTORS.get('rss')!.optionsSchema.transform(() => ({})) as never,
      defaultSchedule: '* * * * *',
      read: async () => ({ items: [], warnings: [] }),
      recognizes: () => false,
      async poll(ctx) {
        script.contexts.push({ now: ctx.now, cursor: ctx.cursor });
        return { items: script.items, cursor: { seen: script.items.length }, warnings: script.warnings };
      },
    };
    return { connector, script };
  }

  const item = (externalId: string, publishedAt: string | null = '2024-06-11T08:00:00.000Z'): ConnectorItem => ({
    externalId,
    author: null,
    title: `Harbour bridge ${externalId}`,
    text: 'The harbour bridge closes for repairs.',
    html: null,
    url: null,
    publishedAt,
    language: 'en',
    engagement: {},
  });

  /** The store, counting the items each addItems call was handed: the store work a run costs. */
  function countingStore(inner: Store) {
    const calls: number[] = [];
    const counted = new Proxy(inner, {
      get(target, property, receiver) {
        if (property === 'addItems') {
          return (sourceId: string, items: Item[], actor: string) => {
            calls.push(items.length);
            return target.addItems(sourceId, items, actor);
          };
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return { store: counted, calls };
  }

  function runnerWith(connectors: Array<Connector<any>>, storeToUse: Store = store, seenIdsPerSource?: number): PollRunner {
    return createPollRunner({
      store: storeToUse,
      connectors: new Map(connectors.map((c) => [c.kind, c])),
      random: () => 0,
      fetch: createSafeFetch(),
      clock: () => now,
      runTimeoutMs: 10_000,
      onItems: (items) => delivered.push(items),
      log: () => undefined,
      ...(seenIdsPerSource === undefined ? {} : { seenIdsPerSource }),
    });
  }

  async function addScripted(id: string, kind: string) {
    const source: Source = { ...rssSource(id, id, 'https://unused.example/', '* * * * *', now), kind, health: { ...NEW_SOURCE_HEALTH } };
    await store.saveSource(source, 'test');
  }

  it('hands the connector the clock, the options and the last cursor', async () => {
    const { connector, script } = scripted('scripted');
    await addScripted('s', 'scripted');
    runner = runnerWith([connector]);
    script.items = [item('a')];
    await runner.run('s');
    now = new Date('2024-06-11T09:01:00.000Z');
    await runner.run('s');
    expect(script.contexts).toEqual([
      { now: new Date('2024-06-11T09:00:00.000Z'), cursor: null },
      { now: new Date('2024-06-11T09:01:00.000Z'), cursor: { seen: 1 } },
    ]);
  });

  it("records the run's warnings in the health, and clears them after a clean run", async () => {
    const { connector, script } = scripted('scripted');
    await addScripted('s', 'scripted');
    runner = runnerWith([connector]);
    script.items = [item('a')];
    script.warnings = ['the feed declared ISO-8859-1 but was UTF-8; read as UTF-8'];
    await runner.run('s');
    expect(await health('s')).toMatchObject({ status: 'healthy', warnings: ['the feed declared ISO-8859-1 but was UTF-8; read as UTF-8'] });
    script.warnings = [];
    now = new Date('2024-06-11T09:01:00.000Z');
    await runner.run('s');
    expect((await health('s')).warnings).toEqual([]);
  });

  it('remembers recent ids per source, so old items returned again cost no store work', async () => {
    const { connector, script } = scripted('scripted');
    await addScripted('s', 'scripted');
    const counting = countingStore(store);
    runner = runnerWith([connector], counting.store);

    script.items = [item('a'), item('b'), item('c')];
    expect(await runner.run('s')).toMatchObject({ status: 'ok', inserted: 3 });
    now = new Date('2024-06-11T09:01:00.000Z');
    expect(await runner.run('s')).toMatchObject({ status: 'ok', inserted: 0 });
    script.items = [item('d'), item('a'), item('b')];
    now = new Date('2024-06-11T09:02:00.000Z');
    expect(await runner.run('s')).toMatchObject({ status: 'ok', inserted: 1 });
    // The second run wrote nothing; the third handed the store only the one new item.
    expect(counting.calls).toEqual([3, 1]);
    expect(await store.countItems()).toBe(4);
  });

  it('forgets the oldest ids past its bound, and the store still keeps them out', async () => {
    const { connector, script } = scripted('scripted');
    await addScripted('s', 'scripted');
    const counting = countingStore(store);
    runner = runnerWith([connector], counting.store, 2);
    script.items = [item('a'), item('b'), item('c')];
    await runner.run('s');
    now = new Date('2024-06-11T09:01:00.000Z');
    // Only b and c are remembered: a goes to the store, which knows it already.
    expect(await runner.run('s')).toMatchObject({ status: 'ok', inserted: 0 });
    expect(counting.calls).toEqual([3, 1]);
    expect(await store.countItems()).toBe(3);
  });

  it('keeps the same story from two sources as two items, and a future date becomes the fetch time', async () => {
    const one = scripted('one');
    const two = scripted('two');
    await addScripted('first', 'one');
    await addScripted('second', 'two');
    runner = runnerWith([one.connector, two.connector]);
    one.script.items = [item('shared-id')];
    two.script.items = [item('shared-id', '2030-01-01T00:00:00.000Z')];
    await runner.run('first');
    await runner.run('second');
    const items = await store.listItems({ limit: 10 });
    expect(items.map((i) => i.id).sort()).toEqual([itemId('first', 'shared-id'), itemId('second', 'shared-id')].sort());
    expect(items.find((i) => i.sourceId === 'second')?.publishedAt).toBe('2024-06-11T09:00:00.000Z');
  });

  it('never polls a push-only (webhook) source', async () => {
    await store.saveSource({ ...rssSource('pushed', 'Pushed', 'https://unused.example/', '* * * * *', now), kind: 'webhook', options: {} }, 'test');
    expect(await runner.run('pushed')).toEqual({ sourceId: 'pushed', status: 'skipped', reason: 'a webhook source is pushed to, never polled' });
    expect(runner.polls((await store.getSource('pushed'))!)).toBe(false);
    expect(runner.polls((await addSource('feed', '/gazette.rss'))!)).toBe(true);
  });

  it('counts items per hour over the last day', async () => {
    const { connector, script } = scripted('scripted');
    await addScripted('s', 'scripted');
    runner = runnerWith([connector]);
    script.items = [item('a'), item('b'), item('c'), item('d')];
    await runner.run('s');
    // The source is one hour old: 4 items in it.
    expect((await health('s')).itemsPerHour).toBe(4);
    script.items = [item('e'), item('f')];
    now = new Date('2024-06-12T09:00:00.000Z');
    await runner.run('s');
    // A day later: the first hour has left the window, the new one holds 2 items, over 24 hours.
    expect(await health('s')).toMatchObject({ itemsPerHour: 0.08, itemsByHour: [{ hour: '2024-06-12T09', count: 2 }] });
  });
});
