import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorItem, PollResult, RawDocument } from '../../connectors/connector.js';
import { RateLimitedError, UnreadableDocumentError } from '../../connectors/connector-errors.js';
import { createSafeFetch, type SafeFetch } from '../../connectors/http/safe-fetch.js';
import { mastodonConnector } from '../../connectors/mastodon/mastodon-connector.js';
import { mastodonOptionsSchema } from '../../connectors/mastodon/mastodon-options.js';
import { compareIds } from '../../connectors/mastodon/mastodon-paging.js';
import { closeServer, listenOnLoopback } from '../support/local-server.js';

/** Our own fixtures, written for these tests. */
const OWN = fileURLToPath(new URL('../fixtures/mastodon/', import.meta.url));
/** Real recorded responses, read in place (never copied into the project). */
const REAL = fileURLToPath(new URL('../../../shared/data/fixtures/social/', import.meta.url));

const own = (name: string) => readFileSync(OWN + name);
const realDoc = (name: string): RawDocument => ({ body: readFileSync(REAL + name), contentType: null, url: null });
const readReal = (name: string) => mastodonConnector.read(realDoc(name));
const byId = (items: ConnectorItem[], suffix: string) => items.find((item) => item.externalId.endsWith(suffix));

describe('mastodon read: every recorded Mastodon file', () => {
  const files = readdirSync(REAL).filter((name) => name.startsWith('mastodon__') && !name.endsWith('_http_index.json'));

  it('covers the recorded files', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it.each(files)('%s is read or refused in words, never crashes', async (name) => {
    try {
      const { items } = await readReal(name);
      for (const item of items) {
        expect(item.externalId).toMatch(/^https?:\/\//);
        expect(item.text.length + (item.title?.length ?? 0)).toBeGreaterThan(0);
        expect(item.html ?? '').not.toMatch(/<script/i);
      }
    } catch (error) {
      expect(error).toBeInstanceOf(UnreadableDocumentError);
    }
  });

  it('a hashtag timeline: five statuses with author, canonical url, date, language and counts', async () => {
    const { items, warnings } = await readReal('mastodon__rtoot__get_timeline_hashtag_default__0.json');
    expect(items).toHaveLength(5);
    expect(warnings).toEqual([]);
    const first = items[0]!;
    expect(first.externalId).toBe('https://rstats.me/users/simonpcouch/statuses/114870142137562212');
    expect(first.author).toBe('simonpcouch@rstats.me');
    expect(first.url).toBe('https://rstats.me/@simonpcouch/114870142137562212');
    expect(first.publishedAt).toBe('2025-07-17T19:07:48.000Z');
    expect(first.language).toBe('en');
    expect(first.engagement).toEqual({ likes: 1, reposts: 0, replies: 0 });
    // The link's hidden "https://www." and tail spans read as one whole URL.
    expect(first.text).toContain('https://www.simonpcouch.com/blog/2025-07-17-claude-code-2/');
    expect(first.text).toContain('#rstats package documentation');
    expect(first.html).toContain('rel="noopener noreferrer nofollow"');
  });

  it('an account timeline: the reblog is unwrapped to the reblogged status and its author', async () => {
    const { items } = await readReal('mastodon__rtoot__get_account_statuses_limit__2.json');
    expect(items).toHaveLength(20);
    const reblogged = byId(items, '/statuses/112525606646148711');
    expect(reblogged).toBeDefined();
    expect(reblogged!.externalId).toBe('https://fosstodon.org/users/termehs/statuses/112525606646148711');
    expect(reblogged!.author).toBe('termehs@fosstodon.org');
    expect(reblogged!.url).toBe('https://fosstodon.org/@termehs/112525606646148711');
    expect(reblogged!.engagement).toEqual({ likes: 4, reposts: 1, replies: 0 });
    expect(reblogged!.text).toContain("I'll be giving my inaugural talk next week");
    // The reblog's own wrapper (an "/activity" URI with no content) is not an item.
    expect(items.some((item) => item.externalId.endsWith('/activity'))).toBe(false);
  });

  it('a public timeline keeps each status language', async () => {
    const { items } = await readReal('mastodon__rtoot__get_timeline_public_anonymous__0.json');
    expect(items).toHaveLength(20);
    expect(items.filter((item) => item.language === 'de')).toHaveLength(3);
    expect(items.filter((item) => item.language === 'fr')).toHaveLength(1);
  });

  it('an edited status keeps its id, and line breaks become spaces', async () => {
    const edited = await readReal('mastodon__tootsdk__post_edited.json');
    expect(edited.items).toHaveLength(1);
    expect(edited.items[0]!.externalId).toBe('https://example.com/users/technicat/statuses/112300188527054704');
    expect(edited.items[0]!.publishedAt).toBe('2024-04-19T22:14:48.415Z');
    expect(edited.items[0]!.text).toBe('listening to #UB40 https://example.com/albums/8513');

    const wordle = await readReal('mastodon__tootsdk__post_wordle_linebreaks.json');
    expect(wordle.items[0]!.text).toBe('Wordle 591 X/6* 🟨⬛🟩🟨⬛ 🟨⬛🟩⬛🟩 🟩🟩🟩⬛🟩 🟩🟩🟩⬛🟩 🟩🟩🟩⬛🟩 🟩🟩🟩⬛🟩');
    expect(wordle.items[0]!.author).toBe('tootsdk@iosdev.space');
    expect(wordle.items[0]!.language).toBeNull();
  });

  it('a thread context gives its ancestors and descendants', async () => {
    const { items } = await readReal('mastodon__rtoot__get_context_with_ancesters__0.json');
    expect(items.map((item) => item.externalId)).toEqual(['https://fosstodon.org/users/schochastics/statuses/114026814291152535']);
  });

  it('a recorded event stream is read; its direct message is left out as not public', async () => {
    const document = realDoc('mastodon__mastodonpy__test_stream_direct__6.sse.txt');
    expect(mastodonConnector.recognizes(document)).toBe(true);
    const { items, warnings } = await mastodonConnector.read(document);
    expect(items).toEqual([]);
    expect(warnings.join(' ')).toMatch(/1 of 1 statuses were not public/);
  });

  it('streaming events without statuses (delete, filters_changed) give no items', async () => {
    expect((await readReal('mastodon__tootsdk__streaming_delete.json')).items).toEqual([]);
    expect((await readReal('mastodon__tootsdk__streaming_filters_changed.json')).items).toEqual([]);
  });

  it('an empty page is no items; accounts, polls, tags and errors are refused in words', async () => {
    expect((await readReal('mastodon__mastodonpy__test_min_max_id__2.json')).items).toEqual([]);
    await expect(readReal('mastodon__rtoot__get_account_default__0.json')).rejects.toThrow(/an account \(@schochastics\)/);
    await expect(readReal('mastodon__rtoot__get_poll_default__0.json')).rejects.toThrow(/a poll/);
    await expect(readReal('mastodon__tootsdk__tag.json')).rejects.toThrow(/a hashtag \(#tootsdk\)/);
    await expect(readReal('mastodon__rtoot__post_toot_default__0.json')).rejects.toThrow(/The access token is invalid/);
    await expect(readReal('mastodon__http_index.json')).rejects.toBeInstanceOf(UnreadableDocumentError);
  });

  it('recognizes timelines but not accounts or other platforms', () => {
    expect(mastodonConnector.recognizes(realDoc('mastodon__rtoot__get_timeline_hashtag_default__0.json'))).toBe(true);
    expect(mastodonConnector.recognizes(realDoc('mastodon__rtoot__get_account_default__0.json'))).toBe(false);
    expect(mastodonConnector.recognizes(realDoc('bluesky__bskyr__f_timeline__0.json'))).toBe(false);
  });
});

describe('mastodon read: our own streaming payloads', () => {
  it('server-sent events: updates read, the edit replaces the first version, the direct message is left out', async () => {
    const { items, warnings } = await mastodonConnector.read({ body: own('stream-public.sse.txt'), contentType: 'text/event-stream', url: null });
    expect(items).toHaveLength(1);
    expect(items[0]!.externalId).toBe('https://harbour.social/users/noor/statuses/110000000000000120');
    expect(items[0]!.text).toBe('Harbour master: berths 2, 3 and 5 reopen at 14:00.');
    expect(items[0]!.publishedAt).toBe('2026-03-02T10:00:00.000Z');
    expect(warnings.join(' ')).toMatch(/not public/);
  });

  it('a websocket event whose payload is JSON inside a string', async () => {
    const status = JSON.parse(own('tag-newer-page-2.json').toString('utf8'))[0];
    const event = { stream: ['hashtag', 'harbour'], event: 'update', payload: JSON.stringify(status) };
    const { items } = await mastodonConnector.read({ body: Buffer.from(JSON.stringify(event)), contentType: null, url: null });
    expect(items.map((item) => item.text)).toEqual(['Update: the first ferry has left the quay. #harbour']);
  });
});

describe('compareIds', () => {
  it('orders snowflake ids by number, not text', () => {
    expect(compareIds('110000000000000108', '99999999999999999')).toBeGreaterThan(0);
    expect(compareIds('110000000000000107', '110000000000000108')).toBeLessThan(0);
    expect(compareIds('AbC', 'AbC')).toBe(0);
  });
});

interface Route {
  status?: number;
  headers?: Record<string, string>;
  body: Buffer | string;
}

describe('mastodon poll against a local instance', () => {
  let server: http.Server;
  let origin: string;
  let safeFetch: SafeFetch;
  const seen: string[] = [];
  /** Routes by path and query, so each page of the paging is one entry. */
  let route: (url: URL) => Route;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://local');
      seen.push(url.pathname + url.search);
      const answer = route(url);
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
      res.end(answer.body);
    });
    origin = await listenOnLoopback(server);
    safeFetch = createSafeFetch({ allowPrivateAddresses: true });
  });

  afterAll(async () => {
    await closeServer(server);
  });

  beforeEach(() => {
    seen.length = 0;
  });

  const tagTimeline = (url: URL): Route => {
    const minId = url.searchParams.get('min_id');
    const page = (query: string) => `<${origin}/api/v1/timelines/tag/harbour?limit=2&local=false&${query}>`;
    if (minId === null) {
      return { headers: { link: `${page('max_id=110000000000000102')}; rel="next", ${page('min_id=110000000000000104')}; rel="prev"` }, body: own('tag-first-page.json') };
    }
    if (minId === '110000000000000104') {
      return { headers: { link: `${page('max_id=110000000000000106')}; rel="next", ${page('min_id=110000000000000107')}; rel="prev"` }, body: own('tag-newer-page-1.json') };
    }
    if (minId === '110000000000000107') {
      return { headers: { link: `${page('max_id=110000000000000108')}; rel="next", ${page('min_id=110000000000000108')}; rel="prev"` }, body: own('tag-newer-page-2.json') };
    }
    return { body: '[]' };
  };

  const poll = (options: unknown, cursor: unknown): Promise<PollResult> =>
    mastodonConnector.poll({
      options: mastodonOptionsSchema.parse(options),
      cursor,
      fetch: safeFetch,
      now: new Date('2026-03-02T10:00:00Z'),
      signal: new AbortController().signal,
    });

  it('pages forward with min_id through the Link header and returns only new statuses', async () => {
    route = tagTimeline;
    const options = { timeline: 'hashtag', instance: origin, hashtag: '#harbour', limit: 2 };

    const first = await poll(options, null);
    // A first poll takes one page; the reblog is the reblogged status.
    expect(seen).toEqual(['/api/v1/timelines/tag/harbour?local=false&limit=2']);
    expect(first.items.map((item) => item.externalId)).toEqual([
      'https://other.example/users/kai/statuses/110000000000000555',
      'https://harbour.social/users/noor/statuses/110000000000000102',
    ]);
    expect(first.items[0]!.author).toBe('kai@other.example');
    expect(first.items[0]!.engagement).toEqual({ likes: 31, reposts: 9, replies: 4 });
    expect(first.items[1]!.url).toBe('https://harbour.social/@noor/110000000000000102');
    // The hidden "https://" span reads as part of the link; the text says what the post said.
    expect(first.items[1]!.text).toBe('Cranes idle at pier 4 this morning. #harbour https://news.example/pier-4?utm_source=mastodon');
    // The cursor is the newest timeline entry: the reblog's own id, which is how the server pages.
    expect(first.cursor).toEqual({ newestId: '110000000000000104' });

    seen.length = 0;
    const second = await poll(options, first.cursor);
    expect(seen).toEqual([
      '/api/v1/timelines/tag/harbour?local=false&limit=2&min_id=110000000000000104',
      '/api/v1/timelines/tag/harbour?limit=2&local=false&min_id=110000000000000107',
    ]);
    expect(second.items.map((item) => item.externalId.split('/').pop())).toEqual(['110000000000000107', '110000000000000106', '110000000000000108']);
    const french = second.items[1]!;
    expect(french).toMatchObject({ author: 'lea@quai.example', language: 'fr', publishedAt: '2026-03-02T08:58:00.000Z' });
    expect(french.text).toBe('Grève annulée au port : les ferries reprennent à 10 h. #harbour');
    expect(second.items[0]!.text).toBe("Dockworkers' union statement expected at noon #harbour");
    expect(second.items[0]!.html).not.toMatch(/script/);
    expect(second.cursor).toEqual({ newestId: '110000000000000108' });

    const third = await poll(options, second.cursor);
    expect(third.items).toEqual([]);
    expect(third.cursor).toEqual({ newestId: '110000000000000108' });
  });

  it('never follows a Link header to another origin', async () => {
    route = (url) => {
      if (url.searchParams.get('min_id') === '1') {
        return { headers: { link: '<https://elsewhere.example/api/v1/timelines/public?min_id=3>; rel="prev"' }, body: own('tag-newer-page-1.json') };
      }
      return { body: '[]' };
    };
    await poll({ timeline: 'public', instance: origin, limit: 2 }, { newestId: '1' });
    // It asks its own instance again, from the newest id it saw.
    expect(seen).toEqual(['/api/v1/timelines/public?local=false&limit=2&min_id=1', '/api/v1/timelines/public?local=false&limit=2&min_id=110000000000000107']);
  });

  it('resolves an @handle once and keeps the account id in the cursor; followers-only statuses are left out', async () => {
    route = (url) => {
      if (url.pathname === '/api/v1/accounts/lookup') return url.searchParams.get('acct') === 'kai@other.example' ? { body: '{"id":"4242","acct":"kai@other.example"}' } : { status: 404, body: '{"error":"Record not found"}' };
      if (url.pathname === '/api/v1/accounts/4242/statuses') return { body: url.searchParams.has('min_id') ? '[]' : own('account-statuses.json') };
      return { status: 404, body: '{"error":"Not found"}' };
    };
    const options = { timeline: 'account', instance: origin, account: '@kai@other.example' };
    const first = await poll(options, null);
    expect(first.items.map((item) => item.text)).toEqual(['Tide tables for the week are up.']);
    expect(first.warnings?.join(' ')).toMatch(/not public/);
    expect(first.cursor).toEqual({ newestId: '110000000000000301', account: '@kai@other.example', accountId: '4242' });

    seen.length = 0;
    await poll(options, first.cursor);
    expect(seen).toEqual(['/api/v1/accounts/4242/statuses?limit=40&min_id=110000000000000301']);

    await expect(poll({ timeline: 'account', instance: origin, account: 'nobody' }, null)).rejects.toThrow(/knows no account @nobody/);
  });

  it('a 429 with Retry-After is a RateLimitedError with that wait', async () => {
    route = () => ({ status: 429, headers: { 'retry-after': '120', 'x-ratelimit-remaining': '0' }, body: '{"error":"Too many requests"}' });
    const error = await poll({ timeline: 'public', instance: origin, local: true }, null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(120_000);
  });

  it('malformed JSON is an UnreadableDocumentError', async () => {
    route = () => ({ body: '[{"id": "110000000000000107", "content": "<p>cut off' });
    await expect(poll({ timeline: 'hashtag', instance: origin, hashtag: 'harbour' }, null)).rejects.toBeInstanceOf(UnreadableDocumentError);
  });
});

describe('mastodon options as people write them', () => {
  it('reads `--instance mastodon.social --tag climate` as the hashtag timeline of https://mastodon.social', () => {
    expect(mastodonOptionsSchema.parse({ instance: 'mastodon.social', tag: '#climate' })).toMatchObject({
      timeline: 'hashtag',
      instance: 'https://mastodon.social',
      hashtag: 'climate',
    });
    expect(mastodonOptionsSchema.parse({ instance: 'https://fosstodon.org', account: '@alice' })).toMatchObject({ timeline: 'account', account: '@alice' });
  });

  it('still says what is missing when neither a tag, an account nor a timeline is given', () => {
    const result = mastodonOptionsSchema.safeParse({ instance: 'mastodon.social' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['timeline']);
  });
});
