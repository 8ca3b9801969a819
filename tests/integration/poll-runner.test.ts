import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONNECTORS, createSafeFetch } from '../../connectors/index.js';
import { rssSource } from '../../server/default-sources.js';
import { itemId, type Item, type Source } from '../../server/domain/index.js';
import { createPollRunner, type PollRunner } from '../../server/jobs/poll-runner.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';

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
      res.writeHead(route.status, { 'content-type': route.status === 200 ? 'application/rss+xml; charset=utf-8' : 'text/plain' });
      res.end(route.body);
    };
    if (route.delayMs) setTimeout(answer, route.delayMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
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

    expect(await health('broken')).toEqual({
      status: 'unhealthy',
      lastRunAt: '2024-06-11T09:00:00.000Z',
      lastSuccessAt: null,
      lastError: "the feed answered HTTP 500: the platform is having trouble; Tidewatch will try again",
      consecutiveFailures: 1,
      itemsLastRun: 0,
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

    // Once the feed is back, the source recovers and the failure count resets.
    serve('/broken.rss', { status: 200, body: GAZETTE });
    now = new Date('2024-06-11T09:10:00.000Z');
    expect(await runner.run('broken')).toEqual({ sourceId: 'broken', status: 'ok', inserted: 2 });
    expect(await health('broken')).toEqual({
      status: 'healthy',
      lastRunAt: '2024-06-11T09:10:00.000Z',
      lastSuccessAt: '2024-06-11T09:10:00.000Z',
      lastError: null,
      consecutiveFailures: 0,
      itemsLastRun: 2,
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
    expect(outcome).toEqual({ sourceId: 'pigeon', status: 'failed', error: 'no connector of kind "carrier-pigeon"; known kinds: rss' });
    expect(await health('pigeon')).toMatchObject({
      status: 'unhealthy',
      lastError: 'no connector of kind "carrier-pigeon"; known kinds: rss',
      consecutiveFailures: 1,
    });
    expect(hits.size).toBe(0);
  });

  it('skips missing and disabled sources', async () => {
    serve('/gazette.rss', { status: 200, body: GAZETTE });
    await addSource('paused', '/gazette.rss', { enabled: false });
    expect(await runner.run('paused')).toEqual({ sourceId: 'paused', status: 'skipped', reason: 'the source is disabled' });
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

    // Once the first has finished, the next run goes ahead.
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
    await runner.run('gazette');
    expect(delivered).toHaveLength(1);

    serve('/gazette.rss', { status: 200, body: GAZETTE_WITH_NEW_ITEM });
    now = new Date('2024-06-11T09:05:00.000Z');
    expect(await runner.run('gazette')).toEqual({ sourceId: 'gazette', status: 'ok', inserted: 1 });
    expect(delivered).toHaveLength(2);
    const fresh = delivered[1] ?? [];
    expect(fresh.map((i) => i.externalId)).toEqual(['gazette-43']);
    expect(fresh[0]).toEqual(await store.getItem(itemId('gazette', 'gazette-43')));
    expect(fresh[0]).toMatchObject({
      title: 'Ferry strike ends after night talks',
      url: 'https://gazette.example/news/ferry-strike-ends',
      fetchedAt: '2024-06-11T09:05:00.000Z',
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
