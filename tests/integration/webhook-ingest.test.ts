import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemId, type Item } from '../../server/domain/index.js';
import { createApp } from '../../server/http/app.js';
import { MAX_INGEST_BYTES } from '../../server/http/routes/ingest.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { signInAsNewMember, type SessionHeaders } from '../support/sign-in.js';
import { tempDir } from '../support/temp-dir.js';

describe('webhook ingest: POST /api/ingest/{sourceId}', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let admin: SessionHeaders;
  let delivered: Item[][];
  let token: string;
  const now = new Date('2026-11-01T09:00:00.000Z');

  beforeEach(async () => {
    dir = tempDir();
    store = await openLowdbStore({ dataDir: dir.path });
    delivered = [];
    app = createApp({ store, version: 'test', startedAt: 0, webRoot: null, log: () => undefined, clock: () => now, onItems: (items) => delivered.push(items) });
    admin = (await signInAsNewMember(app, store, { email: 'admin@newsroom.example', roles: ['admin'] })).headers;
    const response = await app.request('/api/sources', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'press-desk', name: 'Press desk', kind: 'webhook', channel: 'news', options: {} }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { token: string; source: Record<string, unknown> };
    token = body.token;
  });

  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  const push = (body: unknown, headers: Record<string, string> = {}, sourceId = 'press-desk') =>
    app.request(`/api/ingest/${sourceId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const story = (externalId: string, extra: Record<string, unknown> = {}) => ({ externalId, title: `Harbour bridge ${externalId}`, text: 'The harbour bridge closes for repairs.', ...extra });

  it('shows the token once, when the source is made, and keeps only its hash', async () => {
    expect(token).toMatch(/^twh_[A-Za-z0-9_-]{43}$/);
    const listed = await (await app.request('/api/sources', { headers: admin })).text();
    expect(listed).not.toContain(token);
    expect(listed).not.toContain('tokenHash');
    const stored = await store.getSource('press-desk');
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored?.options).toEqual({ tokenHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const events = await store.eventsSince(0, 100);
    expect(JSON.stringify(events)).not.toContain(token);
  });

  it('stores one pushed item like a polled one and feeds it to the detector', async () => {
    const response = await push(story('a-1', { url: 'https://press.example/a-1?utm_source=x', publishedAt: '2026-11-01T08:30:00+01:00', engagement: { likes: 3 } }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 1, inserted: 1, duplicates: 0 });
    const item = await store.getItem(itemId('press-desk', 'a-1'));
    expect(item).toMatchObject({
      sourceId: 'press-desk',
      channel: 'news',
      externalId: 'a-1',
      title: 'Harbour bridge a-1',
      url: 'https://press.example/a-1',
      publishedAt: '2026-11-01T07:30:00.000Z',
      fetchedAt: '2026-11-01T09:00:00.000Z',
      html: null,
      engagement: { likes: 3 },
    });
    expect(delivered).toEqual([[item]]);
    expect((await store.getSource('press-desk'))?.health).toMatchObject({ status: 'healthy', lastSuccessAt: '2026-11-01T09:00:00.000Z', itemsLastRun: 1, nextPollAt: null });
  });

  it('takes a batch, and a second post of the same items is no new items', async () => {
    const first = await push({ items: [story('b-1'), story('b-2')] });
    expect(await first.json()).toEqual({ received: 2, inserted: 2, duplicates: 0 });
    const second = await push({ items: [story('b-2'), story('b-3')] });
    expect(await second.json()).toEqual({ received: 2, inserted: 1, duplicates: 1 });
    expect(await store.countItems()).toBe(3);
    expect(delivered.map((batch) => batch.map((i) => i.externalId))).toEqual([['b-1', 'b-2'], ['b-3']]);
  });

  it('refuses a wrong or missing token with 401 and stores nothing', async () => {
    const wrong = await push(story('c-1'), { authorization: 'Bearer twh_not-the-token' });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(/^send this source's token as Authorization: Bearer <token>/);
    const none = await app.request('/api/ingest/press-desk', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(story('c-1')) });
    expect(none.status).toBe(401);
    // A member's session is not the source's token.
    const session = await app.request('/api/ingest/press-desk', { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(story('c-1')) });
    expect(session.status).toBe(401);
    expect(await store.countItems()).toBe(0);
  });

  it('answers 404 for an unknown source, and for a source that is not a webhook', async () => {
    expect((await push(story('d-1'), {}, 'nowhere')).status).toBe(404);
    await app.request('/api/sources', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'wire', name: 'Wire', kind: 'rss', options: { url: 'https://news.example/feed.xml' } }),
    });
    const polled = await push(story('d-1'), {}, 'wire');
    expect(polled.status).toBe(404);
    expect(((await polled.json()) as { error: { message: string } }).error.message).toContain('no webhook source wire');
  });

  it('answers 400 naming the wrong field', async () => {
    const missing = await push({ externalId: 'e-1', title: 'No text' });
    expect(missing.status).toBe(400);
    const body = (await missing.json()) as { error: { message: string; details: { fields: Array<{ field: string }> } } };
    expect(body.error.details.fields.map((f) => f.field)).toEqual(['text']);
    expect(body.error.message).toMatch(/^invalid item \(send one item, or \{ "items": \[\.\.\.\] \}\): text: /);

    const inBatch = await push({ items: [story('e-2'), story('e-3', { url: 'not a url', publishedAt: 'yesterday' })] });
    expect(inBatch.status).toBe(400);
    const fields = ((await inBatch.json()) as { error: { details: { fields: Array<{ field: string; message: string }> } } }).error.details.fields;
    expect(fields).toEqual([
      { field: 'items.1.url', message: 'must be an absolute URL' },
      { field: 'items.1.publishedAt', message: 'must be an ISO 8601 date and time, e.g. 2026-11-01T08:00:00Z' },
    ]);

    const notJson = await push('{"externalId": ');
    expect(notJson.status).toBe(400);
    expect(await store.countItems()).toBe(0);
  });

  it('answers 413 for a body over the limit, before reading it all', async () => {
    const huge = { items: [story('f-1', { text: 'x'.repeat(MAX_INGEST_BYTES) })] };
    const response = await push(huge);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'too_large', message: expect.stringMatching(/^the request body is larger than 1048576 bytes; /) });
    expect(await store.countItems()).toBe(0);
  });

  it('is not blocked by CSRF protection: a bearer request carries no cookie', async () => {
    const response = await push(story('g-1'), { cookie: 'tw_session=whatever' });
    expect(response.status).toBe(200);
  });

  it('refuses pushes to a paused source', async () => {
    await app.request('/api/sources/press-desk/pause', { method: 'POST', headers: admin });
    const response = await push(story('h-1'));
    expect(response.status).toBe(409);
    expect(await store.countItems()).toBe(0);
  });
});
