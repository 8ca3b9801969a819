import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { buildSource } from '../support/builders.js';
import { signInAsNewMember, type SessionHeaders } from '../support/sign-in.js';
import { tempDir } from '../support/temp-dir.js';

const OPML = `<?xml version="1.0" encoding="UTF-8"?>
<!-- exported by a feed reader -->
<opml version="2.0">
  <head><title>Newsroom feeds</title></head>
  <body>
    <outline text="Harbour" title="Harbour">
      <outline type="rss" text="Harbour Gazette" title="Harbour Gazette" xmlUrl="https://gazette.example/feed.xml" htmlUrl="https://gazette.example/"/>
      <outline type="rss" text="Quay &amp; Dock &gt; Watch" xmlUrl="https://quay.example/atom.xml"/>
    </outline>
    <outline type="rss" title="Le Monde — International" xmlUrl="https://lemonde.example/international/rss.xml"/>
    <outline type="rss" title="Harbour Gazette" xmlUrl="https://gazette-two.example/feed.xml"/>
    <outline type="rss" title="Already here" xmlUrl="https://news.example/feed.xml"/>
    <outline type="rss" title="Twice" xmlUrl="https://quay.example/atom.xml"/>
    <outline type="rss" title="Metadata" xmlUrl="http://169.254.169.254/latest/meta-data/"/>
    <outline type="rss" title="Not a URL" xmlUrl="feed.xml"/>
    <outline text="A note, no feed"/>
  </body>
</opml>`;

describe('sources API', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let admin: SessionHeaders;
  let now: Date;

  async function open(allowPrivateFetch = false) {
    app = createApp({ store, version: 'test', startedAt: 0, webRoot: null, log: () => undefined, clock: () => now, allowPrivateFetch });
    admin = (await signInAsNewMember(app, store, { email: `admin-${allowPrivateFetch}@newsroom.example`, roles: ['admin'] })).headers;
  }

  beforeEach(async () => {
    dir = tempDir();
    store = await openLowdbStore({ dataDir: dir.path });
    now = new Date('2026-11-01T09:00:00.000Z');
    await open();
  });

  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: { ...admin, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const addFeed = (id: string, url: string) => call('POST', '/api/sources', { id, name: id, kind: 'rss', options: { url } });

  it('lists sources with their health, filling fields older records lack', async () => {
    const old = buildSource({ id: 'old' });
    // A source saved before nextPollAt and itemsPerHour existed.
    const { nextPollAt: _n, itemsPerHour: _i, warnings: _w, itemsByHour: _b, ...oldHealth } = old.health;
    await store.saveSource({ ...old, health: oldHealth as typeof old.health }, 'system');
    const response = await call('GET', '/api/sources');
    const { sources } = (await response.json()) as { sources: Array<Record<string, any>> };
    expect(sources[0]?.health).toEqual({ status: 'unknown', lastRunAt: null, lastSuccessAt: null, lastError: null, consecutiveFailures: 0, itemsLastRun: 0, nextPollAt: null, itemsPerHour: 0, warnings: [], itemsByHour: [] });
    expect(sources[0]).not.toHaveProperty('options');
  });

  it('pauses, resumes and removes a source', async () => {
    expect((await addFeed('wire', 'https://news.example/feed.xml')).status).toBe(201);
    const paused = await call('POST', '/api/sources/wire/pause');
    expect(paused.status).toBe(200);
    expect(((await paused.json()) as { source: { enabled: boolean } }).source.enabled).toBe(false);
    expect((await store.getSource('wire'))?.enabled).toBe(false);
    const resumed = await call('POST', '/api/sources/wire/resume');
    expect(((await resumed.json()) as { source: { enabled: boolean } }).source.enabled).toBe(true);

    const removed = await call('DELETE', '/api/sources/wire');
    expect(removed.status).toBe(200);
    expect(((await removed.json()) as { source: { id: string } }).source.id).toBe('wire');
    expect(await store.getSource('wire')).toBeNull();
    const { events } = await store.eventsSince(0, 100);
    expect(events.at(-1)).toMatchObject({ action: 'sources.remove', record: { type: 'source', id: 'wire' } });
    expect((await call('DELETE', '/api/sources/wire')).status).toBe(404);
    expect((await call('POST', '/api/sources/wire/pause')).status).toBe(404);
  });

  describe('refuses a literal private, loopback, link-local or metadata address at once', () => {
    it.each([
      ['http://[::1]/feed.xml', '::1, a loopback address'],
      ['http://2130706433/feed.xml', '127.0.0.1, a loopback address'],
      ['http://0x7f.1/feed.xml', '127.0.0.1, a loopback address'],
      ['http://127.1/feed.xml', '127.0.0.1, a loopback address'],
      ['http://0177.0.0.1/feed.xml', '127.0.0.1, a loopback address'],
      ['http://[::ffff:127.0.0.1]/feed.xml', '127.0.0.1, a loopback address'],
      ['http://169.254.169.254/latest/meta-data/', '169.254.169.254, the cloud metadata address'],
      ['http://10.1.2.3/feed.xml', '10.1.2.3, a private network address'],
      ['http://localhost:8080/feed.xml', 'this machine (localhost)'],
    ])('%s', async (url, what) => {
      const response = await addFeed('sneaky', url);
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: { message: string; details: { fields: Array<{ field: string; message: string }> } } };
      expect(error.details.fields[0]?.field).toBe('options.url');
      expect(error.message).toContain(`points at ${what}`);
      expect(error.message).toContain('unless the operator allows private fetches (TIDEWATCH_ALLOW_PRIVATE_FETCH=true)');
      expect(await store.getSource('sneaky')).toBeNull();
    });

    it('also when an existing source is changed to one', async () => {
      await addFeed('wire', 'https://news.example/feed.xml');
      const response = await call('PATCH', '/api/sources/wire', { options: { url: 'http://0x7f.1/admin' } });
      expect(response.status).toBe(400);
      expect((await store.getSource('wire'))?.options).toEqual({ url: 'https://news.example/feed.xml' });
    });

    it('but not when the operator allowed private fetches', async () => {
      await open(true);
      expect((await addFeed('intranet', 'http://10.1.2.3/feed.xml')).status).toBe(201);
    });
  });

  it('imports an OPML file: one rss source per feed, ids from titles, the rest skipped with reasons', async () => {
    await addFeed('existing', 'https://news.example/feed.xml');
    await addFeed('harbour-gazette', 'https://elsewhere.example/feed.xml');
    const response = await call('POST', '/api/sources/import', OPML, { 'content-type': 'text/x-opml' });
    expect(response.status).toBe(200);
    const report = (await response.json()) as { added: unknown[]; skipped: Array<{ title: string; reason: string }> };
    expect(report.added).toEqual([
      { id: 'harbour-gazette-2', name: 'Harbour Gazette', url: 'https://gazette.example/feed.xml' },
      { id: 'quay-dock-watch', name: 'Quay & Dock > Watch', url: 'https://quay.example/atom.xml' },
      { id: 'le-monde-international', name: 'Le Monde — International', url: 'https://lemonde.example/international/rss.xml' },
      { id: 'harbour-gazette-3', name: 'Harbour Gazette', url: 'https://gazette-two.example/feed.xml' },
    ]);
    expect(report.skipped.map((s) => [s.title, s.reason.split(';')[0]])).toEqual([
      ['Already here', 'already a source (existing)'],
      ['Twice', 'listed twice in the file'],
      ['Metadata', 'http://169.254.169.254/latest/meta-data/ points at 169.254.169.254, the cloud metadata address'],
      ['Not a URL', 'the rss connector refuses it: must be an absolute http(s) URL'],
    ]);
    const created = await store.getSource('le-monde-international');
    expect(created).toMatchObject({ kind: 'rss', channel: 'news', enabled: true, options: { url: 'https://lemonde.example/international/rss.xml' } });

    // Importing the same file again adds nothing.
    const again = (await (await call('POST', '/api/sources/import', { opml: OPML })).json()) as { added: unknown[]; skipped: unknown[] };
    expect(again.added).toEqual([]);
    expect(again.skipped).toHaveLength(8);
  });

  it('refuses what is not OPML, naming the field', async () => {
    const response = await call('POST', '/api/sources/import', { opml: '<html><body>hello</body></html>' });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { message: string; details: { fields: Array<{ field: string }> } } };
    expect(error.details.fields[0]?.field).toBe('opml');
    expect(error.message).toMatch(/not an OPML document/);
    expect((await call('POST', '/api/sources/import', {})).status).toBe(400);
  });

  it('answers 413 for an OPML file over 2 MB', async () => {
    const response = await call('POST', '/api/sources/import', `<opml>${' '.repeat(2 * 1024 * 1024)}</opml>`, { 'content-type': 'text/x-opml' });
    expect(response.status).toBe(413);
  });
});
