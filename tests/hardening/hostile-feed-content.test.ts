import fs from 'node:fs';
import http from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONNECTORS, createSafeFetch } from '../../connectors/index.js';
import { rssSource } from '../../server/default-sources.js';
import type { Item } from '../../server/domain/index.js';
import { createPollRunner, type PollOutcome, type PollRunner } from '../../server/jobs/poll-runner.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { EXECUTABLE_HTML, FeedSandbox, heapUsedNow, type ParseOutcome } from '../support/fuzz-feeds.js';
import { closeServer, listenOnLoopback } from '../support/local-server.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * Issue 10, feed content as an attack. Each hostile feed is served by a local HTTP server and
 * polled through the real path: safe fetch → rss connector (charset, XML recovery, rss-parser,
 * sanitizing) → poll runner → lowdb store. Before that, the same bytes go through the parser in
 * a worker with a time and heap limit, so a regression that hangs or swells fails the test
 * rather than the CI run. Nothing may execute, reach out, or exhaust the process; what is stored
 * is plain text and sanitized HTML.
 */
const NOW = new Date('2024-06-11T09:00:00.000Z');
const TIME_LIMIT_MS = 5_000;
/** Heap this thread may keep after a poll: generous, far below what an expansion would take. */
const RETAINED_HEAP_LIMIT = 96 * 1024 * 1024;
/**
 * Parsing is linear, about 0.35 s per MB here: a 10 MB document gets room for slow CI machines.
 * With the house's fetch policy (5 MB at most) such a document never reaches the parser at all.
 */
const HUGE_TIME_LIMIT_MS = 20_000;

const feeds = new Map<string, string | Buffer>();
/** Every path the local server was asked for, in order: an external entity fetched would show here. */
const requested: string[] = [];
let server: http.Server;
let origin: string;
const sandbox = new FeedSandbox({ timeoutMs: TIME_LIMIT_MS, maxHeapMb: 512, now: NOW });

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requested.push(req.url ?? '');
    const body = feeds.get(req.url ?? '');
    if (body === undefined) return res.writeHead(200, { 'content-type': 'text/plain' }).end('root:x:0:0:root:/root:/bin/bash\nEXTERNAL-ENTITY-CONTENT\n');
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body);
  });
  origin = await listenOnLoopback(server);
});

afterAll(async () => {
  await closeServer(server);
  await sandbox.close();
});

const dirs: Array<ReturnType<typeof tempDir>> = [];
let store: Store;
let runner: PollRunner;

beforeEach(async () => {
  const dir = tempDir('tidewatch-hostile-feed-');
  dirs.push(dir);
  store = await openLowdbStore({ dataDir: dir.path });
  runner = createPollRunner({
    store,
    connectors: CONNECTORS,
    random: () => 0,
    // Private addresses stay refused except the test's own server; 32 MB so a 10 MB attribute reaches the parser.
    fetch: createSafeFetch({ allowedOrigins: [origin], maxBytes: 32 * 1024 * 1024 }),
    clock: () => NOW,
    runTimeoutMs: 20_000,
    log: () => undefined,
  });
});

afterEach(async () => {
  await runner.idle();
  await store.close();
  dirs.splice(0).forEach((dir) => dir.remove());
});

interface Attack {
  outcome: PollOutcome;
  items: Item[];
  parsed: ParseOutcome;
  elapsedMs: number;
  retainedHeap: number;
}

/** Serves `body` as a feed, parses it in the sandbox, then polls it through the real path. */
async function attack(name: string, body: string | Buffer, timeLimitMs = TIME_LIMIT_MS): Promise<Attack> {
  const path = `/${name}.xml`;
  feeds.set(path, body);
  requested.length = 0;

  const parsed = await sandbox.parse({ body: typeof body === 'string' ? Buffer.from(body) : body, contentType: 'application/rss+xml' }, timeLimitMs);
  expect(parsed.kind, `the parser in its sandbox: ${JSON.stringify(parsed).slice(0, 300)}`).not.toMatch(/timeout|crashed/);

  const heapBefore = heapUsedNow();
  const started = performance.now();
  await store.saveSource(rssSource(name, `Hostile ${name}`, `${origin}${path}`, '*/5 * * * *', NOW), 'test');
  const outcome = await runner.run(name);
  const elapsedMs = performance.now() - started;
  const items = await store.listItems({ limit: 100, sourceId: name });
  feeds.delete(path);
  const retainedHeap = heapUsedNow() - heapBefore;
  expect(elapsedMs).toBeLessThan(timeLimitMs * 2);
  expect(retainedHeap).toBeLessThan(RETAINED_HEAP_LIMIT);
  return { outcome, items, parsed, elapsedMs, retainedHeap };
}

/** Only the feed itself was fetched: no entity, DTD or stylesheet it names. */
function expectOnlyTheFeedFetched(name: string) {
  expect(requested).toEqual([`/${name}.xml`]);
}

function expectNothingLeaked(items: Item[]) {
  const stored = JSON.stringify(items);
  expect(stored).not.toContain('root:x:0:0');
  expect(stored).not.toContain('EXTERNAL-ENTITY-CONTENT');
}

const rss = (doctype: string, item: string) =>
  `<?xml version="1.0" encoding="utf-8"?>\n${doctype}\n<rss version="2.0"><channel><title>Hostile</title><link>https://hostile.example/</link>${item}</channel></rss>`;

describe('feed content as an attack, polled through the real path', () => {
  it('billion laughs: nested entity definitions are not expanded', async () => {
    const entities = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`)].join('\n');
    const result = await attack(
      'billion-laughs',
      rss(`<!DOCTYPE rss [\n${entities}\n]>`, '<item><title>Laughs &lol9;</title><guid>laughs-1</guid><description>&lol9;&lol9;&lol9;</description></item>'),
    );
    expect(result.outcome.status).toBe('ok');
    expect(result.items).toHaveLength(1);
    // The reference stays as text or goes: either way nowhere near 10^9 "lol"s.
    expect(JSON.stringify(result.items).length).toBeLessThan(10_000);
    expect(JSON.stringify(result.items)).not.toContain('lollol');
  });

  it('quadratic blowup: one 100 KB entity referenced 20,000 times is not expanded', async () => {
    const references = '&big;'.repeat(20_000);
    const result = await attack('quadratic', rss(`<!DOCTYPE rss [<!ENTITY big "${'B'.repeat(100_000)}">]>`, `<item><title>Blowup</title><guid>quad-1</guid><description>${references}</description></item>`));
    expect(result.outcome.status).toBe('ok');
    expect(JSON.stringify(result.items).length).toBeLessThan(1_000_000);
    expect(JSON.stringify(result.items)).not.toContain('B'.repeat(1_000));
  });

  it('external entities: file:// and http:// SYSTEM entities, parameter entities and external DTDs are never read', async () => {
    const doctype = `<!DOCTYPE rss SYSTEM "${origin}/external.dtd" [
  <!ENTITY file SYSTEM "file:///etc/passwd">
  <!ENTITY web SYSTEM "${origin}/entity">
  <!ENTITY % remote SYSTEM "${origin}/parameter.dtd">
  %remote;
]>
<?xml-stylesheet type="text/xsl" href="${origin}/style.xsl"?>`;
    const result = await attack(
      'external-entities',
      rss(doctype, `<item><title>Passwords &file; and &web;</title><guid>xxe-1</guid><description>&file;&web;</description><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="${origin}/xinclude"/></item>`),
    );
    expect(result.outcome.status).toBe('ok');
    expectOnlyTheFeedFetched('external-entities');
    expectNothingLeaked(result.items);
    expect(fs.readFileSync('/etc/passwd', 'utf8')).toContain('root:x:0:0'); // so the check above can fail
  });

  it('huge attributes: a 10 MB attribute value is read or refused, in time and memory', async () => {
    const huge = 'A'.repeat(10 * 1024 * 1024);
    const result = await attack(
      'huge-attribute',
      rss('', `<item data-huge="${huge}"><title>Huge attribute</title><guid>huge-1</guid><link>https://hostile.example/huge</link><description>Small text.</description></item>`),
      HUGE_TIME_LIMIT_MS,
    );
    expect(result.outcome.status).toBe('ok');
    expect(result.items.map((i) => i.title)).toEqual(['Huge attribute']);
    expect(JSON.stringify(result.items).length).toBeLessThan(100_000);
  });

  it('huge documents: with the default fetch policy a 10 MB feed is refused before parsing, with a message', async () => {
    const path = '/huge-default.xml';
    feeds.set(path, rss('', `<item data-huge="${'A'.repeat(10 * 1024 * 1024)}"><title>Huge</title><guid>huge-0</guid></item>`));
    const defaults = createPollRunner({ store, connectors: CONNECTORS, random: () => 0, fetch: createSafeFetch({ allowedOrigins: [origin] }), clock: () => NOW, runTimeoutMs: 20_000, log: () => undefined });
    await store.saveSource(rssSource('huge-default', 'Huge', `${origin}${path}`, '*/5 * * * *', NOW), 'test');
    const outcome = await defaults.run('huge-default');
    feeds.delete(path);
    expect(outcome).toMatchObject({ status: 'failed', error: expect.stringMatching(/\d+.*bytes|too large|larger/i) });
    expect(await store.listItems({ limit: 10, sourceId: 'huge-default' })).toEqual([]);
  });

  it('huge links: a 10 MB <link> is read in time and memory, and not stored as the item\'s link', async () => {
    const result = await attack('huge-href', rss('', `<item><title>Huge link</title><guid>huge-2</guid><link>https://hostile.example/${'p'.repeat(10 * 1024 * 1024)}</link></item>`), HUGE_TIME_LIMIT_MS);
    expect(result.outcome.status).toBe('ok');
    expect(result.items.map((i) => [i.title, i.url])).toEqual([['Huge link', null]]);
    expect(JSON.stringify(result.items).length).toBeLessThan(100_000);
  });

  it('deeply nested elements: 100,000 levels are refused with a message, and the source says why', async () => {
    const depth = 100_000;
    const result = await attack('deep-nesting', rss('', `<item><title>Deep</title><guid>deep-1</guid><description>${'<x>'.repeat(depth)}bottom${'</x>'.repeat(depth)}</description></item>`));
    expect(result.outcome).toMatchObject({ status: 'failed', error: expect.stringMatching(/nested more than \d+ deep/) });
    expect(result.items).toEqual([]);
    expect(result.parsed).toMatchObject({ kind: 'refused', name: 'UnreadableDocumentError' });
    const source = await store.getSource('deep-nesting');
    expect(source?.health.lastError).toMatch(/nested more than \d+ deep/);
  });

  it('deeply nested elements inside escaped HTML: 100,000 levels of <div> do not exhaust the sanitizer', async () => {
    const depth = 100_000;
    const html = `${'<div>'.repeat(depth)}bottom${'</div>'.repeat(depth)}`;
    const result = await attack('deep-html', rss('', `<item><title>Deep HTML</title><guid>deep-2</guid><description><![CDATA[${html}]]></description></item>`));
    expect(result.outcome.status).toBe('ok');
    expect(result.items[0]?.text).toBe('bottom');
  });

  describe('scripts, event handlers and dangerous links in item HTML', () => {
    const HOSTILE_HTML = [
      '<p>Harbour news<script>alert("script")</script></p>',
      '<img src="https://hostile.example/x.png" onerror="alert(\'onerror\')">',
      '<a href="https://hostile.example/ok" onclick="alert(\'onclick\')">click</a>',
      '<a href="javascript:alert(\'js-link\')">js link</a>',
      '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
      '<a href="java&#x09;script:alert(1)">tab inside</a>',
      '<a href="&#106;avascript:alert(1)">encoded</a>',
      '<a href=" javascript:alert(1)">leading space</a>',
      '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>',
      '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
      '<iframe src="https://hostile.example/frame"></iframe>',
      '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
      '<object data="https://hostile.example/x.swf"></object><embed src="https://hostile.example/x.swf">',
      '<p style="width: expression(alert(\'css\')); background: url(javascript:alert(1))">styled</p>',
      '<style>body { background: url("javascript:alert(1)") } p { x: expression(alert(1)) }</style>',
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert("svg")</script><a xlink:href="javascript:alert(1)"><text>svg</text></a></svg>',
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
      '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="javascript:alert(1)//">',
      '<form action="https://hostile.example/steal"><button formaction="javascript:alert(1)">go</button><input name="password"></form>',
      '<a href="//hostile.example/protocol-relative">relative</a><img src="x" onerror=alert(1)//',
      '<scr<script>ipt>alert("split")</scr</script>ipt>',
      '<details open ontoggle="alert(1)"><summary>toggle</summary></details>',
      '<video><source onerror="alert(1)"></video><body onload="alert(1)">',
    ].join('\n');

    const FEED_FAMILIES: Record<string, string> = {
      'rss-cdata': rss('', `<item><title>Script <script>alert("title")</script>title</title><guid>html-1</guid><link>https://hostile.example/a</link><description><![CDATA[${HOSTILE_HTML}]]></description></item>`),
      'rss-content-encoded': rss('', `<item xmlns:content="http://purl.org/rss/1.0/modules/content/"><title>Encoded</title><guid>html-2</guid><link>https://hostile.example/b</link><content:encoded><![CDATA[${HOSTILE_HTML}]]></content:encoded></item>`).replace('<rss version="2.0">', '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'),
      'rss-escaped': rss('', `<item><title>Escaped</title><guid>html-3</guid><link>https://hostile.example/c</link><description>${HOSTILE_HTML.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</description></item>`),
      'atom-html': `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Hostile</title><id>urn:hostile</id><entry><title type="html">Atom &lt;script&gt;alert(1)&lt;/script&gt;</title><id>urn:hostile:1</id><updated>2024-06-11T08:00:00Z</updated><link href="https://hostile.example/d"/><content type="html">${HOSTILE_HTML.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</content></entry></feed>`,
    };

    for (const [family, feed] of Object.entries(FEED_FAMILIES)) {
      it(`${family}: the stored html is sanitized and the text is plain`, async () => {
        const result = await attack(`html-${family}`, feed);
        expect(result.outcome.status).toBe('ok');
        expect(result.items).toHaveLength(1);
        const [item] = result.items;
        expect(item!.html, 'the item keeps its harmless HTML').toMatch(/Harbour news/);
        expect(item!.html).not.toMatch(EXECUTABLE_HTML);
        // Every link the sanitizer kept is http(s), opens outside the board and without access to it.
        for (const link of item!.html!.matchAll(/<a\s[^>]*>/g)) {
          if (/href=/.test(link[0])) expect(link[0]).toMatch(/href="https?:\/\//);
          expect(link[0]).toMatch(/rel="noopener noreferrer nofollow"/);
        }
        for (const image of item!.html!.matchAll(/<img\s[^>]*>/g)) expect(image[0]).toMatch(/^<img(?:\s+(?:src="https?:\/\/[^"]*"|alt="[^"]*"|title="[^"]*"))*\s*\/?>$/);
        // Plain text: none of the feed's tags survives as markup, and nothing a script or style said.
        // (Malformed fragments, such as a tag left open at the very end or an attribute holding a
        // "<", stay as the literal characters they are: text is shown as text.)
        for (const text of [item!.text, item!.title ?? '']) {
          for (const markup of ['<p>', '<p ', '<a ', '<img src="https', '<svg', '<style', '<object', '<embed', '<iframe src="', '<math', '<meta', '<form', '<details', '<video', '</']) {
            expect(text).not.toContain(markup);
          }
        }
        // (A title's own child elements are words of the title, kept as text; the HTML's scripts are not.)
        for (const said of ['alert("script")', "alert('onerror')", "alert('onclick')", 'alert("svg")', "alert('css')", 'background:']) expect(item!.text).not.toContain(said);
        expect(item!.text).toContain('Harbour news');
        expectOnlyTheFeedFetched(`html-${family}`);
      });
    }
  });
});
