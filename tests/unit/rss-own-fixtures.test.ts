import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorItem, PollResult, ReadResult } from '../../connectors/connector.js';
import { UnreadableDocumentError } from '../../connectors/connector-errors.js';
import { createSafeFetch } from '../../connectors/http/safe-fetch.js';
import { readFeed, rssConnector } from '../../connectors/rss/rss-connector.js';
import { closeServer, listenOnLoopback } from '../support/local-server.js';

/** Fixtures written for these tests (see the encodings and the mistakes each one holds). */
const FEEDS = fileURLToPath(new URL('../fixtures/feeds/', import.meta.url));
const own = (name: string) => readFileSync(FEEDS + name);
const read = (name: string, contentType: string | null = null, url: string | null = null): Promise<ReadResult> =>
  rssConnector.read({ body: own(name), contentType, url });

function first(result: ReadResult): ConnectorItem {
  const item = result.items[0];
  if (!item) throw new Error(`no items; warnings: ${result.warnings.join('; ')}`);
  return item;
}

describe('rss read: every encoding path gives the text without mojibake', () => {
  it.each([
    ['enc-koi8-r.rss.xml', 'Новости порта: паром снова ходит', 'Паром из Мурманска вышел в рейс по расписанию.'],
    ['enc-windows-1251.rss.xml', 'Причал закрыт до пятницы', 'Ремонт причала продлится четыре дня, сообщил капитан порта.'],
    ['enc-gb2312.rss.xml', '港口新闻：渡轮恢复运行', '今天上午，渡轮在停运三天后恢复运行。'],
    ['enc-shift-jis.rss.xml', '港のニュース：フェリー運航再開', '三日間の運休の後、フェリーは今朝運航を再開しました。'],
    ['enc-iso-8859-2.rss.xml', 'Přístav: trajekt opět pluje', 'Po třech dnech stávky se trajekty vrátily do přístavu v Štětíně.'],
    ['enc-utf-16be-nobom.rss.xml', 'Λιμάνι: το πλοίο αναχωρεί', 'Το πλοίο για την Κρήτη αναχωρεί στις οκτώ.'],
    ['enc-utf-16le-nobom.rss.xml', 'Puerto: el ferry zarpa mañana', 'La compañía confirmó la salida a las nueve.'],
    ['enc-utf-32le-bom.rss.xml', 'Ship ahoy 🚢 ⚓', 'The 🚢 left the harbour at dawn.'],
  ])('%s', async (name, title, text) => {
    const result = await read(name);
    expect(result.items).toHaveLength(1);
    expect(first(result).title).toBe(title);
    expect(first(result).text).toBe(text);
    // A declared encoding that matches the bytes is not worth a warning.
    expect(result.warnings).toEqual([]);
  });

  it('sniffs an undeclared windows-1252 document instead of showing replacement characters', async () => {
    const result = await read('enc-undeclared-windows-1252.rss.xml');
    expect(first(result).title).toBe('Le café « La Marée » rouvre ses portes');
    expect(first(result).text).toContain('les pêcheurs');
    expect(result.warnings).toEqual([expect.stringMatching(/^no usable encoding was declared and the bytes are not UTF-8; they look like (ISO-8859-1|windows-1252)$/)]);
  });

  it('keeps a UTF-8 document that declares ISO-8859-1 in UTF-8 (no "CafÃ©")', async () => {
    const result = await read('enc-misdeclared-latin1-is-utf8.rss.xml');
    expect(first(result).title).toBe('Naïve café owners cheer the ferry');
    expect(result.warnings).toEqual(['the XML declaration says ISO-8859-1 but the bytes are UTF-8; decoded as UTF-8']);
  });

  it('loses only the bad byte of a UTF-8 document with one invalid byte, and says so', async () => {
    const result = await read('enc-utf8-invalid-byte.rss.xml');
    expect(first(result).title).toBe('Zürich harbour reopens');
    expect(first(result).text).toBe('Boats are back on the lake: Zürich is open again.');
    expect(first(result).html).not.toContain('\uFFFD');
    expect(result.warnings).toEqual(['the XML declaration says UTF-8 is UTF-8 with 1 invalid byte sequence(s); they were left out']);
  });

  it('trusts the bytes over an HTTP header that says UTF-8 for a windows-1251 document', async () => {
    const result = await read('enc-windows-1251.rss.xml', 'application/rss+xml; charset=utf-8');
    expect(first(result).title).toBe('Причал закрыт до пятницы');
    expect(result.warnings).toEqual(['the HTTP header says UTF-8 but the bytes are not UTF-8']);
  });
});

describe('rss read: broken XML is recovered as a feed reader would', () => {
  let result: ReadResult;
  beforeAll(async () => {
    result = await read('broken-bulletin.rss.xml');
  });

  it('recovers all three items, the truncated last one included', () => {
    expect(result.items.map((i) => i.externalId)).toEqual(['bulletin-1', 'bulletin-2', 'bulletin-3']);
    expect(result.items[2]?.text).toBe('The channel will be deepened to twelve me');
  });

  it('reads bare "&", HTML entities and a bare "<" as the text they meant', () => {
    const item = first(result);
    expect(item.title).toBe('Tugs & barges: schedule\u00a0change — café closed'.replace('\u00a0', ' '));
    expect(item.url).toBe('https://bulletin.example/a?x=1&y=2');
    expect(item.text).toBe('Night shift moves to 22:00; 3 < 4 crews on duty.');
  });

  it('keeps the words of an element left open inside a title', () => {
    expect(result.items[1]?.title).toBe('Crane inspection');
  });

  it('reads a named time zone', () => {
    expect(result.items.map((i) => i.publishedAt)).toEqual(['2024-06-12T04:00:00.000Z', '2024-06-12T05:15:00.000Z', null]);
  });

  it('says what was wrong, once per kind of problem', () => {
    expect(result.warnings).toEqual([
      'control characters were removed (2 times)',
      'text before the first element was ignored',
      'a bare "&" was escaped (3 times)',
      'HTML entities were converted (3 times)',
      'a bare "<" was escaped',
      'unclosed elements were closed',
      'the document ends early (truncated); 4 open element(s) were closed',
    ]);
  });
});

describe('rss read: links and xml:base', () => {
  it('resolves links and content against the feed, entry and link xml:base', async () => {
    const result = await read('xml-base.atom.xml', null, 'https://mirror.example/feeds/lighthouse.xml');
    expect(result.items.map((i) => i.url)).toEqual([
      'https://lighthouse.example/news/lamp-replaced.html',
      'https://archive.lighthouse.example/2024/lentille.html',
      'https://lighthouse.example/logs/june.html',
    ]);
    expect(result.items[0]?.html).toContain('href="https://lighthouse.example/news/photos/lamp.html"');
    expect(result.items[1]?.html).toContain('href="https://archive.lighthouse.example/plans/lens.pdf"');
  });

  it('takes the language from xml:lang, the entry before the feed', async () => {
    const result = await read('xml-base.atom.xml');
    expect(result.items.map((i) => i.language)).toEqual(['nl-BE', 'fr', 'nl-BE']);
  });

  it('reads date-only and offset dates, preferring published to updated', async () => {
    const result = await read('xml-base.atom.xml');
    expect(result.items.map((i) => i.publishedAt)).toEqual(['2024-06-11T07:00:00.000Z', '2024-06-10T08:00:00.000Z', '2024-06-09T00:00:00.000Z']);
  });
});

describe('rss read: dates', () => {
  it('refuses a date far in the future and one it cannot read, keeping the items', async () => {
    const result = await readFeed({ body: own('future-date.rss.xml'), contentType: null, url: null }, new Date('2024-06-11T09:00:00Z'));
    expect(result.items.map((i) => [i.externalId, i.publishedAt])).toEqual([
      ['tide-2099', null],
      ['tide-today', '2024-06-10T22:42:40.000Z'],
      ['tide-nodate', null],
    ]);
    expect(result.warnings).toEqual(['a date in the future (2099-01-01T00:00:00.000Z) was ignored', 'an unreadable date "sometime last week" was ignored']);
  });

  it('refuses a date that is in the future for the poll\'s clock', async () => {
    const result = await readFeed({ body: own('future-date.rss.xml'), contentType: null, url: null }, new Date('2024-06-01T00:00:00Z'));
    expect(result.items[1]?.publishedAt).toBeNull();
  });
});

describe('rss read: hostile HTML', () => {
  let item: ConnectorItem;
  beforeAll(async () => {
    item = first(await read('hostile-html.rss.xml'));
  });

  it('keeps formatting and safe links, drops scripts, styles, frames, handlers and unsafe schemes', () => {
    const html = item.html ?? '';
    expect(html).toContain('<p>Music at <strong>eight</strong>.</p>');
    expect(html).toContain('<img src="https://gossip.example/band.jpg" />');
    expect(html).toContain('<a href="https://gossip.example/lineup" rel="noopener noreferrer nofollow" target="_blank">lineup</a>');
    for (const banned of [/<script/i, /<style/i, /<iframe/i, /<svg/i, /\bon[a-z]+\s*=/i, /javascript:/i, /data:/i, /alert/, /display: none/]) {
      expect(html).not.toMatch(banned);
    }
  });

  it('gives plain text without the source of scripts and a title without markup', () => {
    expect(item.title).toBe('Harbour party tonight');
    expect(item.text).toBe('Music at eight. tickets data lineup');
  });

  it('refuses a javascript: link as the item URL', () => {
    expect(item.url).toBeNull();
  });
});

describe('rss read: documents that are not feeds', () => {
  it('names an HTML page as such and points to the feed it links to', async () => {
    const attempt = read('not-a-feed.html');
    await expect(attempt).rejects.toBeInstanceOf(UnreadableDocumentError);
    await expect(read('not-a-feed.html')).rejects.toThrow('not a readable RSS or Atom feed: this is an HTML page; it links to a feed at https://gazette.example/feed.xml');
  });

  it('refuses a document without XML', async () => {
    await expect(read('not-a-feed.csv')).rejects.toThrow('not a readable RSS or Atom feed: the document has no XML elements');
    expect(rssConnector.recognizes({ body: own('not-a-feed.csv'), contentType: null, url: null })).toBe(false);
  });

  it('recognizes feeds in UTF-16 and UTF-32 too', () => {
    for (const name of ['enc-utf-16be-nobom.rss.xml', 'enc-utf-32le-bom.rss.xml', 'xml-base.atom.xml']) {
      expect(rssConnector.recognizes({ body: own(name), contentType: null, url: null })).toBe(true);
    }
  });

  it('bounds its work on hostile input: 200,000 half-open tags and deep nesting', async () => {
    const halfTags = Buffer.from(`<rss><channel><item><guid>h</guid><title>Half tags</title><description>${'<a "'.repeat(200_000)}</description></item></channel></rss>`);
    const result = await rssConnector.read({ body: halfTags, contentType: null, url: null });
    expect(result.items.map((i) => i.title)).toEqual(['Half tags']);
    expect(result.warnings).toEqual(['a bare "<" was escaped (200000 times)']);
    const deep = Buffer.from(`<rss><channel>${'<x>'.repeat(10_000)}</channel></rss>`);
    await expect(rssConnector.read({ body: deep, contentType: null, url: null })).rejects.toThrow('elements are nested more than 256 deep');
  });
});

describe('rss poll over HTTP', () => {
  const ETAG = '"bulletin-v7"';
  let server: http.Server;
  let origin: string;
  const requests: Array<{ path: string; ifNoneMatch?: string; acceptEncoding?: string; gzipped: boolean }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const path = req.url ?? '';
      const acceptEncoding = req.headers['accept-encoding'];
      const ifNoneMatch = req.headers['if-none-match'];
      const gzip = path === '/gzip.rss' && /\bgzip\b/.test(acceptEncoding ?? '');
      requests.push({ path, ...(ifNoneMatch ? { ifNoneMatch } : {}), ...(acceptEncoding ? { acceptEncoding } : {}), gzipped: gzip });
      if (path === '/lying-charset.rss') {
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
        res.end(own('enc-koi8-r.rss.xml'));
      } else if (path === '/etag.rss') {
        if (ifNoneMatch === ETAG) {
          res.writeHead(304, { etag: ETAG });
          res.end();
        } else {
          res.writeHead(200, { etag: ETAG, 'content-type': 'application/rss+xml' });
          res.end(own('broken-bulletin.rss.xml'));
        }
      } else if (path === '/gzip.rss') {
        const body = own('enc-gb2312.rss.xml');
        res.writeHead(200, { 'content-type': 'application/rss+xml', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
        res.end(gzip ? gzipSync(body) : body);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    origin = await listenOnLoopback(server);
  });

  afterAll(async () => {
    await closeServer(server);
  });

  const poll = (path: string, cursor: unknown = null): Promise<PollResult> =>
    rssConnector.poll({
      options: { url: origin + path },
      cursor,
      // Loopback is private: the test allows it explicitly, as an operator would for a local feed.
      fetch: createSafeFetch({ allowPrivateAddresses: true }),
      now: new Date('2024-06-12T09:00:00Z'),
      signal: new AbortController().signal,
    });

  it('decodes a KOI8-R feed served with a header that claims UTF-8', async () => {
    const result = await poll('/lying-charset.rss');
    expect(result.items[0]?.title).toBe('Новости порта: паром снова ходит');
    expect(result.warnings).toEqual(['the HTTP header says UTF-8 but the bytes are not UTF-8']);
  });

  it('answers a 304 with no items and the same cursor, after reading the recovered feed once', async () => {
    const firstPoll = await poll('/etag.rss');
    expect(firstPoll.items).toHaveLength(3);
    expect(firstPoll.warnings).toContain('the document ends early (truncated); 4 open element(s) were closed');
    expect(firstPoll.cursor).toEqual({ etag: ETAG, lastModified: null });
    const second = await poll('/etag.rss', firstPoll.cursor);
    expect(second).toEqual({ items: [], cursor: firstPoll.cursor });
    expect(requests.filter((r) => r.path === '/etag.rss').map((r) => r.ifNoneMatch ?? null)).toEqual([null, ETAG]);
  });

  it('reads a gzip-compressed feed when the fetch asks for gzip', async () => {
    const result = await poll('/gzip.rss');
    expect(result.items[0]?.title).toBe('港口新闻：渡轮恢复运行');
    const request = requests.find((r) => r.path === '/gzip.rss');
    // Only meaningful once safe fetch asks for compression; until then the body comes plain.
    if (request?.acceptEncoding?.includes('gzip')) expect(request.gzipped).toBe(true);
  });
});
