// Hardening: server-side request forgery. Every row names one way of writing a loopback, private,
// link-local or metadata address; each must be refused by default, with a message naming the
// address, (1) by the real safe fetch the connectors use, directly and (2) behind a redirect from
// an allowed server, and (3) by the sources API when a source is created or changed to it.
// Names that resolve to such addresses go through the safe fetch's DNS hook (a stub, no
// /etc/hosts), and through the real poll runner for sources added by name.
import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BlockedAddressError } from '../../connectors/http/address-policy.js';
import { createSafeFetch } from '../../connectors/http/safe-fetch.js';
import { CONNECTORS } from '../../connectors/index.js';
import { createApp } from '../../server/http/app.js';
import { createPollRunner } from '../../server/jobs/poll-runner.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { stubResolver } from '../support/guard-dns.js';
import { closeServer, listenOnLoopback } from '../support/local-server.js';
import { signInAsNewMember, type SessionHeaders } from '../support/sign-in.js';
import { tempDir } from '../support/temp-dir.js';

interface Row {
  /** What the row is about, in the test's name. */
  form: string;
  /** The host as written in the URL (brackets for IPv6). */
  host: string;
  /** The refusal must name the address in at least one of these spellings. */
  names: string[];
  /** Whether the address reaches this machine: then the URL points at a live local server, so a missed check shows as a request there. */
  local: boolean;
}

const LITERALS: Row[] = [
  { form: 'loopback 127.0.0.1', host: '127.0.0.1', names: ['127.0.0.1'], local: true },
  { form: 'loopback anywhere in 127/8 (127.1.2.3)', host: '127.1.2.3', names: ['127.1.2.3'], local: true },
  { form: 'IPv6 loopback ::1', host: '[::1]', names: ['::1'], local: true },
  { form: 'IPv6 loopback written out [0:0:0:0:0:0:0:1]', host: '[0:0:0:0:0:0:0:1]', names: ['::1'], local: true },
  { form: 'IPv4-mapped ::ffff:127.0.0.1', host: '[::ffff:127.0.0.1]', names: ['127.0.0.1', '::ffff:7f00:1'], local: true },
  { form: 'IPv4-mapped in hex ::ffff:7f00:1', host: '[::ffff:7f00:1]', names: ['127.0.0.1', '::ffff:7f00:1'], local: true },
  { form: 'IPv4-compatible (deprecated) ::127.0.0.1', host: '[::127.0.0.1]', names: ['127.0.0.1', '::7f00:1'], local: false },
  { form: 'NAT64 64:ff9b::7f00:1', host: '[64:ff9b::7f00:1]', names: ['127.0.0.1', '64:ff9b::7f00:1'], local: false },
  { form: '6to4 2002:7f00:1::', host: '[2002:7f00:1::]', names: ['127.0.0.1', '2002:7f00:1::'], local: false },
  { form: 'decimal 2130706433', host: '2130706433', names: ['127.0.0.1'], local: true },
  { form: 'octal 0177.0.0.1', host: '0177.0.0.1', names: ['127.0.0.1'], local: true },
  { form: 'hex 0x7f.1', host: '0x7f.1', names: ['127.0.0.1'], local: true },
  { form: 'hex dotted 0x7f.0x0.0x0.0x1', host: '0x7f.0x0.0x0.0x1', names: ['127.0.0.1'], local: true },
  { form: 'short form 127.1', host: '127.1', names: ['127.0.0.1'], local: true },
  { form: 'unspecified 0.0.0.0 (Linux connects it to this machine)', host: '0.0.0.0', names: ['0.0.0.0'], local: true },
  { form: 'unspecified as "0"', host: '0', names: ['0.0.0.0'], local: true },
  { form: 'private 10/8 (10.0.0.1)', host: '10.0.0.1', names: ['10.0.0.1'], local: false },
  { form: 'private 10/8 top (10.255.255.254)', host: '10.255.255.254', names: ['10.255.255.254'], local: false },
  { form: 'private 172.16/12 (172.16.0.1)', host: '172.16.0.1', names: ['172.16.0.1'], local: false },
  { form: 'private 172.16/12 top (172.31.255.254)', host: '172.31.255.254', names: ['172.31.255.254'], local: false },
  { form: 'private 192.168/16 (192.168.1.1)', host: '192.168.1.1', names: ['192.168.1.1'], local: false },
  { form: 'carrier-grade NAT 100.64.0.1', host: '100.64.0.1', names: ['100.64.0.1'], local: false },
  { form: 'IPv6 unique local fd12:3456::1', host: '[fd12:3456::1]', names: ['fd12:3456::1'], local: false },
  { form: 'link-local 169.254.0.1', host: '169.254.0.1', names: ['169.254.0.1'], local: false },
  { form: 'IPv6 link-local fe80::1', host: '[fe80::1]', names: ['fe80::1'], local: false },
  { form: 'cloud metadata 169.254.169.254', host: '169.254.169.254', names: ['169.254.169.254'], local: false },
  { form: 'cloud metadata, decimal 2852039166', host: '2852039166', names: ['169.254.169.254'], local: false },
  { form: 'AWS metadata over IPv6 fd00:ec2::254', host: '[fd00:ec2::254]', names: ['fd00:ec2::254'], local: false },
];

/** Names and what the stub resolver answers for them. */
const DNS_TABLE: Record<string, string[]> = {
  'loopback.attacker.example': ['127.0.0.1'],
  'loopback6.attacker.example': ['::1'],
  'mapped.attacker.example': ['::ffff:127.0.0.1'],
  'private.attacker.example': ['10.20.30.40'],
  'link-local.attacker.example': ['fe80::1'],
  // One public answer does not launder a private one beside it.
  'mixed.attacker.example': ['93.184.216.34', '127.0.0.1'],
  'metadata.google.internal': ['169.254.169.254'],
  'metadata6.attacker.example': ['fd00:ec2::254'],
};

const NAMES: Row[] = [
  { form: 'a name resolving to 127.0.0.1', host: 'loopback.attacker.example', names: ['127.0.0.1'], local: true },
  { form: 'a name resolving to ::1', host: 'loopback6.attacker.example', names: ['::1'], local: true },
  { form: 'a name resolving to ::ffff:127.0.0.1', host: 'mapped.attacker.example', names: ['::ffff:127.0.0.1', '127.0.0.1'], local: true },
  { form: 'a name resolving to 10.20.30.40', host: 'private.attacker.example', names: ['10.20.30.40'], local: false },
  { form: 'a name resolving to fe80::1', host: 'link-local.attacker.example', names: ['fe80::1'], local: false },
  { form: 'a name resolving to a public and a loopback address', host: 'mixed.attacker.example', names: ['127.0.0.1'], local: true },
  { form: 'metadata.google.internal (169.254.169.254)', host: 'metadata.google.internal', names: ['169.254.169.254'], local: false },
  { form: 'a name resolving to fd00:ec2::254', host: 'metadata6.attacker.example', names: ['fd00:ec2::254'], local: false },
];

/** Names the system resolves to loopback without any stub (RFC 6761). */
const SYSTEM_NAMES: Row[] = [{ form: 'localhost (system resolver)', host: 'localhost', names: ['127.0.0.1', '::1'], local: true }];

const ALL = [...LITERALS, ...NAMES, ...SYSTEM_NAMES];

/** A local server that must never be reached: every request it sees is a missed refusal. */
let secret: { server: http.Server; port: number; requests: string[] };
/** An allowed origin that redirects to wherever `?to=` says. */
let redirector: { server: http.Server; origin: string; requests: string[] };

beforeAll(async () => {
  const secretRequests: string[] = [];
  const secretServer = http.createServer((req, res) => {
    secretRequests.push(`${req.headers.host} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss><channel><title>internal admin</title></channel></rss>');
  });
  // Every local interface (v4 and v6), so 127.1.2.3, ::1 and 0.0.0.0 all reach it if let through.
  await new Promise<void>((resolve) => secretServer.listen(0, '::', resolve));
  secret = { server: secretServer, port: (secretServer.address() as { port: number }).port, requests: secretRequests };

  const redirectRequests: string[] = [];
  const redirectServer = http.createServer((req, res) => {
    redirectRequests.push(req.url ?? '');
    const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to') ?? '/';
    res.writeHead(302, { location: to }).end();
  });
  redirector = { server: redirectServer, origin: await listenOnLoopback(redirectServer), requests: redirectRequests };
});

afterAll(async () => {
  await closeServer(secret.server);
  await closeServer(redirector.server);
});

beforeEach(() => {
  secret.requests.length = 0;
  redirector.requests.length = 0;
});

function urlOf(row: Row): string {
  return `http://${row.host}:${secret.port}/latest/meta-data/`;
}

/** The failure of a fetch, or a description of the answer when there was none. */
async function failureOf(promise: Promise<{ status: number }>): Promise<unknown> {
  return promise.then(
    (response) => new Error(`fetched (status ${response.status}) instead of refusing`),
    (error: unknown) => error,
  );
}

function expectRefusal(error: unknown, row: Row): void {
  expect(error, String(error)).toBeInstanceOf(BlockedAddressError);
  const message = (error as Error).message;
  expect(message).toMatch(/^refused to fetch .+: it resolves to .+, a private or local address/);
  expect(row.names.some((name) => message.includes(name)), `"${message}" names none of ${row.names.join(', ')}`).toBe(true);
}

describe('SSRF through the safe fetch, by default', () => {
  const resolveHost = stubResolver(DNS_TABLE);
  const table = (row: Row) => (row.host === 'localhost' ? {} : { resolveHost });

  it.each(ALL.map((row) => [row.form, row] as const))('refuses %s', async (_form, row) => {
    const error = await failureOf(createSafeFetch({ timeoutMs: 2_000, ...table(row) })({ url: urlOf(row) }));
    expectRefusal(error, row);
    expect(secret.requests).toEqual([]);
  });

  it.each(ALL.map((row) => [row.form, row] as const))('refuses a redirect from an allowed server to %s', async (_form, row) => {
    const safeFetch = createSafeFetch({ timeoutMs: 2_000, allowedOrigins: [redirector.origin], ...table(row) });
    const error = await failureOf(safeFetch({ url: `${redirector.origin}/feed.xml?to=${encodeURIComponent(urlOf(row))}` }));
    expectRefusal(error, row);
    // The allowed server was asked; the address it pointed at never was.
    expect(redirector.requests).toHaveLength(1);
    expect(secret.requests).toEqual([]);
  });

  it('names looked up through the hook: the check runs on the answer, at connect time', async () => {
    const resolve = stubResolver(DNS_TABLE);
    await failureOf(createSafeFetch({ resolveHost: resolve })({ url: `http://loopback.attacker.example:${secret.port}/` }));
    expect(resolve.asked).toEqual(['loopback.attacker.example']);
  });

  it('does not reuse a kept-alive connection another fetch opened with the operator\'s leave', async () => {
    const url = `http://loopback.attacker.example:${secret.port}/`;
    const allowed = await createSafeFetch({ allowPrivateAddresses: true, resolveHost })({ url });
    expect(allowed.status).toBe(200);
    secret.requests.length = 0;
    expectRefusal(await failureOf(createSafeFetch({ resolveHost })({ url })), NAMES[0]!);
    expect(secret.requests).toEqual([]);
  });

  // The control: with the operator's leave the same local rows do reach the server, so the
  // refusals above are the policy's doing and a missed check would show.
  it.each(ALL.filter((row) => row.local && row.host !== 'localhost').map((row) => [row.form, row] as const))(
    'reaches the local server for %s when private fetches are allowed (control)',
    async (_form, row) => {
      const response = await createSafeFetch({ allowPrivateAddresses: true, timeoutMs: 2_000, resolveHost })({ url: urlOf(row) }).catch((e: Error) => e);
      // ::ffff: forms and 0.0.0.0 connect to the server on every local address; a refused
      // connection is fine here, a policy refusal is not.
      expect(response).not.toBeInstanceOf(BlockedAddressError);
    },
  );
});

describe('SSRF through the sources API', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let admin: SessionHeaders;

  beforeAll(async () => {
    dir = tempDir();
    store = await openLowdbStore({ dataDir: dir.path });
    app = createApp({ store, version: 'test', startedAt: 0, webRoot: null, log: () => undefined, clock: () => new Date() });
    admin = (await signInAsNewMember(app, store, { email: 'admin@newsroom.example', roles: ['admin'] })).headers;
  });

  afterAll(async () => {
    await store.close();
    dir.remove();
  });

  function call(method: string, path: string, body: unknown) {
    return app.request(path, { method, headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  async function expectBadRequest(response: Response, row: Row) {
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { message: string; details: { fields: Array<{ field: string }> } } };
    expect(error.details.fields[0]?.field).toBe('options.url');
    expect(error.message).toContain('unless the operator allows private fetches');
    expect(row.names.some((name) => error.message.includes(name)) || error.message.includes('localhost'), error.message).toBe(true);
  }

  // Each row its own source id, so one row let through cannot make the next fail for another reason.
  const idOf = (row: Row) => `row-${ALL.indexOf(row)}`;

  it.each([...LITERALS, ...SYSTEM_NAMES].map((row) => [row.form, row] as const))('refuses a new source at %s', async (_form, row) => {
    await expectBadRequest(await call('POST', '/api/sources', { id: idOf(row), name: 'Sneaky', kind: 'rss', options: { url: urlOf(row) } }), row);
    expect(await store.getSource(idOf(row))).toBeNull();
  });

  it.each([...LITERALS, ...SYSTEM_NAMES].map((row) => [row.form, row] as const))('refuses changing a source to %s', async (_form, row) => {
    const id = `${idOf(row)}-patched`;
    expect((await call('POST', '/api/sources', { id, name: 'Wire', kind: 'rss', options: { url: 'https://news.example/feed.xml' } })).status).toBe(201);
    await expectBadRequest(await call('PATCH', `/api/sources/${id}`, { options: { url: urlOf(row) } }), row);
    expect((await store.getSource(id))?.options).toEqual({ url: 'https://news.example/feed.xml' });
  });

  // A name is judged when it is fetched (its answer may change): the source is accepted, and the
  // real poll runner with the real safe fetch refuses it and says why in the source's health.
  it.each(NAMES.map((row) => [row.form, row] as const))('accepts a source at %s but its poll is refused, naming the address', async (_form, row) => {
    const id = `by-name-${NAMES.indexOf(row)}`;
    expect((await call('POST', '/api/sources', { id, name: id, kind: 'rss', options: { url: urlOf(row) } })).status).toBe(201);
    const runner = createPollRunner({
      store,
      connectors: CONNECTORS,
      fetch: createSafeFetch({ timeoutMs: 2_000, resolveHost: stubResolver(DNS_TABLE) }),
      clock: () => new Date(),
      runTimeoutMs: 5_000,
      log: () => undefined,
    });
    const outcome = await runner.run(id);
    expect(outcome, JSON.stringify(await store.getSource(id))).toMatchObject({ status: 'failed' });
    const health = (await store.getSource(id))!.health;
    expect(health.status).toBe('unhealthy');
    expect(health.lastError).toMatch(/^refused to fetch .+: it resolves to .+, a private or local address/);
    expect(row.names.some((name) => health.lastError!.includes(name)), health.lastError!).toBe(true);
    expect(secret.requests).toEqual([]);
  });
});
