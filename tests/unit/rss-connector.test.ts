import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorItem, PollResult } from '../../connectors/connector.js';
import { decodeText } from '../../connectors/http/decode-text.js';
import { createSafeFetch, type SafeFetch } from '../../connectors/http/safe-fetch.js';
import { rssConnector } from '../../connectors/rss/rss-connector.js';
import { closeServer, listenOnLoopback } from '../support/local-server.js';

/** Our own fixtures, written for these tests. */
const OWN_FEEDS = fileURLToPath(new URL('../fixtures/feeds/', import.meta.url));
/** Real recorded feeds, read in place (never copied into the project). */
const REAL_FEEDS = fileURLToPath(new URL('../../../shared/data/fixtures/feeds/', import.meta.url));

const own = (name: string) => readFileSync(OWN_FEEDS + name);
const real = (name: string) => readFileSync(REAL_FEEDS + name);

interface Route {
  status?: number;
  headers?: Record<string, string>;
  body: Buffer | string;
}

interface SeenRequest {
  path: string;
  ifNoneMatch: string | undefined;
  ifModifiedSince: string | undefined;
  status: number;
}

const ETAG = '"harbour-v1"';
const LAST_MODIFIED = 'Tue, 11 Jun 2024 08:31:00 GMT';

const routes = new Map<string, Route>();
const seen: SeenRequest[] = [];
let server: http.Server;
let origin: string;
let safeFetch: SafeFetch;

beforeAll(async () => {
  routes.set('/gazette.rss', { headers: { 'content-type': 'application/rss+xml; charset=utf-8' }, body: own('harbour-gazette.rss.xml') });
  routes.set('/quay.atom', { headers: { 'content-type': 'application/atom+xml' }, body: own('quay-watch.atom.xml') });
  routes.set('/revue-utf16.rss', { headers: { 'content-type': 'application/xml' }, body: own('revue-utf16le-bom.rss.xml') });
  routes.set('/broken', { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' });
  routes.set('/html-page', { headers: { 'content-type': 'text/html' }, body: '<!doctype html><html><head><title>Not a feed</title></head><body><p>Hello</p></body></html>' });
  for (const name of [
    'picofeed__ibash.ru.xml',
    'nodefeedparser__iconv.xml',
    'feedparser__encoding_utf-16le-bom.xml',
    'rssparser__encoding.rss',
    'feedrs__rss_1.0_iso8859.xml',
    'rssparser__craigslist.rss',
    'rssparser__uolNoticias.rss',
    'feedparser__illformed_rss_empty_document.xml',
  ]) {
    // Served as text/xml without a charset, as many servers do: the document has to say.
    routes.set(`/real/${name}`, { headers: { 'content-type': 'text/xml' }, body: real(name) });
  }

  server = http.createServer((req, res) => {
    const path = req.url ?? '';
    const ifNoneMatch = req.headers['if-none-match'];
    const ifModifiedSince = req.headers['if-modified-since'];
    if (path === '/conditional.rss') {
      const status = ifNoneMatch === ETAG ? 304 : 200;
      seen.push({ path, ifNoneMatch, ifModifiedSince, status });
      res.writeHead(status, { etag: ETAG, 'last-modified': LAST_MODIFIED, 'content-type': 'application/rss+xml' });
      res.end(status === 200 ? own('harbour-gazette.rss.xml') : undefined);
      return;
    }
    const route = routes.get(path);
    const status = route ? route.status ?? 200 : 404;
    seen.push({ path, ifNoneMatch, ifModifiedSince, status });
    res.writeHead(status, route?.headers ?? {});
    res.end(route?.body ?? 'not found');
  });
  origin = await listenOnLoopback(server);
  safeFetch = createSafeFetch({ allowedOrigins: [origin] });
});

afterAll(async () => {
  await closeServer(server);
});

beforeEach(() => {
  seen.length = 0;
});

function poll(path: string, cursor: unknown = null): Promise<PollResult> {
  return rssConnector.poll({
    options: { url: origin + path },
    cursor,
    fetch: safeFetch,
    now: new Date('2024-06-11T09:00:00Z'),
    signal: new AbortController().signal,
  });
}

function only<T>(values: readonly T[], index: number): T {
  const value = values[index];
  if (value === undefined) throw new Error(`no element ${index} among ${values.length}`);
  return value;
}

/** What no sanitized HTML and no plain text may contain. */
function expectHarmless(item: ConnectorItem) {
  for (const field of [item.html ?? '', item.text, item.title ?? '']) {
    expect(field).not.toMatch(/<script/i);
    expect(field).not.toMatch(/\bon[a-z]+\s*=/i);
    expect(field).not.toMatch(/javascript:/i);
  }
  expect(item.text).not.toMatch(/[<>]/);
}

describe('rssConnector options', () => {
  it('accepts an absolute URL and refuses a missing or relative one', () => {
    expect(rssConnector.optionsSchema.safeParse({ url: 'https://news.example/feed.xml' }).success).toBe(true);
    const missing = rssConnector.optionsSchema.safeParse({});
    expect(missing.success).toBe(false);
    expect(missing.error?.issues[0]?.path).toEqual(['url']);
    expect(rssConnector.optionsSchema.safeParse({ url: '/feed.xml' }).success).toBe(false);
  });
});

describe('rssConnector on our own RSS 2.0 fixture', () => {
  let items: ConnectorItem[];

  beforeAll(async () => {
    items = (await poll('/gazette.rss')).items;
  });

  it('maps both items, including the one without a guid', () => {
    expect(items.map((i) => i.externalId)).toEqual(['gazette-42', 'https://gazette.example/news/crane?ref=home']);
  });

  it('decodes entities in the title into plain text', () => {
    expect(only(items, 0).title).toBe('Ferry strike & port closure — “talks resume”');
  });

  it('removes tracking parameters and the fragment from the link, keeping the others', () => {
    expect(only(items, 0).url).toBe('https://gazette.example/news/ferry-strike?id=42');
    expect(only(items, 1).url).toBe('https://gazette.example/news/crane?ref=home');
  });

  it('reads dc:creator as the author and the pubDate as ISO time', () => {
    expect(items.map((i) => i.author)).toEqual(['Jane Doe', 'Omar Haddad']);
    expect(items.map((i) => i.publishedAt)).toEqual(['2024-06-11T08:30:00.000Z', '2024-06-11T07:10:00.000Z']);
  });

  it('sanitizes the HTML: no script, no event handlers, no javascript: links', () => {
    const first = only(items, 0);
    expectHarmless(first);
    expect(first.html).toContain('<p>Unions &amp; operators <b>meet</b> today.</p>');
    // The javascript: link keeps its words but loses its address.
    expect(first.html).toMatch(/<a[^>]*>click me<\/a>/);
    expect(first.html).not.toMatch(/<a[^>]*href[^>]*>click me/);
    expect(first.html).not.toContain('alert');
    expect(first.html).toContain('<img src="https://gazette.example/ferry.jpg" />');
  });

  it('makes relative links absolute and opens every link outside the board', () => {
    const html = only(items, 0).html ?? '';
    const timetable = html.match(/<a [^>]*>timetable<\/a>/)?.[0] ?? '';
    expect(timetable).toContain('href="https://gazette.example/news/ferry-timetable"');
    expect(timetable).toContain('rel="noopener noreferrer nofollow"');
    expect(timetable).toContain('target="_blank"');
  });

  it('gives plain text without markup and without the source of scripts', () => {
    expect(only(items, 0).text).toBe('Unions & operators meet today. click me timetable');
    expect(only(items, 1).text).toBe('The big crane at Pier 4 is working again.');
  });

  it('gives the same external ids on the next poll', async () => {
    const again = await poll('/gazette.rss');
    expect(again.items.map((i) => i.externalId)).toEqual(items.map((i) => i.externalId));
    expect(again.items).toEqual(items);
  });

  it('sends a feed-friendly Accept header and no validators on a first poll', async () => {
    await poll('/gazette.rss');
    expect(seen).toEqual([{ path: '/gazette.rss', ifNoneMatch: undefined, ifModifiedSince: undefined, status: 200 }]);
  });
});

describe('rssConnector on our own Atom fixture', () => {
  let items: ConnectorItem[];

  beforeAll(async () => {
    items = (await poll('/quay.atom')).items;
  });

  it('uses the entry ids as external ids', () => {
    expect(items.map((i) => i.externalId)).toEqual(['tag:quay.example,2024:entry-1', 'tag:quay.example,2024:entry-2']);
  });

  it('decodes an HTML title once more as HTML, as feed readers do', () => {
    expect(only(items, 0).title).toBe('Tide & weather warning for Quai d’Orsay');
    expect(only(items, 1).title).toBe("Harbour master's notice");
  });

  it('reads the author name, the published date and the canonical link', () => {
    const first = only(items, 0);
    expect(first.author).toBe('Sam Lee');
    expect(first.publishedAt).toBe('2024-06-11T08:00:00.000Z');
    expect(first.url).toBe('https://quay.example/posts/tide?page=2');
  });

  it('resolves a relative entry link against the feed URL', () => {
    expect(only(items, 1).url).toBe(`${origin}/posts/notice`);
    expect(only(items, 1).author).toBeNull();
  });

  it('sanitizes escaped HTML content and keeps plain text clean', () => {
    const first = only(items, 0);
    expectHarmless(first);
    expect(first.html).toContain('<p>High water at <em>noon</em>.</p>');
    expect(first.html).not.toContain('cookie');
    expect(first.text).toBe('High water at noon. details');
    expect(only(items, 1).text).toBe('Moorings on the east quay are closed until Friday.');
  });
});

describe('rssConnector and encodings', () => {
  it('decodes a feed declared windows-1251 (ibash.ru)', async () => {
    const bytes = real('picofeed__ibash.ru.xml');
    expect(bytes.subarray(0, 60).toString('latin1')).toContain('encoding="windows-1251"');
    // Decoded here independently, with the encoding the file declares.
    const independent = new TextDecoder('windows-1251').decode(bytes);
    const expectedTitles = [...independent.matchAll(/<item>\s*<guid>[^<]*<\/guid>\s*<link>[^<]*<\/link>\s*<title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(expectedTitles).toHaveLength(50);
    expect(independent).toContain('<title>Цитата #16099</title>');

    const { items } = await poll('/real/picofeed__ibash.ru.xml');
    expect(items.map((i) => i.title)).toEqual(expectedTitles);
    expect(only(items, 0).title).toBe('Цитата #16099');
    expect(only(items, 0).externalId).toBe('http://ibash.org.ru/quote.php?id=16099');
    expect(only(items, 0).text).toMatch(/^Хабр, обсуждение фейлов на работе: reaferon:/);
    // The CDATA held escaped angle brackets: they are text, decoded once.
    expect(only(items, 1).text).toMatch(/^<spotty>:Оборудованный длинной деревянной линейкой/);
    for (const item of items) expect(item.text + item.title).not.toContain('\uFFFD');
  });

  it('decodes another windows-1251 feed (node-feedparser iconv.xml)', async () => {
    const independent = new TextDecoder('windows-1251').decode(real('nodefeedparser__iconv.xml'));
    expect(independent).toContain('<title>В Бузулуке главные стройплощадки – детсад и Ледовый дворец</title>');
    const { items } = await poll('/real/nodefeedparser__iconv.xml');
    expect(items).toHaveLength(10);
    expect(only(items, 0).title).toBe('В Бузулуке главные стройплощадки – детсад и Ледовый дворец');
    for (const item of items) expect(item.title).toMatch(/[А-Яа-яЁё]/);
  });

  it('decodes a UTF-16LE feed with a byte-order mark', async () => {
    const bytes = own('revue-utf16le-bom.rss.xml');
    expect([...bytes.subarray(0, 4)]).toEqual([0xff, 0xfe, 0x3c, 0x00]);
    const { items } = await poll('/revue-utf16.rss');
    expect(items).toHaveLength(1);
    expect(only(items, 0).title).toBe('Zürich: café “Æsir” öffnet — 東京 ✓');
    expect(only(items, 0).text).toBe('Grüße aus Zürich.');
    expect(only(items, 0).externalId).toBe('revue-1');
  });

  it('lets the byte-order mark win over a header that lies (feedparser utf-16le-bom.xml)', () => {
    const text = decodeText(real('feedparser__encoding_utf-16le-bom.xml'), 'text/xml; charset=iso-8859-1');
    expect(text.startsWith('<?xml version="1.0" encoding="utf-16"?>')).toBe(true);
    expect(text).toContain('Description:  Wellformed UTF-16 with Byte Order Mark (Little Endian)');
    expect(text).toMatch(/<rss>\s*<\/rss>\s*$/);
  });

  it('decodes a feed declared ISO-8859-1 (Jornal de Notícias)', async () => {
    const bytes = real('rssparser__encoding.rss');
    expect(bytes.subarray(0, 60).toString('latin1')).toContain('encoding="ISO-8859-1"');
    const independent = new TextDecoder('iso-8859-1').decode(bytes);
    // The connector folds white space (a no-break space too) and trims, as below.
    const expectedTitles = [...independent.matchAll(/<item><title><!\[CDATA\[(.*?)\]\]><\/title>/g)].map((m) => m[1]?.replace(/\s+/g, ' ').trim());
    expect(expectedTitles).toHaveLength(40);
    expect(expectedTitles[0]).toBe('Mãe de utente é a nova presidente da Raríssimas');

    const { items } = await poll('/real/rssparser__encoding.rss');
    expect(items.map((i) => i.title)).toEqual(expectedTitles);
    expect(only(items, 0).text).toBe(
      'Sónia Laygue, profissional na área da Recursos Humanos e mãe de uma criança de três anos, utente na Casa dos Marcos, é a nova presidente da direção da Raríssimas.',
    );
    for (const item of items) expect(item.text + item.title).not.toContain('\uFFFD');
  });

  it('decodes an RSS 1.0 feed declared ISO-8859-1, with dc:creator (golem.de)', async () => {
    const independent = new TextDecoder('iso-8859-1').decode(real('feedrs__rss_1.0_iso8859.xml'));
    expect(independent).toContain('<title>Digitalministerium: Neue Glasfaserförderung mit Schnellkasse</title>');
    const { items } = await poll('/real/feedrs__rss_1.0_iso8859.xml');
    expect(items).toHaveLength(1);
    const item = only(items, 0);
    expect(item.title).toBe('Digitalministerium: Neue Glasfaserförderung mit Schnellkasse');
    expect(item.author).toBe('Achim Sawall');
    expect(item.publishedAt).toBe('2023-01-25T18:03:02.000Z');
    expect(item.text.startsWith('Ab April soll es wieder Förderung für den Ausbau von Glasfaser geben.')).toBe(true);
  });
});

describe('rssConnector on other real feeds', () => {
  it('reads an RDF / RSS 1.0 feed (craigslist): one item per rdf:about, links as ids', async () => {
    const source = real('rssparser__craigslist.rss').toString('utf8');
    const abouts = [...source.matchAll(/<item rdf:about="([^"]+)"/g)].map((m) => m[1]);
    expect(abouts).toHaveLength(25);
    const { items } = await poll('/real/rssparser__craigslist.rss');
    expect(items.map((i) => i.externalId)).toEqual(abouts);
    expect(items.map((i) => i.url)).toEqual(abouts);
    // The title's CDATA holds "&#x0024;4300 3bd 1930ft<sup>2</sup>": an entity and markup, read as HTML.
    expect(only(items, 0).title).toBe('Bright, Spacious Beautiful Victorian (oakland north / temescal) $4300 3bd 1930ft2');
    for (const item of items) expectHarmless(item);
  });

  it('reads an <rss> without a version attribute as RSS 2.0 (UOL Notícias)', async () => {
    const source = real('rssparser__uolNoticias.rss');
    expect(source.subarray(0, 12).toString('latin1')).toBe('<rss>\n\t<chan');
    const links = [...source.toString('latin1').matchAll(/<item>[\s\S]*?<link><!\[CDATA\[([^\]]+)\]\]><\/link>/g)].map((m) => m[1]?.trim());
    expect(links).toHaveLength(15);
    const { items } = await poll('/real/rssparser__uolNoticias.rss');
    expect(items.map((i) => i.url)).toEqual(links);
  });

  it('refuses a document that is not a feed, with a clear error, even right after a good feed', async () => {
    // A good feed first: rss-parser's shared xml2js parser used to leave state behind that made
    // this document (only a comment) never settle.
    expect((await poll('/gazette.rss')).items).toHaveLength(2);
    await expect(poll('/real/feedparser__illformed_rss_empty_document.xml')).rejects.toThrow(/^not a readable RSS or Atom feed: /);
    await expect(poll('/real/feedparser__illformed_rss_empty_document.xml')).rejects.toThrow(/^not a readable RSS or Atom feed: /);
  });

  it('refuses an HTML page, with a clear error', async () => {
    await expect(poll('/html-page')).rejects.toThrow(/^not a readable RSS or Atom feed: /);
  });
});

describe('rssConnector and HTTP', () => {
  it('sends the validators back and returns no items on 304, keeping the cursor', async () => {
    const first = await poll('/conditional.rss');
    expect(first.items).toHaveLength(2);
    expect(first.cursor).toEqual({ etag: ETAG, lastModified: LAST_MODIFIED });

    const second = await poll('/conditional.rss', first.cursor);
    expect(second.items).toEqual([]);
    expect(second.cursor).toEqual(first.cursor);

    expect(seen).toEqual([
      { path: '/conditional.rss', ifNoneMatch: undefined, ifModifiedSince: undefined, status: 200 },
      { path: '/conditional.rss', ifNoneMatch: ETAG, ifModifiedSince: LAST_MODIFIED, status: 304 },
    ]);
  });

  it('returns a null-validator cursor when the server sends none', async () => {
    const { cursor } = await poll('/gazette.rss');
    expect(cursor).toEqual({ etag: null, lastModified: null });
  });

  it('fails with the status when the server answers 500', async () => {
    await expect(poll('/broken')).rejects.toThrow('the feed answered HTTP 500');
  });

  it('fails with the status when the feed is gone', async () => {
    await expect(poll('/nowhere')).rejects.toThrow('the feed answered HTTP 404');
  });

  it('goes through the safe fetch: without the allowed origin, the local server is refused', async () => {
    await expect(
      rssConnector.poll({
        options: { url: `${origin}/gazette.rss` },
        cursor: null,
        fetch: createSafeFetch(),
        now: new Date(),
        signal: new AbortController().signal,
      }),
    ).rejects.toThrow(/^refused to fetch 127\.0\.0\.1/);
    expect(seen).toEqual([]);
  });
});
