import http from 'node:http';
import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../connectors/http/address-policy.js';
import { createApp } from '../../server/http/app.js';
import type { LinkPreview } from '../../server/realtime/protocol.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { closeServer, listenOnLoopback } from '../support/local-server.js';
import { signIn, addTestMember, type SessionHeaders } from '../support/sign-in.js';
import { tempDir } from '../support/temp-dir.js';

/** Pages a newsroom links to, served on loopback: what each path answers. */
const PAGES: Record<string, (res: http.ServerResponse) => void> = {
  '/story': (res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head>
      <title>Fallback title</title>
      <meta property="og:title" content="Harbor &amp; Bridge: &lt;b&gt;reopened&lt;/b&gt; at last">
      <meta name="description" content="The plain description">
      <meta property="og:description" content='${'Crews worked through the night. '.repeat(30)}'>
      <meta property="og:site_name" content="The Harbour Gazette">
      </head><body><meta property="og:title" content="An embedded thing's title"></body></html>`);
  },
  '/plain': (res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><head><title>  Ferry  timetable\n changes </title><meta name="description" content="Caf&eacute; opens at 7"></head><body>x</body></html>');
  },
  '/latin1': (res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(Buffer.concat([Buffer.from('<html><head><meta charset="windows-1252"><title>Caf'), Buffer.from([0xe9]), Buffer.from(' on the quay</title></head></html>')]));
  },
  '/moved': (res) => {
    res.writeHead(301, { location: '/plain' });
    res.end();
  },
  '/huge': (res) => {
    // Three megabytes after a small head: more than any page is read whole.
    res.writeHead(200, { 'content-type': 'text/html' });
    res.write('<html><head><title>A very long live blog</title></head><body>');
    for (let i = 0; i < 3 * 1024; i++) res.write(`<p>${'update '.repeat(146)}</p>`);
    res.end('</body></html>');
  },
  '/photo.jpg': (res) => {
    res.writeHead(200, { 'content-type': 'image/jpeg' });
    res.end(Buffer.alloc(100));
  },
  '/gone': (res) => {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<title>Not here</title>');
  },
  '/slow': () => {
    // Never answers.
  },
};

const dir = tempDir();
let store: Store;
let site: http.Server;
let origin: string;
const asked: string[] = [];
let app: ReturnType<typeof createApp>;
let strictApp: ReturnType<typeof createApp>;
let headers: SessionHeaders;
let strictHeaders: SessionHeaders;

beforeAll(async () => {
  site = http.createServer((req, res) => {
    asked.push(req.url ?? '');
    const page = PAGES[req.url ?? ''];
    if (page) page(res);
    else res.writeHead(500).end();
  });
  origin = await listenOnLoopback(site);
  store = await openLowdbStore({ dataDir: dir.path });
  const deps = { store, version: 'preview', startedAt: Date.now(), webRoot: null, log: () => undefined, clock: () => new Date() };
  // The test site is on loopback: the operator's leave, as tests of sources give it.
  app = createApp({ ...deps, allowPrivateFetch: true, fetchTimeoutMs: 500 });
  strictApp = createApp({ ...deps, allowPrivateFetch: false });
  const member = await addTestMember(store, { email: 'sam@newsroom.example', name: 'Sam Social', roles: ['social'] });
  headers = await signIn(app, member.email);
  strictHeaders = await signIn(strictApp, member.email);
});

afterAll(async () => {
  await closeServer(site);
  await store.close();
  dir.remove();
});

async function preview(url: string | null, target = app, who: SessionHeaders | null = target === app ? headers : strictHeaders) {
  const response = await target.request(`/api/link-preview${url === null ? '' : `?url=${encodeURIComponent(url)}`}`, { headers: who ?? {} });
  return { status: response.status, body: (await response.json()) as LinkPreview & { error: { code: string; message: string; details?: { fields: Array<{ field: string }> } } } };
}

describe('GET /api/link-preview', () => {
  it("reads the page's own title, description and site name, as text with entities decoded and tags stripped", async () => {
    const { status, body } = await preview(`${origin}/story`);
    expect(status).toBe(200);
    expect(body.url).toBe(`${origin}/story`);
    expect(body.title).toBe('Harbor & Bridge: reopened at last');
    expect(body.siteName).toBe('The Harbour Gazette');
    // Capped, with an ellipsis, and white space folded.
    expect(body.description).toMatch(/^Crews worked through the night\. Crews/);
    expect(body.description!.length).toBeLessThanOrEqual(400);
    expect(body.description!.endsWith('…')).toBe(true);
    expect(Object.keys(body).sort()).toEqual(['description', 'siteName', 'title', 'url']);
  });

  it('falls back to <title>, the plain description and the host name', async () => {
    const { body } = await preview(`${origin}/plain`);
    expect(body).toEqual({ url: `${origin}/plain`, title: 'Ferry timetable changes', description: 'Café opens at 7', siteName: '127.0.0.1' });
  });

  it("decodes a page in its own declared charset", async () => {
    expect((await preview(`${origin}/latin1`)).body.title).toBe('Café on the quay');
  });

  it('follows redirects and names the page it read', async () => {
    const { body } = await preview(`${origin}/moved`);
    expect(body.url).toBe(`${origin}/plain`);
    expect(body.title).toBe('Ferry timetable changes');
  });

  it('reads only the head of a huge page', async () => {
    const { status, body } = await preview(`${origin}/huge`);
    expect(status).toBe(200);
    expect(body.title).toBe('A very long live blog');
  });

  it('names the site of something that is not a page', async () => {
    expect((await preview(`${origin}/photo.jpg`)).body).toEqual({ url: `${origin}/photo.jpg`, title: null, description: null, siteName: '127.0.0.1' });
  });

  it('keeps answers: the same link is fetched once', async () => {
    const before = asked.filter((path) => path === '/story').length;
    await preview(`${origin}/story`);
    await preview(`${origin}/story#comments`);
    expect(asked.filter((path) => path === '/story').length).toBe(before);
  });

  it.each([
    ['not a link', 'not a link'],
    ['another scheme', 'ftp://files.example/story'],
    ['a script', 'javascript:alert(1)'],
    ['nothing', ''],
  ])('refuses %s with 400 naming the url field', async (_name, url) => {
    const { status, body } = await preview(url);
    expect(status).toBe(400);
    expect(body.error.details!.fields.map((f) => f.field)).toEqual(['url']);
  });

  it('refuses a missing url with 400 naming the field', async () => {
    const { status, body } = await preview(null);
    expect(status).toBe(400);
    expect(body.error.details!.fields.map((f) => f.field)).toEqual(['url']);
  });

  it('refuses loopback and private addresses unless the operator allows them, without fetching', async () => {
    const before = asked.length;
    for (const url of [`${origin}/plain`, `http://localhost:${new URL(origin).port}/plain`, 'http://10.0.0.8/', 'http://169.254.169.254/latest/meta-data/']) {
      const { status, body } = await preview(url, strictApp);
      expect(status, url).toBe(400);
      expect(body.error.message).toMatch(/does not fetch (private or )?local addresses unless the operator allows private fetches \(TIDEWATCH_ALLOW_PRIVATE_FETCH=true\)/);
      expect(body.error.details!.fields.map((f) => f.field)).toEqual(['url']);
    }
    expect(asked.length).toBe(before);
  });

  it('refuses a name that resolves to a private address, at lookup', async (context) => {
    // This machine's own name resolves to one of its addresses: private or loopback almost everywhere.
    const name = hostname();
    const resolved = await lookup(name).catch(() => null);
    if (!resolved || isPublicAddress(resolved.address)) context.skip();
    const { status, body } = await preview(`http://${name}:${new URL(origin).port}/plain`, strictApp);
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/resolves to .*, a private or local address; Tidewatch does not fetch those/);
  });

  it('answers 502 in words when the page cannot be read', async () => {
    const closed = http.createServer();
    const closedOrigin = await listenOnLoopback(closed);
    await closeServer(closed);
    const cases: Array<[string, RegExp]> = [
      [`${closedOrigin}/`, /could not read 127\.0\.0\.1:\d+ for a preview: the server refused the connection/],
      [`${origin}/gone`, /answered 404 for this link/],
      [`${origin}/slow`, /could not read .* for a preview: no (complete )?answer within 500 ms/],
      ['http://no-such-host.invalid/', /could not read no-such-host\.invalid for a preview: no such host/],
    ];
    for (const [url, message] of cases) {
      const { status, body } = await preview(url);
      expect(status, url).toBe(502);
      expect(body.error.code).toBe('unreachable');
      expect(body.error.message).toMatch(message);
    }
  });

  it('is for signed-in members only', async () => {
    const { status } = await preview(`${origin}/plain`, app, null);
    expect(status).toBe(401);
  });
});
