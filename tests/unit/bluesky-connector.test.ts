import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { blueskyConnector, createBlueskyConnector, selectJetstreamPosts } from '../../connectors/bluesky/bluesky-connector.js';
import { blueskyOptionsSchema } from '../../connectors/bluesky/bluesky-options.js';
import { createKeywordMatcher } from '../../connectors/bluesky/keyword-match.js';
import { renderPostText } from '../../connectors/bluesky/post-text.js';
import { publishedAt } from '../../connectors/bluesky/published-at.js';
import type { ConnectorItem, PollResult, RawDocument } from '../../connectors/connector.js';
import { RateLimitedError, UnreadableDocumentError } from '../../connectors/connector-errors.js';
import { BlockedAddressError } from '../../connectors/http/address-policy.js';
import { createSafeFetch } from '../../connectors/http/safe-fetch.js';
import { createSafeWebSocket } from '../../connectors/http/safe-websocket.js';
import { closeServer } from '../support/local-server.js';

const OWN = fileURLToPath(new URL('../fixtures/bluesky/', import.meta.url));
const REAL = fileURLToPath(new URL('../../../shared/data/fixtures/social/', import.meta.url));
const own = (name: string) => readFileSync(OWN + name);
const realDoc = (name: string): RawDocument => ({ body: readFileSync(REAL + name), contentType: null, url: null });
const readReal = (name: string) => blueskyConnector.read(realDoc(name));
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '');
const rkeyOf = (item: ConnectorItem) => item.externalId.split('/').pop();

/** The start of every Jetstream fixture time of ours: 2026-03-02T09:30:00Z in microseconds. */
const T = 1772443800000000;

describe('bluesky read: every recorded Bluesky file', () => {
  const files = readdirSync(REAL).filter((name) => name.startsWith('bluesky__') && !name.endsWith('_http_index.json'));

  it.each(files)('%s is read or refused in words, never crashes', async (name) => {
    try {
      const { items } = await readReal(name);
      for (const item of items) {
        expect(item.externalId).toMatch(/^at:\/\/did:[a-z]+:[^/]+\/app\.bsky\.feed\.post\/[a-z0-9]+$/);
        expect(item.url).toMatch(/^https:\/\/bsky\.app\/profile\/[^/]+\/post\/[a-z0-9]+$/);
        expect(item.text).not.toBe('');
      }
    } catch (error) {
      expect(error).toBeInstanceOf(UnreadableDocumentError);
    }
  });

  it('getPosts: link facets become the canonical URL; the text stays plain', async () => {
    const { items } = await readReal('bluesky__bskyr__f_getposts__0.json');
    expect(items).toHaveLength(1);
    const post = items[0]!;
    expect(post.externalId).toBe('at://did:plc:ic6zqvuw5ulmfpjiwnhsr2ns/app.bsky.feed.post/3k7qmjev5lr2s');
    expect(post.author).toBe('soubhikbarari.bsky.social');
    expect(post.url).toBe('https://bsky.app/profile/soubhikbarari.bsky.social/post/3k7qmjev5lr2s');
    expect(post.publishedAt).toBe('2023-09-19T11:32:54.574Z');
    expect(post.language).toBe('en');
    expect(post.engagement).toEqual({ likes: 4, reposts: 0, replies: 0 });
    // Facets at bytes 140-153 and 257-275, after an emoji: the shortened link texts are replaced.
    expect(post.text).toContain('LocalView (http://localview.net/), a local civic data platform');
    expect(post.text.endsWith('#rstats #rgov https://rstats.ai/gov.html')).toBe(true);
    expect(post.text).not.toContain('\n');
    expect(post.html).toContain('<a href="http://localview.net/"');
  });

  it('a timeline: reposts unwrapped, a post and its repost are one item, createdAt after indexedAt falls back', async () => {
    const { items } = await readReal('bluesky__bskyr__f_timeline__0.json');
    const raw = JSON.parse(readFileSync(REAL + 'bluesky__bskyr__f_timeline__0.json', 'utf8')) as { feed: Array<{ post: { uri: string } }> };
    expect(items).toHaveLength(new Set(raw.feed.map((entry) => entry.post.uri)).size);
    expect(items.filter((item) => item.externalId.endsWith('/3lpemxzni4l2m'))).toHaveLength(1);
    const reposted = items.find((item) => item.externalId.endsWith('/3lktjjvxvdk2g'))!;
    expect(reposted.author).toBe('chriskenny.bsky.social');
    // createdAt 20:20:50.590 is later than the AppView saw it (20:20:50.224): the earlier wins.
    expect(reposted.publishedAt).toBe('2025-03-20T20:20:50.224Z');
    // Microseconds in createdAt are read, and written back in milliseconds.
    expect(items[0]!.publishedAt).toBe('2025-05-19T17:24:22.643Z');
    expect(items[0]!.language).toBeNull();
  });

  it('a list feed: hashtags stay as written, counts come along', async () => {
    const { items } = await readReal('bluesky__bskyr__f_get_list_feed__0.json');
    expect(items).toHaveLength(10);
    const first = items[0]!;
    expect(first.author).toBe('oldergeeks.bsky.social');
    expect(first.text).toContain('#Markdown #Typesetting #Publishing');
    expect(first.html).toContain('https://bsky.app/hashtag/Markdown');
  });

  it('a repo record has only the DID for its author', async () => {
    const { items } = await readReal('bluesky__bskyr__r_getRecord__0.json');
    expect(items.map((item) => item.author)).toEqual(['did:plc:ic6zqvuw5ulmfpjiwnhsr2ns']);
    expect(items[0]!.url).toBe('https://bsky.app/profile/did:plc:ic6zqvuw5ulmfpjiwnhsr2ns/post/3k7qmjev5lr2s');
  });

  it('profiles, likes, reposters, handles and errors are refused in words', async () => {
    await expect(readReal('bluesky__bskyr__a_profile__0.json')).rejects.toThrow(/profiles/);
    await expect(readReal('bluesky__bskyr__f_postlikes__0.json')).rejects.toThrow(/liked/);
    await expect(readReal('bluesky__bskyr__f_reposts__0.json')).rejects.toThrow(/reposted/);
    await expect(readReal('bluesky__bskyr__i_resolveh__0.json')).rejects.toThrow(/did:plc:wpe35pganb6d4pg4ekmfy6u5/);
    await expect(readReal('bluesky__bskyr__r_post_errors__0.json')).rejects.toThrow(/must not be longer than 300 graphemes/);
  });

  it('recognizes feeds and firehose events, not Mastodon timelines', () => {
    expect(blueskyConnector.recognizes(realDoc('bluesky__bskyr__f_feedfeed__0.json'))).toBe(true);
    expect(blueskyConnector.recognizes(realDoc('bluesky__jetstream__golden_v1.jsonl'))).toBe(true);
    expect(blueskyConnector.recognizes(realDoc('bluesky__bskyr__a_profile__0.json'))).toBe(false);
    expect(blueskyConnector.recognizes(realDoc('mastodon__rtoot__get_timeline_hashtag_default__0.json'))).toBe(false);
  });
});

describe('Jetstream recordings', () => {
  const expectedFile = REAL + 'bluesky__jetstream__expected_v1.jsonl';
  const goldenFile = REAL + 'bluesky__jetstream__golden_v1.jsonl';

  it('expected_v1: the four created posts are items; likes, reposts, follows, the status update, the delete and identity are not', async () => {
    const { items } = await readReal('bluesky__jetstream__expected_v1.jsonl');
    expect(items.map(rkeyOf)).toEqual(['3mptbyo7dms2m', '3mptbyou7ls2i', '3mptbyproxc2q', '3mptbypqqok2f']);
    expect(items.map((item) => item.language)).toEqual(['en', 'tr', 'en', 'en']);
    // A post with no text says what it shares: the title and description of its link card.
    expect(items[2]!.text).toBe('Ariana Grande Crying: Acheimagra Stan Twitter — ALT: Ariana Grande Crying: Acheimagra Stan Twitter');
    expect(items[0]!.author).toBe('did:plc:d3blkgynnwi3rp7vak25pfe3');
    expect(items[0]!.publishedAt).toBe('2026-07-04T14:38:06.055Z');
  });

  it('expected_v1 filtered by a keyword: matches only, and the cursor is the largest time_us although events are out of order', () => {
    const events = lines(expectedFile);
    const times = events.map((line) => (JSON.parse(line) as { time_us: number }).time_us);
    const selection = selectJetstreamPosts(events, ['government'], null, new Date('2026-07-04T15:00:00Z'));
    expect(selection.matches.map((event) => event.commit?.rkey)).toEqual(['3mptbyo7dms2m', '3mptbyou7ls2i']);
    expect(selection.maxTimeUs).toBe(Math.max(...times));
    expect(selection.maxTimeUs).not.toBe(times[times.length - 1]);
    expect(selection.unreadable).toBe(0);
    // From a cursor after the first match, only the later one is new.
    expect(selectJetstreamPosts(events, ['government'], 1783175888160588, new Date()).matches.map((event) => event.commit?.rkey)).toEqual(['3mptbyou7ls2i']);
  });

  it('golden_v1: one post among ten events of every kind', () => {
    const events = lines(goldenFile);
    expect(events).toHaveLength(10);
    expect(selectJetstreamPosts(events, ['rsv'], null, new Date()).matches.map((event) => event.did)).toEqual(['did:plc:q235v55g5unth4zjjdpacfdr']);
    // "like" is a collection name in the file, not a word of any post.
    expect(selectJetstreamPosts(events, ['like'], null, new Date()).matches).toEqual([]);
  });
});

describe('post text, dates and keywords', () => {
  it('facets address UTF-8 bytes: emoji and accented letters before a link do not shift it', () => {
    const text = 'Café ☕ déjà vu: example.com/a… and more';
    const start = Buffer.byteLength('Café ☕ déjà vu: ');
    const end = start + Buffer.byteLength('example.com/a…');
    const rendered = renderPostText(text, [{ index: { byteStart: start, byteEnd: end }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/a/long?utm_medium=x' }] }]);
    expect(rendered.text).toBe('Café ☕ déjà vu: https://example.com/a/long and more');
  });

  it('facets outside the text or inside a character are ignored', () => {
    const text = 'é and 🎉';
    const rendered = renderPostText(text, [
      { index: { byteStart: 1, byteEnd: 2 }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://bad.example/' }] },
      { index: { byteStart: 4, byteEnd: 99 }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://bad.example/' }] },
    ]);
    expect(rendered.text).toBe('é and 🎉');
    expect(rendered.html).not.toContain('bad.example');
  });

  it('publishedAt is never in the future', () => {
    const now = new Date('2026-03-02T10:00:00Z');
    expect(publishedAt('2099-01-01T00:00:00Z', '2026-03-02T09:00:00Z', now)).toBe('2026-03-02T09:00:00.000Z');
    expect(publishedAt('2020-01-01T00:00:00Z', '2026-03-02T09:00:00Z', now)).toBe('2020-01-01T00:00:00.000Z');
    expect(publishedAt('2099-01-01T00:00:00Z', null, now)).toBeNull();
    expect(publishedAt('not a date', '2026-03-02T09:00:00Z', now)).toBe('2026-03-02T09:00:00.000Z');
  });

  it('keywords match whole words, case and accents folded', () => {
    const matches = createKeywordMatcher(['strike', 'café', 'port authority']);
    expect(matches('Ferry STRIKE over')).toBe(true);
    expect(matches('strikes me as odd')).toBe(false);
    expect(matches('Le cafe rouvre')).toBe(true);
    expect(matches('the Port  Authority said')).toBe(true);
    expect(matches('#strike!')).toBe(true);
  });
});

describe('bluesky poll against a local AppView and Jetstream', () => {
  let server: http.Server;
  let sockets: WebSocketServer;
  let origin: string;
  let wsOrigin: string;
  const requests: string[] = [];
  /** What the local firehose sends each connection, given the cursor it was asked for. */
  let firehose: (cursor: number | null) => string[];
  const connections: Array<{ url: string; closeCode: number | null; closed: Promise<void> }> = [];
  let route: (url: URL) => { status?: number; headers?: Record<string, string>; body: Buffer | string };

  const safeFetch = createSafeFetch({ allowPrivateAddresses: true });
  const connector = createBlueskyConnector({ openSocket: createSafeWebSocket({ allowPrivateAddresses: true }) });
  const now = new Date('2026-03-02T10:30:00Z');

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://local');
      requests.push(url.pathname + url.search);
      const answer = route(url);
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
      res.end(answer.body);
    });
    sockets = new WebSocketServer({ server, path: '/subscribe' });
    sockets.on('connection', (socket: WebSocket, request) => {
      const url = new URL(request.url ?? '/', 'http://local');
      const cursor = url.searchParams.get('cursor');
      const record = { url: url.pathname + url.search, closeCode: null as number | null, closed: Promise.resolve() };
      record.closed = new Promise<void>((resolve) =>
        socket.on('close', (code) => {
          record.closeCode = code;
          resolve();
        }),
      );
      connections.push(record);
      // The firehose never ends by itself: it sends what it has and stays open.
      for (const message of firehose(cursor === null ? null : Number(cursor))) socket.send(message);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    origin = `http://127.0.0.1:${port}`;
    wsOrigin = `ws://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    for (const client of sockets.clients) client.terminate();
    await new Promise<void>((resolve) => sockets.close(() => resolve()));
    await closeServer(server);
  });

  beforeEach(() => {
    requests.length = 0;
    connections.length = 0;
  });

  const poll = (options: unknown, cursor: unknown, using = connector): Promise<PollResult> =>
    using.poll({ options: blueskyOptionsSchema.parse(options), cursor, fetch: safeFetch, now, signal: new AbortController().signal });

  it('search: a first poll takes one page; the next asks since the watermark and returns only new posts', async () => {
    route = (url) => {
      if (url.pathname !== '/xrpc/app.bsky.feed.searchPosts') return { status: 404, body: '{"error":"NotFound"}' };
      return { body: url.searchParams.has('since') ? own('search-newer-page.json') : own('search-first-page.json') };
    };
    const options = { feed: 'search', query: 'ferry strike', service: origin };
    const first = await poll(options, null);
    expect(requests).toEqual(['/xrpc/app.bsky.feed.searchPosts?q=ferry+strike&sort=latest&limit=100']);
    expect(first.items.map(rkeyOf)).toEqual(['3mq2aaaaaaa2a', '3mq29zzzzzz2a', '3mq29yyyyyy2a']);
    const [french, future, photo] = first.items as [ConnectorItem, ConnectorItem, ConnectorItem];
    expect(french).toMatchObject({ author: 'quais.news', language: 'fr', engagement: { likes: 12, reposts: 5, replies: 2 }, publishedAt: '2026-03-02T09:30:00.000Z' });
    // The shortened link text becomes the canonical URL, after emoji and accents.
    expect(french.text).toBe('Grève au port 🚢 : la Société des Quais confirme. Détails : https://quai.example/greve-2026?id=7 #grève');
    expect(french.url).toBe('https://bsky.app/profile/quais.news/post/3mq2aaaaaaa2a');
    // Link text that is words, not a URL, stays as written; a createdAt in 2099 falls back to indexedAt.
    expect(future.text).toBe('Ferry strike called off — read the statement here');
    expect(future.html).toContain('href="https://harbour.example/statement"');
    expect(future.publishedAt).toBe('2026-03-02T09:20:00.000Z');
    expect(photo.text).toBe('Empty ferry terminal at dawn');
    expect(first.cursor).toEqual({ watermark: '2026-03-02T09:30:00.000Z', atWatermark: ['at://did:plc:quaisnews0000000000000a/app.bsky.feed.post/3mq2aaaaaaa2a@2026-03-02T09:30:00.000Z'] });

    requests.length = 0;
    const second = await poll(options, first.cursor);
    expect(requests).toEqual(['/xrpc/app.bsky.feed.searchPosts?q=ferry+strike&sort=latest&since=2026-03-02T09%3A30%3A00.000Z&limit=100']);
    expect(second.items.map(rkeyOf)).toEqual(['3mq2bbbbbbb2a']);
    expect((second.cursor as { watermark: string }).watermark).toBe('2026-03-02T10:02:00.000Z');
  });

  it('author feed: the repost is the reposted post, the pinned post does not stop paging', async () => {
    route = (url) => (url.pathname === '/xrpc/app.bsky.feed.getAuthorFeed' ? { body: own('author-feed.json') } : { status: 404, body: '{}' });
    const result = await poll({ feed: 'author', actor: '@harbourdesk.example', service: origin }, { watermark: '2026-03-02T09:25:00.000Z', atWatermark: [] });
    expect(requests[0]).toBe('/xrpc/app.bsky.feed.getAuthorFeed?actor=harbourdesk.example&filter=posts_no_replies&limit=100');
    // The repost (09:45) is new; the own post of 09:20 was seen; paging stopped there.
    expect(result.items.map((item) => item.author)).toEqual(['quais.news']);
    expect(requests).toHaveLength(1);
  });

  it('a 429 is a RateLimitedError; malformed JSON is an UnreadableDocumentError', async () => {
    route = () => ({ status: 429, headers: { 'retry-after': '30' }, body: '{"error":"RateLimitExceeded"}' });
    const limited = await poll({ feed: 'search', query: 'x', service: origin }, null).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(30_000);
    route = () => ({ body: '{"posts": [{"uri": "at://' });
    await expect(poll({ feed: 'search', query: 'x', service: origin }, null)).rejects.toBeInstanceOf(UnreadableDocumentError);
  });

  describe('Jetstream', () => {
    const events = () => lines(OWN + 'jetstream-events.jsonl');
    const options = (extra: object = {}) => ({ feed: 'jetstream', keywords: ['strike', 'café'], endpoint: `${wsOrigin}/subscribe`, service: origin, maxEvents: 8, ...extra });

    beforeEach(() => {
      route = (url) => (url.pathname === '/xrpc/app.bsky.actor.getProfiles' ? { body: own('profiles.json') } : { status: 404, body: '{}' });
    });

    it('keeps keyword matches only, ignores other records, resolves handles, and closes the socket after the bound', async () => {
      firehose = () => events();
      const result = await poll(options(), null);
      expect(connections).toHaveLength(1);
      expect(connections[0]!.url).toBe('/subscribe?wantedCollections=app.bsky.feed.post');
      await connections[0]!.closed;
      expect(connections[0]!.closeCode).toBe(1000);

      expect(result.items.map(rkeyOf)).toEqual(['3mq2jet000001', '3mq2jet000004', '3mq2jet000003']);
      expect(result.items.map((item) => item.author)).toEqual(['quais.news', 'did:plc:cafe000000000000000000000', 'harbourdesk.example']);
      expect(result.items[0]!.url).toBe('https://bsky.app/profile/quais.news/post/3mq2jet000001');
      // createdAt in 2099: the time Jetstream saw it instead.
      expect(result.items[1]!.publishedAt).toBe('2026-03-02T09:30:00.000Z');
      // The out-of-order event (T+50 after T+70) counts, and the cursor is the largest time seen.
      expect(result.cursor).toEqual({ timeUs: T + 90 });
      expect(requests).toEqual([
        '/xrpc/app.bsky.actor.getProfiles?actors=did%3Aplc%3Aquaisnews0000000000000a&actors=did%3Aplc%3Acafe000000000000000000000&actors=did%3Aplc%3Aharbourdesk000000000000b',
      ]);
    });

    it('stops at maxEvents: later events wait for the next poll', async () => {
      firehose = () => events();
      const result = await poll(options({ maxEvents: 3 }), null);
      await connections[0]!.closed;
      expect(connections[0]!.closeCode).toBe(1000);
      expect(result.items.map(rkeyOf)).toEqual(['3mq2jet000001']);
      expect(result.cursor).toEqual({ timeUs: T + 30 });
    });

    it('resumes from the cursor; events replayed at or before it are not returned again', async () => {
      const later = JSON.stringify({
        did: 'did:plc:harbourdesk000000000000b',
        time_us: T + 120,
        kind: 'commit',
        commit: { rev: 'r', operation: 'create', collection: 'app.bsky.feed.post', rkey: '3mq2jet000009', record: { $type: 'app.bsky.feed.post', text: 'Strike talks: next round on Monday', createdAt: '2026-03-02T09:31:00.000Z' } },
      });
      // Like Jetstream, replay every event from the cursor's time on, inclusive.
      firehose = (cursor) => [...events(), later].filter((line) => cursor === null || (JSON.parse(line) as { time_us: number }).time_us >= cursor);
      const result = await poll(options({ maxEvents: 2 }), { timeUs: T + 50 });
      expect(connections[0]!.url).toBe(`/subscribe?wantedCollections=app.bsky.feed.post&cursor=${T + 50}`);
      // Sent in order T+70, T+50: T+50 (at the cursor, seen last time) is skipped, T+70 is new;
      // the bound of 2 stops before the rest.
      expect(result.items.map(rkeyOf)).toEqual(['3mq2jet000004']);
      expect(result.cursor).toEqual({ timeUs: T + 70 });
      // The server replays from T+70: the T+50 event, seen in the last visit, is not sent again.
      const next = await poll(options({ maxSeconds: 0.3 }), result.cursor);
      expect(next.items.map(rkeyOf)).toEqual(['3mq2jet000009']);
      expect(next.items[0]!.author).toBe('harbourdesk.example');
      expect(next.cursor).toEqual({ timeUs: T + 120 });
    });

    it('stops after maxSeconds when the firehose is quiet', async () => {
      firehose = () => events().slice(0, 2);
      const result = await poll(options({ maxEvents: 1000, maxSeconds: 0.2 }), null);
      await connections[0]!.closed;
      expect(connections[0]!.closeCode).toBe(1000);
      expect(result.items.map(rkeyOf)).toEqual(['3mq2jet000001']);
      expect(result.cursor).toEqual({ timeUs: T + 20 });
    });

    it('the default connector refuses a loopback firehose', async () => {
      firehose = () => events();
      await expect(poll(options(), null, blueskyConnector)).rejects.toBeInstanceOf(BlockedAddressError);
      expect(connections).toHaveLength(0);
    });
  });
});
