import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/domain/index.js';
import { createApp } from '../../server/http/app.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { createApiToken } from '../../server/workflow/api-token-commands.js';
import { resetPassword } from '../../server/workflow/password-commands.js';
import { createPublishingAccount } from '../../server/workflow/publishing-account-commands.js';
import { createPublishingVault } from '../../server/workflow/publishing-vault.js';
import { newSecretKey, parseSecretKey } from '../../server/workflow/secret-box.js';
import { createWorkflowContext } from '../../server/workflow/workflow-context.js';
import { buildSource } from '../support/builders.js';
import { closeServer, listenOnLoopback } from '../support/local-server.js';
import { addTestMember, signIn, TEST_PASSWORD, type SessionHeaders } from '../support/sign-in.js';
import { tempDir } from '../support/temp-dir.js';
import { addSceneCast, WorkflowScene } from '../support/workflow-scene.js';

/**
 * Rule W-ROLE-1: every mutating route, and the reads the live board added, called as every role
 * and signed out. The expected answers are written here from the issue's role table, not read
 * from the policy under test.
 */
const ROLES: readonly Role[] = ['editor', 'legal', 'comms', 'social', 'admin'];
const ALL = 'all' as const;

interface Call {
  method: 'POST' | 'PATCH' | 'DELETE' | 'GET';
  path: string;
  body?: unknown;
}

interface Case {
  /** The route as the OpenAPI document names it, e.g. `POST /api/opportunities/{id}/claim`. */
  route: string;
  note?: string;
  allowed: readonly Role[] | typeof ALL;
  /** Signs in anew for this call, because the call ends or changes the session it runs in. */
  ownSession?: boolean;
  prepare(): Promise<Call>;
  /** Puts back what the call changed for the member, e.g. a password. */
  restore?(role: Role): Promise<void>;
}

const dir = tempDir();
let store: Store;
let app: ReturnType<typeof createApp>;
let scene: WorkflowScene;
/** A page on loopback for link previews to read. */
let site: http.Server;
let siteUrl: string;
const sessions = new Map<Role, SessionHeaders>();
const memberIds = new Map<Role, string>();
let unique = 0;
const next = () => `${Date.now().toString(36)}-${++unique}`;
const vault = createPublishingVault(parseSecretKey(newSecretKey()));

const CASES: Case[] = [
  { route: 'POST /api/beats', allowed: ['editor', 'admin'], prepare: async () => ({ method: 'POST', path: '/api/beats', body: { name: `Beat ${next()}`, query: '#harbor' } }) },
  {
    route: 'PATCH /api/beats/{id}',
    allowed: ['editor', 'admin'],
    prepare: async () => ({ method: 'PATCH', path: `/api/beats/${await scene.beat()}`, body: { query: `"harbor bridge" OR #bridge${next().replace(/\W/g, '')}` } }),
  },
  { route: 'POST /api/opportunities', allowed: ['editor'], prepare: async () => ({ method: 'POST', path: '/api/opportunities', body: { title: 'Pitched by hand', beatId: await scene.beat(), channels: ['bluesky'] } }) },
  { route: 'POST /api/opportunities/{id}/claim', allowed: ['editor'], prepare: async () => ({ method: 'POST', path: `/api/opportunities/${(await scene.fresh()).id}/claim` }) },
  {
    route: 'POST /api/opportunities/{id}/assign',
    allowed: ['editor', 'admin'],
    prepare: async () => ({ method: 'POST', path: `/api/opportunities/${(await scene.fresh()).id}/assign`, body: { memberId: scene.cast.writer.id } }),
  },
  {
    route: 'POST /api/opportunities/{id}/dismiss',
    allowed: ['editor', 'admin'],
    prepare: async () => ({ method: 'POST', path: `/api/opportunities/${(await scene.fresh()).id}/dismiss`, body: { reason: 'off brand' } }),
  },
  { route: 'POST /api/opportunities/{id}/watch', allowed: ALL, prepare: async () => ({ method: 'POST', path: `/api/opportunities/${(await scene.fresh()).id}/watch` }) },
  { route: 'POST /api/opportunities/{id}/unwatch', allowed: ALL, prepare: async () => ({ method: 'POST', path: `/api/opportunities/${(await scene.fresh()).id}/unwatch` }) },
  {
    route: 'POST /api/opportunities/{id}/drafts',
    allowed: ['editor'],
    prepare: async () => ({ method: 'POST', path: `/api/opportunities/${(await scene.claimed()).id}/drafts`, body: { channel: 'mastodon', text: 'A first go.' } }),
  },
  {
    route: 'POST /api/drafts/{id}/versions',
    allowed: ['editor'],
    prepare: async () => ({ method: 'POST', path: `/api/drafts/${(await scene.drafting()).draft.id}/versions`, body: { text: 'A second go.' } }),
  },
  { route: 'POST /api/drafts/{id}/submit', allowed: ['editor'], prepare: async () => ({ method: 'POST', path: `/api/drafts/${(await scene.drafting()).draft.id}/submit`, body: {} }) },
  {
    route: 'POST /api/reviews/{id}/decision',
    note: 'a legal review',
    allowed: ['legal'],
    prepare: async () => {
      const review = (await scene.inReview()).reviews.find((r) => r.role === 'legal')!;
      return { method: 'POST', path: `/api/reviews/${review.id}/decision`, body: { decision: 'approve' } };
    },
  },
  {
    route: 'POST /api/reviews/{id}/decision',
    note: 'a comms review',
    allowed: ['comms'],
    prepare: async () => {
      const review = (await scene.inReview()).reviews.find((r) => r.role === 'comms')!;
      return { method: 'POST', path: `/api/reviews/${review.id}/decision`, body: { decision: 'request_changes', comment: 'Softer, please.' } };
    },
  },
  { route: 'POST /api/posts', allowed: ['social'], prepare: async () => ({ method: 'POST', path: '/api/posts', body: { draftId: (await scene.approved()).draft.id, scheduledFor: 'now' } }) },
  { route: 'POST /api/posts/{id}/cancel', allowed: ['social'], prepare: async () => ({ method: 'POST', path: `/api/posts/${(await scene.scheduled()).post.id}/cancel`, body: {} }) },
  {
    route: 'POST /api/posts/{id}/override',
    allowed: ['social'],
    prepare: async () => ({ method: 'POST', path: `/api/posts/${(await scene.held()).post.id}/override`, body: { reason: 'the story is still live' } }),
  },
  {
    route: 'POST /api/posts/{id}/record',
    allowed: ['social'],
    prepare: async () => ({ method: 'POST', path: `/api/posts/${(await scene.awaitingManual()).post.id}/record`, body: { url: 'https://harbor.social/@desk/1' } }),
  },
  {
    route: 'POST /api/posts/{id}/confirm',
    allowed: ['social'],
    prepare: async () => ({ method: 'POST', path: `/api/posts/${(await scene.needsConfirmation()).post.id}/confirm`, body: { arrived: true } }),
  },
  { route: 'POST /api/opportunities/{id}/comments', allowed: ALL, prepare: async () => ({ method: 'POST', path: `/api/opportunities/${(await scene.fresh()).id}/comments`, body: { text: 'Worth a look' } }) },
  { route: 'POST /api/drafts/{id}/comments', allowed: ALL, prepare: async () => ({ method: 'POST', path: `/api/drafts/${(await scene.drafting()).draft.id}/comments`, body: { text: 'Tighter?' } }) },
  {
    route: 'GET /api/opportunities/{id}/audit',
    note: 'a read only some roles may make',
    allowed: ['legal', 'admin'],
    prepare: async () => ({ method: 'GET', path: `/api/opportunities/${(await scene.fresh()).id}/audit` }),
  },
  // Issue 9: erasure on request removes data for good; an author nobody wrote as keeps the scene intact.
  { route: 'POST /api/erasures', allowed: ['admin'], prepare: async () => ({ method: 'POST', path: '/api/erasures', body: { author: `nobody-${next()}`, channel: 'mastodon' } }) },
  { route: 'GET /api/channels', note: 'a read every member makes: the board counts lengths with it', allowed: ALL, prepare: async () => ({ method: 'GET', path: '/api/channels' }) },
  { route: 'GET /api/dashboard', note: "the dashboard's figures: every member and token", allowed: ALL, prepare: async () => ({ method: 'GET', path: '/api/dashboard?from=2026-11-01&to=2026-11-08' }) },
  {
    route: 'POST /api/members',
    allowed: ['admin'],
    prepare: async () => ({ method: 'POST', path: '/api/members', body: { email: `new-${next()}@newsroom.example`, name: 'New Member', roles: ['comms'] } }),
  },
  {
    route: 'PATCH /api/members/{id}',
    allowed: ['admin'],
    prepare: async () => ({ method: 'PATCH', path: `/api/members/${(await addTestMember(store, { email: `patch-${next()}@newsroom.example` })).id}`, body: { name: 'Renamed' } }),
  },
  {
    route: 'POST /api/members/{id}/reset-password',
    allowed: ['admin'],
    prepare: async () => ({ method: 'POST', path: `/api/members/${(await addTestMember(store, { email: `reset-${next()}@newsroom.example` })).id}/reset-password`, body: {} }),
  },
  { route: 'POST /api/tokens', allowed: ['admin'], prepare: async () => ({ method: 'POST', path: '/api/tokens', body: { name: `integration ${next()}`, roles: ['editor'] } }) },
  {
    route: 'DELETE /api/tokens/{id}',
    allowed: ['admin'],
    prepare: async () => {
      const { token } = await createApiToken(createWorkflowContext(store), { name: `doomed ${next()}`, roles: ['editor'] }, 'system');
      return { method: 'DELETE', path: `/api/tokens/${token.id}` };
    },
  },
  {
    route: 'POST /api/sources',
    allowed: ['admin'],
    prepare: async () => ({ method: 'POST', path: '/api/sources', body: { id: `feed-${next()}`, name: 'A feed', kind: 'rss', options: { url: 'https://news.example/feed.xml' } } }),
  },
  {
    route: 'PATCH /api/sources/{id}',
    allowed: ['admin'],
    prepare: async () => {
      const id = `feed-${next()}`;
      await store.saveSource(buildSource({ id }), 'system');
      return { method: 'PATCH', path: `/api/sources/${id}`, body: { enabled: false } };
    },
  },
  {
    route: 'DELETE /api/sources/{id}',
    allowed: ['admin'],
    prepare: async () => {
      const id = `feed-${next()}`;
      await store.saveSource(buildSource({ id }), 'system');
      return { method: 'DELETE', path: `/api/sources/${id}` };
    },
  },
  {
    route: 'POST /api/sources/{id}/pause',
    allowed: ['admin'],
    prepare: async () => {
      const id = `feed-${next()}`;
      await store.saveSource(buildSource({ id }), 'system');
      return { method: 'POST', path: `/api/sources/${id}/pause` };
    },
  },
  {
    route: 'POST /api/sources/{id}/resume',
    allowed: ['admin'],
    prepare: async () => {
      const id = `feed-${next()}`;
      await store.saveSource(buildSource({ id, enabled: false }), 'system');
      return { method: 'POST', path: `/api/sources/${id}/resume` };
    },
  },
  {
    route: 'POST /api/sources/import',
    allowed: ['admin'],
    prepare: async () => ({
      method: 'POST',
      path: '/api/sources/import',
      body: { opml: `<opml version="2.0"><body><outline text="Feed ${next()}" xmlUrl="https://news.example/${next()}.xml"/></body></opml>` },
    }),
  },
  {
    route: 'POST /api/accounts',
    allowed: ['social', 'admin'],
    prepare: async () => ({
      method: 'POST',
      path: '/api/accounts',
      body: { name: `Newsroom hook ${next()}`, kind: 'webhook', channel: 'news', credentials: { url: 'https://hooks.news.example/in/secret-path' } },
    }),
  },
  {
    route: 'PATCH /api/accounts/{id}',
    allowed: ['social', 'admin'],
    prepare: async () => {
      const account = await createPublishingAccount(createWorkflowContext(store), vault, { kind: 'member', id: 'system', name: 'setup', roles: ['admin'] }, { name: `By hand ${next()}`, kind: 'manual', channel: 'x' });
      return { method: 'PATCH', path: `/api/accounts/${account.id}`, body: { disabled: true } };
    },
  },
  { route: 'GET /api/accounts', note: 'every member: the schedule lists them to pick from', allowed: ALL, prepare: async () => ({ method: 'GET', path: '/api/accounts' }) },
  {
    route: 'GET /api/opportunities',
    note: 'a few by id, to refresh their allowed verbs',
    allowed: ALL,
    prepare: async () => ({ method: 'GET', path: `/api/opportunities?ids=${(await scene.fresh()).id},${(await scene.claimed()).id}` }),
  },
  {
    route: 'GET /api/opportunities/{id}',
    note: 'with its windows and value curve',
    allowed: ALL,
    prepare: async () => ({ method: 'GET', path: `/api/opportunities/${(await scene.fresh()).id}` }),
  },
  {
    route: 'GET /api/drafts/{id}/suggested-times',
    allowed: ALL,
    prepare: async () => ({ method: 'GET', path: `/api/drafts/${(await scene.approved()).draft.id}/suggested-times` }),
  },
  { route: 'GET /api/link-preview', allowed: ALL, prepare: async () => ({ method: 'GET', path: `/api/link-preview?url=${encodeURIComponent(`${siteUrl}/story`)}` }) },
  { route: 'DELETE /api/session', allowed: ALL, ownSession: true, prepare: async () => ({ method: 'DELETE', path: '/api/session' }) },
  { route: 'POST /api/session/revoke-all', allowed: ALL, ownSession: true, prepare: async () => ({ method: 'POST', path: '/api/session/revoke-all' }) },
  {
    route: 'POST /api/session/password',
    allowed: ALL,
    ownSession: true,
    prepare: async () => ({ method: 'POST', path: '/api/session/password', body: { currentPassword: TEST_PASSWORD, newPassword: 'a-brand-new-passphrase' } }),
    restore: async (role) => {
      await resetPassword(createWorkflowContext(store), 'system', memberIds.get(role)!, TEST_PASSWORD);
    },
  },
];

/** Routes outside the matrix, each with the reason. */
const NOT_IN_MATRIX: Record<string, string> = {
  'POST /api/session': 'signing in is open to everyone; tests/integration/auth.test.ts covers it',
  'POST /api/ingest/{sourceId}': "authenticates by the webhook source's own token, not a member or role; tests/integration/webhook-ingest.test.ts covers it",
};

async function call({ method, path, body }: Call, headers: Record<string, string>): Promise<Response> {
  return app.request(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

beforeAll(async () => {
  site = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<title>Harbor bridge reopens</title>'));
  siteUrl = await listenOnLoopback(site);
  store = await openLowdbStore({ dataDir: dir.path });
  // Private fetches allowed, so link previews can read the page on loopback.
  app = createApp({ store, version: 'matrix', startedAt: Date.now(), webRoot: null, log: () => undefined, clock: () => new Date(), allowPrivateFetch: true, vault });
  scene = new WorkflowScene(createWorkflowContext(store), await addSceneCast(store));
  for (const role of ROLES) {
    const member = await addTestMember(store, { email: `${role}@newsroom.example`, name: `Only ${role}`, roles: [role] });
    memberIds.set(role, member.id);
    sessions.set(role, await signIn(app, member.email));
  }
});

afterAll(async () => {
  await closeServer(site);
  await store.close();
  dir.remove();
});

describe('authorization matrix (W-ROLE-1)', () => {
  it('covers every mutating route of the OpenAPI document', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const mutating = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((method) => ['post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    const covered = new Set([...CASES.map((c) => c.route), ...Object.keys(NOT_IN_MATRIX)]);
    expect(mutating.filter((route) => !covered.has(route))).toEqual([]);
    expect(mutating.length).toBeGreaterThan(20);
  });

  for (const testCase of CASES) {
    const label = `${testCase.route}${testCase.note ? ` (${testCase.note})` : ''}`;

    for (const role of ROLES) {
      const allowed = testCase.allowed === ALL || testCase.allowed.includes(role);
      it(`${label}: ${role} is ${allowed ? 'allowed' : 'refused with 403'}`, async () => {
        const request = await testCase.prepare();
        const headers = testCase.ownSession ? await signIn(app, `${role}@newsroom.example`) : sessions.get(role)!;
        const response = await call(request, headers);
        const text = await response.text();
        if (allowed) {
          expect(response.status, text).toBeGreaterThanOrEqual(200);
          expect(response.status, text).toBeLessThan(300);
        } else {
          expect(response.status, text).toBe(403);
          expect(JSON.parse(text).error.code).toBe('forbidden');
        }
        await testCase.restore?.(role);
        // A call that ended sessions (revoke-all, a password change) took the shared one too.
        if (testCase.ownSession && allowed) sessions.set(role, await signIn(app, `${role}@newsroom.example`));
      });
    }

    it(`${label}: signed out is refused with 401`, async () => {
      const response = await call(await testCase.prepare(), {});
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    });
  }
});

/**
 * Outside /api and so outside the matrix: open to anyone, for load balancers and monitors. They
 * carry states and counts only (no member's words, no credentials), which is why they need no
 * sign-in; an operator who wants them private keeps them off the public listener.
 */
describe('public routes', () => {
  for (const path of ['/health', '/metrics']) {
    it(`GET ${path} answers signed out`, async () => {
      const response = await app.request(path);
      expect(response.status).toBe(200);
    });
  }

  it('GET /metrics speaks the Prometheus text format and names no member', async () => {
    const response = await app.request('/metrics');
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const name of ['tidewatch_items_ingested_total', 'tidewatch_poll_errors_total', 'tidewatch_detector_lag_seconds', 'tidewatch_websocket_clients', 'tidewatch_publish_attempts_total', 'tidewatch_events_emitted_total']) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).not.toContain('@newsroom.example');
  });
});
