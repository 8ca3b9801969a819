import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignInLimiter } from '../../server/http/auth/sign-in-limiter.js';
import { createApp } from '../../server/http/app.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { createApiToken } from '../../server/workflow/api-token-commands.js';
import { createPublishingAccount } from '../../server/workflow/publishing-account-commands.js';
import { createPublishingVault } from '../../server/workflow/publishing-vault.js';
import { newSecretKey, parseSecretKey } from '../../server/workflow/secret-box.js';
import { createWorkflowContext } from '../../server/workflow/workflow-context.js';
import { buildItem, buildSource } from '../support/builders.js';
import { bodyFor, pathFor, problemWith, prototypeKeys, queryFor, routesOf, type FuzzBody, type FuzzRoute } from '../support/fuzz-http.js';
import { addTestMember, signIn, type SessionHeaders } from '../support/sign-in.js';
import { tempDir } from '../support/temp-dir.js';
import { addSceneCast, WorkflowScene } from '../support/workflow-scene.js';

/**
 * Issue 10, hostile input: every route of the OpenAPI document the app serves gets arbitrary
 * bodies and query strings, signed in with a session and with an API token, against a real lowdb
 * store. Whatever arrives, the answer is never a 5xx, app.request never throws, every refusal is
 * a JSON error with a message, and no built-in prototype gains a key.
 *
 * Fixed seed, so CI runs the same requests every time; fast-check prints the seed and the
 * shrunk counterexample when a property fails.
 */
const SEED = 0x71de;
const RUNS_PER_ROUTE = 60;

const dir = tempDir('tidewatch-hostile-http-');
let store: Store;
let app: ReturnType<typeof createApp>;
let session: SessionHeaders;
let token: { authorization: string };
let routes: FuzzRoute[];
/** Ids of real records by the collection a path names (`/api/opportunities/{id}` → opportunities). */
let knownIds: Record<string, string[]>;
const idsFor = (route: FuzzRoute) => knownIds[route.template.split('/')[2] ?? ''] ?? Object.values(knownIds).flat();
const logged: string[] = [];
/** Answers by status class over the whole run: the fuzz must get past validation, not only bounce off it. */
const answered = { success: 0, refused: 0 };
const ADMIN_EMAIL = 'fuzz-admin@newsroom.example';
const prototypesBefore = prototypeKeys();

/** Routes that end the session they are called in: after one succeeds, sign in again. */
const ENDS_SESSION = new Set(['DELETE /api/session', 'POST /api/session/revoke-all', 'POST /api/session/password']);

beforeAll(async () => {
  store = await openLowdbStore({ dataDir: dir.path });
  app = createApp({
    store,
    version: 'hostile',
    startedAt: Date.now(),
    webRoot: null,
    log: (message) => logged.push(message),
    clock: () => new Date(),
    // Sources and link previews on private addresses stay refused: the fuzz never reaches out.
    allowPrivateFetch: false,
    fetchTimeoutMs: 500,
    vault: createPublishingVault(parseSecretKey(newSecretKey())),
    // Hundreds of failed sign-ins are the point here; the limiter has its own tests.
    signInLimiter: createSignInLimiter({ perEmailAndAddress: 1_000_000, perAddress: 1_000_000, windowSeconds: 60 }),
  });
  // Every role, so the fuzz gets past the policy into the commands behind it.
  await addTestMember(store, { email: ADMIN_EMAIL, name: 'Fuzz Admin', roles: ['editor', 'legal', 'comms', 'social', 'admin'] });
  session = await signIn(app, ADMIN_EMAIL);
  const ctx = createWorkflowContext(store);
  token = { authorization: `Bearer ${(await createApiToken(ctx, { name: 'fuzz', roles: ['editor', 'legal', 'comms', 'social', 'admin'] }, 'system')).secret}` };

  // Real records, so some fuzzed ids reach a record and the command behind the route.
  const scene = new WorkflowScene(ctx, await addSceneCast(store));
  const review = await scene.inReview();
  const scheduled = await scene.scheduled();
  const fresh = await scene.fresh();
  await store.saveSource(buildSource({ id: 'wire' }), 'system');
  await store.addItems('wire', [buildItem(1)], 'source:wire');
  const account = await createPublishingAccount(ctx, createPublishingVault(parseSecretKey(newSecretKey())), { kind: 'member', id: 'system', name: 'setup', roles: ['admin'] }, { name: 'By hand', kind: 'manual', channel: 'x' });
  const other = await createApiToken(ctx, { name: 'other', roles: ['editor'] }, 'system');
  knownIds = {
    opportunities: [fresh.id, review.opportunity.id, scheduled.opportunity.id],
    drafts: [review.draft.id, scheduled.draft.id],
    reviews: review.reviews.map((r) => r.id),
    posts: [scheduled.post.id],
    beats: [await scene.beat()],
    members: [scene.cast.writer.id],
    sources: ['wire'],
    ingest: ['wire'],
    items: [buildItem(1).id],
    stories: ['no-story-yet'],
    accounts: [account.id],
    tokens: [other.token.id],
    dashboard: ['summary.csv', 'opportunities.csv', 'report.html'],
  };


  const document = (await (await app.request('/api/openapi.json')).json()) as Parameters<typeof routesOf>[0];
  routes = routesOf(document);
}, 120_000);

afterAll(async () => {
  await store.close();
  dir.remove();
});

async function send(route: FuzzRoute, path: string, query: string, body: FuzzBody, as: 'session' | 'token'): Promise<Response> {
  const headers: Record<string, string> = { ...(as === 'session' ? session : token) };
  if (body.contentType !== null) headers['content-type'] = body.contentType;
  const sendsBody = route.method !== 'GET' && body.text !== null;
  return app.request(`${path}${query ? `?${query}` : ''}`, { method: route.method, headers, ...(sendsBody ? { body: body.text } : {}) });
}

describe('hostile input: every HTTP route', () => {
  it('reads the routes from the OpenAPI document the app serves', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.map((r) => `${r.method} ${r.template}`)).toEqual(expect.arrayContaining(['POST /api/sources', 'GET /api/items', 'POST /api/opportunities/{id}/claim', 'POST /api/session']));
  });

  // Every route, listed from the app itself after beforeAll: one property per route.
  it('never answers 5xx, never throws, and refuses with a JSON message, whatever the body and query', { timeout: 180_000 }, async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const name = `${route.method} ${route.template}`;
      try {
        await fc.assert(
          fc.asyncProperty(pathFor(route, idsFor(route)), queryFor(route), bodyFor(route), fc.constantFrom<'session' | 'token'>('session', 'token'), async (path, query, body, as) => {
            let response: Response;
            try {
              response = await send(route, path, query, body, as);
            } catch (error) {
              throw new Error(`app.request threw on ${name}: ${(error as Error).stack ?? String(error)}`);
            }
            const problem = await problemWith(response);
            if (response.status < 400) answered.success++;
            else answered.refused++;
            if (ENDS_SESSION.has(name) && response.status < 300) session = await signIn(app, ADMIN_EMAIL);
            if (problem) throw new Error(`${route.method} ${path}?${query.slice(0, 200)} ${problem}`);
          }),
          { seed: SEED, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
        );
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message.slice(0, 1_500)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(answered.success).toBeGreaterThan(routes.length * 2);
    expect(answered.refused).toBeGreaterThan(routes.length * 10);
    expect(logged.filter((line) => line.startsWith('unexpected error'))).toEqual([]);
  });

  // Found by the fuzz: the lowdb store looked ids up as plain-object keys, so these found built-ins.
  it('answers "no such record", not 5xx, for ids that are names of Object.prototype', async () => {
    const answers: string[] = [];
    for (const route of routes.filter((r) => r.pathParams.length > 0)) {
      for (const id of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty']) {
        const path = route.pathParams.reduce((p, param) => p.replace(`{${param}}`, id), route.template);
        const body = route.method === 'GET' ? null : '{}';
        const response = await send(route, path, '', { contentType: 'application/json', text: body }, 'token');
        const problem = await problemWith(response);
        if (problem) answers.push(`${route.method} ${path} ${problem}`);
      }
    }
    for (const query of ['ids=constructor,__proto__', 'beat=constructor', 'holder=toString']) {
      const problem = await problemWith(await app.request(`/api/opportunities?${query}`, { headers: token }));
      if (problem) answers.push(`GET /api/opportunities?${query} ${problem}`);
    }
    const problem = await problemWith(await app.request('/api/dashboard?beatId=constructor', { headers: token }));
    if (problem) answers.push(`GET /api/dashboard?beatId=constructor ${problem}`);
    expect(answers).toEqual([]);
  });

  it('leaves Object.prototype and the other built-in prototypes as they were', () => {
    expect(prototypeKeys()).toBe(prototypesBefore);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
  });
});
