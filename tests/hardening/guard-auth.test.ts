// Hardening: authentication. Session fixation, CSRF on every cookie-authenticated write (the
// routes enumerated from the app's own OpenAPI document, cross-checked against what hono has
// registered), brute-force sign-in limits per email and per client address over real connections,
// socket.io refusals with a real client on an ephemeral port, and API tokens: revocable (HTTP and
// socket) and hashed at rest in the lowdb files and in PostgreSQL rows.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.js';
import { openPostgresStore } from '../../server/store/postgres-store.js';
import { createApiToken } from '../../server/workflow/api-token-commands.js';
import { createWorkflowContext } from '../../server/workflow/workflow-context.js';
import { openBoardSocket, joinBoard, type BoardSocket, type BoardSocketAuth } from '../support/board-socket.js';
import { postFrom, startGuardHub, type GuardHub } from '../support/guard-hub.js';
import { createTestDatabase, describePostgres, postgresUnavailable } from '../support/postgres.js';
import { addTestMember, sessionCookieOf, signIn, signInAsNewMember, TEST_PASSWORD, type SessionHeaders } from '../support/sign-in.js';

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;

/**
 * Writes that carry no session by design, with the reason: the CSRF token is only asked of
 * writes a browser's cookie authenticates.
 */
const NOT_COOKIE_AUTHENTICATED: Record<string, string> = {
  'POST /api/session': 'signing in proves itself with a password (the Origin check still applies)',
  'POST /api/ingest/{id}': "the webhook door checks the source's own push token, never a cookie",
};

const pgUnavailable = await postgresUnavailable();

let hub: GuardHub;
beforeAll(async () => {
  hub = await startGuardHub();
});
afterAll(async () => {
  await hub.close();
});

async function call(path: string, init: RequestInit = {}) {
  const response = await hub.app.request(path, init);
  const text = await response.text();
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: response.status, body, response };
}

async function adminHeaders(email: string): Promise<SessionHeaders> {
  return (await signInAsNewMember(hub.app, hub.store, { email, roles: ['admin'] })).headers;
}

describe('session fixation', () => {
  const plants: Array<[string, () => Promise<string>]> = [
    ['a made-up cookie', async () => 'tw_session=chosen-by-an-attacker'],
    ['a cookie of an earlier, still valid session', async () => (await signIn(hub.app, 'fixation@newsroom.example')).cookie],
  ];
  it.each(plants)('a sign-in over %s issues a new session and the old cookie is not it', async (_name, planted) => {
    // The member exists once for both rows.
    await addTestMember(hub.store, { email: 'fixation@newsroom.example' }).catch(() => undefined);
    const before = await planted();
    const signedIn = await call('/api/session', { method: 'POST', headers: { 'content-type': 'application/json', cookie: before }, body: JSON.stringify({ email: 'fixation@newsroom.example', password: TEST_PASSWORD }) });
    expect(signedIn.status).toBe(200);
    const after = sessionCookieOf(signedIn.response)!;
    expect(after).toMatch(/^tw_session=.{32,}/);
    expect(after).not.toBe(before);
    // The cookie brought to the sign-in does not stand for the member afterwards.
    expect((await call('/api/session', { headers: { cookie: before } })).status).toBe(401);
    expect((await call('/api/session', { headers: { cookie: after } })).status).toBe(200);
  });
});

describe('CSRF on every cookie-authenticated write', () => {
  /** `METHOD /openapi/{path}` for every write the API describes. */
  let described: string[] = [];

  beforeAll(async () => {
    const doc = (await call('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    described = Object.entries(doc.paths).flatMap(([path, operations]) =>
      WRITE_METHODS.filter((method) => method in operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
  });

  it('the OpenAPI document describes every write route hono has, and there are many', () => {
    const registered = new Set(
      hub.app.routes
        .filter((route) => (WRITE_METHODS as readonly string[]).includes(route.method.toLowerCase()) && route.path.startsWith('/api/'))
        .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    expect([...registered].filter((route) => !described.includes(route))).toEqual([]);
    expect(described.length).toBeGreaterThan(30);
  });

  // The rows are only known once the document is read, so one test walks them and reports every
  // route that fails, by name, rather than stopping at the first.
  it('refuses each write without the token (403, code csrf, a message) and with a wrong one; lets it past CSRF with the right one', async () => {
    const problems: string[] = [];
    const checked: string[] = [];
    for (const route of described) {
      if (route in NOT_COOKIE_AUTHENTICATED) continue;
      const [method, template] = route.split(' ') as [string, string];
      const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => `csrf-probe-${name}`);
      // A fresh admin session per route: a write let through (sign out, revoke-all) must not spoil the next row.
      const headers = await adminHeaders(`csrf-${checked.length}@newsroom.example`);
      const body = JSON.stringify({});
      const json = { 'content-type': 'application/json' };

      const without = await call(path, { method, headers: { ...json, cookie: headers.cookie }, body });
      if (without.status !== 403 || without.body?.error?.code !== 'csrf' || !/X-CSRF-Token/.test(without.body?.error?.message ?? '')) {
        problems.push(`${route} without the token answered ${without.status} ${JSON.stringify(without.body)}`);
      }
      const wrong = await call(path, { method, headers: { ...json, cookie: headers.cookie, 'x-csrf-token': 'f'.repeat(64) }, body });
      if (wrong.status !== 403 || wrong.body?.error?.code !== 'csrf') problems.push(`${route} with a wrong token answered ${wrong.status}`);
      const right = await call(path, { method, headers: { ...json, ...headers }, body });
      if (right.status === 403 && right.body?.error?.code === 'csrf') problems.push(`${route} with the right token was refused as CSRF`);
      if (right.status >= 500) problems.push(`${route} with the right token answered ${right.status}`);
      checked.push(route);
    }
    expect(problems).toEqual([]);
    expect(checked.length).toBe(described.length - Object.keys(NOT_COOKIE_AUTHENTICATED).filter((r) => described.includes(r)).length);
  });

  it('the exempt writes are what they say: sign-in needs no token, but a cross-site Origin is refused', async () => {
    await addTestMember(hub.store, { email: 'exempt@newsroom.example' });
    const body = JSON.stringify({ email: 'exempt@newsroom.example', password: TEST_PASSWORD });
    expect((await call('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(200);
    const crossSite = await call('/api/session', { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error.code).toBe('csrf');
  });
});

describe('brute-force sign-in over real connections', () => {
  const attempt = (email: string, password: string, from: string) => postFrom(hub.url, '/api/session', { email, password }, from);

  it('locks one email from one address after 5 failures, even for the right password; another address still signs in', async () => {
    await addTestMember(hub.store, { email: 'guessed@newsroom.example' });
    for (let i = 1; i <= 5; i++) expect((await attempt('guessed@newsroom.example', `wrong guess ${i}`, '127.0.0.11')).status).toBe(401);
    const locked = await attempt('guessed@newsroom.example', TEST_PASSWORD, '127.0.0.11');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('too_many_attempts');
    expect(locked.body.error.message).toMatch(/try again in/i);
    // The member at their own desk is not locked out by someone guessing elsewhere.
    expect((await attempt('guessed@newsroom.example', TEST_PASSWORD, '127.0.0.12')).status).toBe(200);
  });

  it('locks one address after 50 failures across many emails, for every email; other addresses are not affected', async () => {
    await addTestMember(hub.store, { email: 'sprayed@newsroom.example' });
    for (let i = 0; i < 50; i++) {
      const answer = await attempt(`nobody-${i}@newsroom.example`, 'password spraying', '127.0.0.21');
      expect(answer.status, `attempt ${i}`).toBe(401);
    }
    const refused = await attempt('sprayed@newsroom.example', TEST_PASSWORD, '127.0.0.21');
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toMatch(/try again in/i);
    expect((await attempt('sprayed@newsroom.example', TEST_PASSWORD, '127.0.0.22')).status).toBe(200);
  });
});

describe('socket.io refuses unauthenticated connections (real client, real server)', () => {
  const sockets: BoardSocket[] = [];
  afterEach(() => {
    sockets.splice(0).forEach((socket) => socket.disconnect());
  });

  function outcome(auth: BoardSocketAuth): Promise<{ connected: boolean; message: string }> {
    const socket = openBoardSocket(hub.url, auth, sockets);
    return new Promise((resolve) => {
      socket.once('connect', () => resolve({ connected: true, message: '' }));
      socket.once('connect_error', (error) => resolve({ connected: false, message: error.message }));
    });
  }

  const rows: Array<[string, () => Promise<BoardSocketAuth>, RegExp]> = [
    ['no cookie and no token', async () => ({}), /sign in/i],
    ['a made-up session cookie', async () => ({ cookie: 'tw_session=made-up' }), /sign in/i],
    ['an empty session cookie', async () => ({ cookie: 'tw_session=' }), /sign in/i],
    ['a made-up API token', async () => ({ token: 'tw_tok_nothing_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }), /sign in/i],
    [
      'the cookie of a session that signed out',
      async () => {
        const headers = await adminHeaders('signed-out@newsroom.example');
        expect((await call('/api/session', { method: 'DELETE', headers })).status).toBe(200);
        return { cookie: headers.cookie };
      },
      /sign in/i,
    ],
    [
      'a valid cookie from a page on another site',
      async () => ({ cookie: (await adminHeaders('cross-site@newsroom.example')).cookie, origin: 'https://evil.example' }),
      /another site/,
    ],
  ];

  it.each(rows)('refuses %s, saying why', async (_name, auth, reason) => {
    const { connected, message } = await outcome(await auth());
    expect(connected).toBe(false);
    expect(message).toMatch(reason);
  });

  it('lets a signed-in member in (control)', async () => {
    expect(await outcome({ cookie: (await adminHeaders('let-in@newsroom.example')).cookie })).toEqual({ connected: true, message: '' });
  });
});

describe('API tokens', () => {
  it('a revoked token gets 401 over HTTP, is refused on a new socket, and its open socket is closed', async () => {
    const admin = await adminHeaders('token-admin@newsroom.example');
    const made = await call('/api/tokens', { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Bot', roles: ['editor'] }) });
    expect(made.status).toBe(201);
    const secret: string = made.body.secret;
    const bearer = { authorization: `Bearer ${secret}` };
    expect((await call('/api/items', { headers: bearer })).status).toBe(200);
    const live = openBoardSocket(hub.url, { token: secret });
    await joinBoard(live);
    const closed = new Promise<string>((resolve) => live.once('disconnect', resolve));

    expect((await call(`/api/tokens/${made.body.token.id}`, { method: 'DELETE', headers: admin })).status).toBe(200);

    const after = await call('/api/items', { headers: bearer });
    expect(after.status).toBe(401);
    expect(after.body.error.message).toMatch(/sign in|token/i);
    expect(await closed).toBe('io server disconnect');
    const again = openBoardSocket(hub.url, { token: secret });
    const refusal = await new Promise<string>((resolve, reject) => {
      again.once('connect_error', (error) => resolve(error.message));
      again.once('connect', () => reject(new Error('a revoked token was let in')));
    });
    again.disconnect();
    expect(refusal).toMatch(/unknown or revoked/);
  });

  /** The raw secret and its random part (what follows the token id); neither may be stored. */
  function secretParts(secret: string): string[] {
    // tw_tok_<id>_<43 base64url characters>; base64url may itself hold "_".
    const random = secret.slice(-43);
    expect(secret).toMatch(/^tw_tok_[\w-]+_[\w-]{43}$/);
    return [secret, random];
  }

  it('is hashed at rest: the raw secret is nowhere in the lowdb files', async () => {
    const admin = await adminHeaders('hash-admin@newsroom.example');
    const made = await call('/api/tokens', { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'At rest', roles: ['legal'] }) });
    const secret: string = made.body.secret;
    // Used once, so anything written when a token is used (last use) is on disk too.
    expect((await call('/api/items', { headers: { authorization: `Bearer ${secret}` } })).status).toBe(200);
    // Writes are durable before the answer: what the files hold now is what a thief would read.
    const files = listFiles(hub.dir.path);
    expect(files.length).toBeGreaterThan(0);
    const text = files.map((file) => readFileSync(file, 'latin1')).join('\n');
    expect(text).toContain(made.body.token.id);
    for (const part of secretParts(secret)) expect(text.includes(part), `found ${part.slice(0, 12)}… on disk`).toBe(false);
  });

  describePostgres('in PostgreSQL', pgUnavailable, () => {
    it('is hashed at rest: the raw secret is in no row of any table', async () => {
      const db = await createTestDatabase();
      const store = await openPostgresStore({ connectionString: db.url });
      try {
        const { secret, token } = await createApiToken(createWorkflowContext(store), { name: 'In PG', roles: ['admin'] }, 'system');
        const app = createApp({ store, version: 'guard', startedAt: 0, webRoot: null, log: () => undefined, clock: () => new Date() });
        expect((await app.request('/api/items', { headers: { authorization: `Bearer ${secret}` } })).status).toBe(200);
        const tables = await db.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'");
        const rows: string[] = [];
        for (const { name } of tables) rows.push(...(await db.query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`)).map((r) => r.row));
        const text = rows.join('\n');
        expect(text).toContain(token.id);
        for (const part of secretParts(secret)) expect(text.includes(part), `found ${part.slice(0, 12)}… in a row`).toBe(false);
      } finally {
        await store.close();
        await db.drop();
      }
    });
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
