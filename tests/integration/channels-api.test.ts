import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../server/domain/index.js';
import { createApp } from '../../server/http/app.js';
import type { ChannelRules } from '../../server/realtime/protocol.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { apiTokenHeaders, signInAsNewMember, type SessionHeaders } from '../support/sign-in.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
let store: Store;
let app: ReturnType<typeof createApp>;
let social: SessionHeaders;

beforeAll(async () => {
  store = await openLowdbStore({ dataDir: dir.path });
  app = createApp({ store, version: 'test', startedAt: Date.now(), webRoot: null, log: () => undefined, clock: () => new Date() });
  social = (await signInAsNewMember(app, store, { email: 'sam@newsroom.example', name: 'Sam Social', roles: ['social'] })).headers;
});

afterAll(async () => {
  await store.close();
  dir.remove();
});

describe('GET /api/channels', () => {
  it('gives every channel its limit, counting unit, link and title rules and window hours, as docs/workflow.md W-DRAFT-4 states them', async () => {
    const response = await app.request('/api/channels', { headers: social });
    expect(response.status).toBe(200);
    const { channels } = (await response.json()) as ChannelRules;
    expect(channels.map((c) => c.channel)).toEqual([...CHANNELS]);
    const byChannel = Object.fromEntries(channels.map((c) => [c.channel, c]));
    expect(byChannel.x).toEqual({ channel: 'x', maxChars: 280, unit: 'characters', linkChars: 23, linkSchemes: ['http', 'https'], titleMaxChars: null, windowHours: 2 });
    expect(byChannel.mastodon).toMatchObject({ maxChars: 500, unit: 'characters', linkChars: 23, windowHours: 3 });
    expect(byChannel.bluesky).toMatchObject({ maxChars: 300, unit: 'graphemes', linkChars: null, windowHours: 2 });
    expect(byChannel.reddit).toMatchObject({ maxChars: 40_000, titleMaxChars: 300, windowHours: 6 });
    expect(byChannel.hackernews).toMatchObject({ maxChars: null, titleMaxChars: 80, windowHours: 6 });
    expect(byChannel.news).toMatchObject({ maxChars: 10_000, windowHours: 8 });
  });

  it('answers an API token too, and refuses the signed out with 401', async () => {
    const token = await apiTokenHeaders(store, ['editor'], 'channels reader');
    expect((await app.request('/api/channels', { headers: token })).status).toBe(200);
    const anonymous = await app.request('/api/channels');
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { tags?: string[] }>> };
    expect(doc.paths['/api/channels']?.get?.tags).toEqual(['channels']);
  });
});
