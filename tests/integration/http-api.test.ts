import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.js';
import type { Store } from '../../server/store/store.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import { buildItem, buildSource, buildStory } from '../support/builders.js';
import { signInAsNewMember, type SessionHeaders } from '../support/sign-in.js';
import { tempDir } from '../support/temp-dir.js';

describe('HTTP API', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let headers: SessionHeaders;
  const logged: string[] = [];

  beforeEach(async () => {
    dir = tempDir();
    store = await openLowdbStore({ dataDir: dir.path });
    app = createApp({ store, version: '9.9.9-test', startedAt: Date.now() - 5_000, webRoot: null, log: (m) => logged.push(m), clock: () => new Date() });
    // Every /api route needs a signed-in member; the tests below are about what they answer.
    ({ headers } = await signInAsNewMember(app, store));
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  const getJson = async (path: string) => {
    const response = await app.request(path, { headers });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('GET /health reports status, version, store and uptime, without signing in', async () => {
    const lastSeq = await store.lastSeq();
    await store.addItems('wire', [buildItem(1)], 'source:wire');
    const response = await app.request('/health');
    const body = (await response.json()) as any;
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', version: '9.9.9-test', store: { kind: 'lowdb', items: 1, lastSeq: lastSeq + 1 } });
    expect(body.store.location).toContain(dir.path);
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(4);
  });

  it('lists items newest first, honours limit, and filters by source', async () => {
    await store.addItems('wire', [buildItem(1), buildItem(2), buildItem(3)], 'source:wire');
    await store.addItems('other', [buildItem(4, { sourceId: 'other' })], 'source:other');
    expect((await getJson('/api/items?limit=2')).body.items.map((i: any) => i.externalId)).toEqual(['guid-4', 'guid-3']);
    expect((await getJson('/api/items?sourceId=other')).body.items).toHaveLength(1);
    expect((await getJson(`/api/items/${encodeURIComponent(buildItem(2).id)}`)).body.item.title).toBe('Headline number 2');
  });

  it('lists stories and shows one story with its items', async () => {
    await store.addItems('wire', [buildItem(1), buildItem(2)], 'source:wire');
    await store.saveStories([buildStory('st-a'), buildStory('st-b', { trending: true })], [{ itemId: buildItem(2).id, storyId: 'st-a' }], 'system');
    expect((await getJson('/api/stories')).body.stories.map((s: any) => s.id)).toEqual(['st-b', 'st-a']);
    const { body } = await getJson('/api/stories/st-a');
    expect(body.story.id).toBe('st-a');
    expect(body.items.map((i: any) => i.externalId)).toEqual(['guid-2']);
  });

  it('lists sources without their options or cursor', async () => {
    await store.saveSource(buildSource({ options: { url: 'https://x', token: 'secret-token' }, cursor: { etag: 'abc' } }), 'tester');
    const response = await app.request('/api/sources', { headers });
    const text = await response.text();
    expect(JSON.parse(text).sources[0].id).toBe('wire');
    expect(text).not.toContain('secret-token');
    expect(text).not.toContain('cursor');
  });

  it('answers "what changed since N" with the events after N and the last sequence', async () => {
    // Signing in wrote events of its own: count from where the log stood.
    const base = await store.lastSeq();
    await store.saveSource(buildSource(), 'tester');
    await store.addItems('wire', [buildItem(1)], 'source:wire');
    await store.saveStories([buildStory('st-a')], [], 'system');
    const { body } = await getJson(`/api/events?since=${base + 1}`);
    expect(body.events.map((e: any) => [e.seq, e.action])).toEqual([
      [base + 2, 'items.create'],
      [base + 3, 'stories.update'],
    ]);
    expect(body.lastSeq).toBe(base + 3);
    expect(body.truncated).toBe(false);
    expect((await getJson('/api/events?since=0&limit=1')).body.events).toHaveLength(1);
  });

  it.each([
    ['/api/items?limit=0', 'limit'],
    ['/api/items?limit=abc', 'limit'],
    ['/api/items?limit=100000', 'limit'],
    ['/api/stories?limit=-1', 'limit'],
    ['/api/events', 'since'],
    ['/api/events?since=-3', 'since'],
    ['/api/events?since=1&limit=x', 'limit'],
  ])('rejects %s with a 400 naming the field %s', async (path, field) => {
    const { status, body } = await getJson(path);
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toContain(field);
    expect(body.error.details.fields.map((f: any) => f.field)).toContain(field);
  });

  it('answers unknown routes and records with 404 in the one error shape', async () => {
    for (const path of ['/api/nothing-here', '/api/items/missing', '/api/stories/missing']) {
      const { status, body } = await getJson(path);
      expect(status).toBe(404);
      expect(Object.keys(body)).toEqual(['error']);
      expect(body.error.code).toBe('not_found');
      expect(typeof body.error.message).toBe('string');
    }
  });

  it('turns an unexpected failure into a 500 without leaking its details, and logs it', async () => {
    const failing: Store = Object.create(store);
    failing.countItems = () => Promise.reject(new Error('disk on fire at /secret/path'));
    const broken = createApp({ store: failing, version: 'x', startedAt: 0, webRoot: null, log: (m) => logged.push(m), clock: () => new Date() });
    const response = await broken.request('/health');
    const failure = (await response.json()) as any;
    expect(response.status).toBe(500);
    expect(failure.error.code).toBe('internal');
    expect(JSON.stringify(failure)).not.toContain('/secret/path');
    expect(logged.join('\n')).toContain('disk on fire');
  });

  it('says how to build the board when it has not been built', async () => {
    const response = await app.request('/');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build');
  });
});
