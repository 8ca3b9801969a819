import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { signInAsNewMember, type SessionHeaders } from '../support/sign-in.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
let store: Store;
let app: ReturnType<typeof createApp>;
let editor: SessionHeaders;

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await app.request(path, {
    method,
    headers: { ...editor, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  store = await openLowdbStore({ dataDir: dir.path });
  app = createApp({ store, version: 'test', startedAt: Date.now(), webRoot: null, log: () => undefined, clock: () => new Date() });
  editor = (await signInAsNewMember(app, store, { email: 'beats@newsroom.example', name: 'Bea', roles: ['editor'] })).headers;
});

afterAll(async () => {
  await store.close();
  dir.remove();
});

describe('beat queries over HTTP', () => {
  it('refuses a query that does not parse with 400 on field query, naming the column; accepts a good one', async () => {
    const bad = await api('POST', '/api/beats', { name: 'Ice bucket', query: '"ice bucket" OR' });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: {
        code: 'invalid',
        message: 'query: expected a term after OR at column 16 (the end of the query)',
        details: { fields: [{ field: 'query', message: 'expected a term after OR at column 16 (the end of the query)' }] },
      },
    });

    const good = await api('POST', '/api/beats', { name: 'Ice bucket', query: '"ice bucket" OR #icebucketchallenge AND NOT lawsuit' });
    expect(good.status).toBe(201);
    const beat = good.body.beat as { id: string; rev: number };

    const badUpdate = await api('PATCH', `/api/beats/${beat.id}`, { query: '(ice OR bucket', rev: beat.rev });
    expect(badUpdate.status).toBe(400);
    expect(JSON.stringify(badUpdate.body)).toContain('"field":"query","message":"unclosed parenthesis at column 1: expected )"');
  });
});
