import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorItem, PollResult, RawDocument } from '../../connectors/connector.js';
import { HttpStatusError, RateLimitedError, UnreadableDocumentError } from '../../connectors/connector-errors.js';
import { hackernewsConnector } from '../../connectors/hackernews/hackernews-connector.js';
import type { ListCursor, SearchCursor } from '../../connectors/hackernews/hackernews-cursor.js';
import { hackernewsOptionsSchema } from '../../connectors/hackernews/hackernews-options.js';
import { createSafeFetch, FetchError, type SafeFetch } from '../../connectors/http/safe-fetch.js';
import { closeServer, listenOnLoopback } from '../support/local-server.js';

/** Our own fixtures, written for these tests. */
const OWN = fileURLToPath(new URL('../fixtures/hackernews/', import.meta.url));
/** Real recorded responses, read in place (never copied into the project). */
const SOCIAL = fileURLToPath(new URL('../../../shared/data/fixtures/social/', import.meta.url));

const own = (name: string) => readFileSync(OWN + name);
const real = (name: string): RawDocument => ({ body: readFileSync(SOCIAL + name), contentType: 'application/json; charset=utf-8', url: null });
const ownDocument = (name: string): RawDocument => ({ body: own(name), contentType: 'application/json', url: null });

const NOW = new Date('2024-06-11T09:00:00Z');

interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body: Buffer | string;
  /** Held back this long, so that requests overlap and the concurrency bound shows. */
  holdMs?: number;
}

type Handler = (path: string, query: URLSearchParams) => Answer | 'hang';

const json = (body: Buffer | string): Answer => ({ headers: { 'content-type': 'application/json; charset=utf-8' }, body });
const notFound: Answer = { status: 404, headers: { 'content-type': 'application/json' }, body: '{"error": "not found"}' };

let server: http.Server;
let origin: string;
let safeFetch: SafeFetch;
let handler: Handler;
const requests: { path: string; query: URLSearchParams }[] = [];
let inFlight = 0;
let mostInFlight = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    requests.push({ path: url.pathname, query: url.searchParams });
    const answer = handler(url.pathname, url.searchParams);
    if (answer === 'hang') return;
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      res.writeHead(answer.status ?? 200, answer.headers ?? {});
      res.end(answer.body);
    }, answer.holdMs ?? 0);
  });
  origin = await listenOnLoopback(server);
  safeFetch = createSafeFetch({ allowPrivateAddresses: true });
});

afterAll(async () => {
  await closeServer(server);
});

beforeEach(() => {
  requests.length = 0;
  mostInFlight = 0;
  handler = () => notFound;
});

/** A Firebase stand-in: one list, and the items we wrote (Firebase answers null for any other id). */
function firebase(listFile: string, list = 'newstories', holdMs = 0): Handler {
  return (path) => {
    if (path === `/v0/${list}.json`) return json(own(listFile));
    const item = /^\/v0\/item\/(\d+)\.json$/.exec(path);
    if (!item) return notFound;
    let body: Buffer;
    try {
      body = own(`item-${item[1]}.json`);
    } catch {
      body = Buffer.from('null');
    }
    return { ...json(body), holdMs };
  };
}

function listOptions(extra: Record<string, unknown> = {}) {
  return hackernewsOptionsSchema.parse({ baseUrl: `${origin}/v0`, ...extra });
}

function searchOptions(extra: Record<string, unknown> = {}) {
  return hackernewsOptionsSchema.parse({ query: 'crane', baseUrl: `${origin}/api/v1`, ...extra });
}

function poll(options: ReturnType<typeof listOptions>, cursor: unknown = null, fetch: SafeFetch = safeFetch): Promise<PollResult> {
  return hackernewsConnector.poll({ options, cursor, fetch, now: NOW, signal: new AbortController().signal });
}

const ids = (items: ConnectorItem[]) => items.map((item) => item.externalId);
const itemRequests = () => requests.filter((r) => r.path.startsWith('/v0/item/')).map((r) => r.path.replace(/^\/v0\/item\/(\d+)\.json$/, '$1')).sort();

function only<T>(values: readonly T[], index: number): T {
  const value = values[index];
  if (value === undefined) throw new Error(`no element ${index} among ${values.length}`);
  return value;
}

function byId(items: ConnectorItem[], id: string): ConnectorItem {
  const item = items.find((i) => i.externalId === id);
  if (!item) throw new Error(`no item ${id} among ${ids(items).join(', ')}`);
  return item;
}

describe('hackernewsConnector options', () => {
  it('follows the new list by default, 30 items a poll', () => {
    expect(hackernewsOptionsSchema.parse({})).toEqual({ tags: 'story', maxItems: 30, concurrency: 6 });
  });

  it('refuses a list and a query together, and an unknown list, saying why', () => {
    const both = hackernewsOptionsSchema.safeParse({ list: 'top', query: 'crane' });
    expect(both.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['query', 'give either a list to follow or a search query, not both']]);
    expect(hackernewsOptionsSchema.safeParse({ list: 'ask' }).error?.issues[0]?.message).toBe('list must be one of new, top, best');
    expect(hackernewsOptionsSchema.safeParse({ maxItems: 0 }).error?.issues[0]?.message).toBe('maxItems must be at least 1');
    expect(hackernewsOptionsSchema.safeParse({ tags: 'story; drop' }).error?.issues[0]?.path).toEqual(['tags']);
  });
});

describe('hackernewsConnector.read on recorded HN answers', () => {
  const files = readdirSync(SOCIAL).filter((name) => name.startsWith('hn__'));

  it.each(files)('%s is read or refused as unreadable, never crashing', async (name) => {
    try {
      const { items } = await hackernewsConnector.read(real(name));
      for (const item of items) {
        expect(item.externalId).toMatch(/^\d+$/);
        expect(item.url).toMatch(/^https?:\/\//);
        expect(item.text).not.toMatch(/<[a-z]/i);
      }
    } catch (error) {
      expect(error).toBeInstanceOf(UnreadableDocumentError);
    }
  });

  it('reads an Ask HN story: HTML text to plain text and sanitized HTML, its own page as the link', async () => {
    const { items, warnings } = await hackernewsConnector.read(real('hn__official-readme__item_121003.json'));
    expect(warnings).toEqual([]);
    expect(items).toHaveLength(1);
    const item = only(items, 0);
    expect(item).toMatchObject({
      externalId: '121003',
      author: 'tel',
      title: 'Ask HN: The Arc Effect',
      url: 'https://news.ycombinator.com/item?id=121003',
      publishedAt: '2008-02-22T02:33:40.000Z',
      engagement: { score: 25, replies: 16 },
    });
    expect(item.text).toMatch(/^or HN: the Next Iteration I get the impression that with Arc being released/);
    expect(item.html).toMatch(/^<i>or<\/i> HN: the Next Iteration<p>I get the impression/);
  });

  it('decodes entities in story text', async () => {
    const { items } = await hackernewsConnector.read(real('hn__topnews__single_story__0.json'));
    expect(only(items, 0)).toMatchObject({
      externalId: '16509323',
      author: 'refrigerator',
      text: 'A lot of people are happy to pay $10/month for https://www.stratechery.com. Interested to see who else out there has loyal readerships willing to pay them!',
      engagement: { score: 20, replies: 29 },
    });
  });

  it('reads a comment: no title, its page as the link, no score', async () => {
    const { items } = await hackernewsConnector.read(real('hn__official-readme__item_2921983.json'));
    expect(items).toEqual([
      {
        externalId: '2921983',
        author: 'norvig',
        title: null,
        text: "Aw shucks, guys ... you make me blush with your compliments. Tell you what, Ill make a deal: I'll keep writing if you keep reading. K?",
        html: "Aw shucks, guys ... you make me blush with your compliments.<p>Tell you what, Ill make a deal: I'll keep writing if you keep reading. K?</p>",
        url: 'https://news.ycombinator.com/item?id=2921983',
        publishedAt: '2011-08-24T18:38:47.000Z',
        language: null,
        engagement: {},
      },
    ]);
  });

  it('skips a null item and poll options with a warning', async () => {
    expect(await hackernewsConnector.read(real('hn__hackernewsclient__item-0.json'))).toEqual({
      items: [],
      warnings: ['1 id that answered null (no such item, or not yet visible) skipped'],
    });
    for (const name of ['hn__hackernewsclient__item-126810.json', 'hn__official-readme__item_160705.json']) {
      expect(await hackernewsConnector.read(real(name))).toEqual({ items: [], warnings: ['1 poll option (not a post) skipped'] });
    }
  });

  it('reads an id list and the max item id as no items and no warning', async () => {
    expect(await hackernewsConnector.read(real('hn__topnews__hacker_news__0.json'))).toEqual({ items: [], warnings: [] });
    expect(await hackernewsConnector.read(real('hn__official-readme__maxitem.json'))).toEqual({ items: [], warnings: [] });
  });

  it('refuses a user profile, saying what it is', async () => {
    await expect(hackernewsConnector.read(real('hn__official-readme__user_jl.json'))).rejects.toThrow('a Hacker News user profile, not an item');
  });

  it('reads a page of 1,000 Algolia hits, text posts linking to their HN page', async () => {
    const { items, warnings } = await hackernewsConnector.read(real('hn__harmonic__algolia_hn_last_week_top1000.json'));
    expect(warnings).toEqual([]);
    expect(items).toHaveLength(1000);
    expect(new Set(ids(items)).size).toBe(1000);
    expect(only(items, 0)).toEqual({
      externalId: '49303202',
      author: 'DemiGuru',
      title: 'Firefox is now the last major browser that still supports uBlock Origin',
      text: '',
      html: null,
      url: 'https://www.pcworld.com/article/3212428/firefox-is-now-the-last-major-browser-that-still-supports-ublock-origin.html',
      publishedAt: '2026-08-14T19:03:20.000Z',
      language: null,
      engagement: { score: 1736, replies: 711 },
    });
    expect(items.filter((item) => item.url?.startsWith('https://news.ycombinator.com/item?id='))).toHaveLength(21);
    expect(items.filter((item) => item.text !== '')).toHaveLength(67);
    expect(byId(items, '49308059')).toMatchObject({
      title: 'Ask HN: How do you keep up with HN these days?',
      url: 'https://news.ycombinator.com/item?id=49308059',
      engagement: { score: 89, replies: 145 },
    });
    // Titles are plain text: angle brackets and ampersands in them are words, not markup.
    expect(byId(items, '49289585').title).toBe('Solid 2.0 RC: The Big <Reveal>');
    expect(byId(items, '49309794').title).toBe('Europe is stuck between "rock and a hard place" on launch costs & rocket reuse');
    expect(byId(items, '49308059').text).toMatch(/^In the last 2-3 years, mostly because of AI, keeping up with interesting articles on HN has become harder and harder\. How do you deal with it\?/);
  });

  it('recognizes items, id lists, user profiles and Algolia pages, not other JSON', () => {
    for (const name of ['hn__official-readme__item_121003.json', 'hn__topnews__hacker_news__0.json', 'hn__harmonic__algolia_hn_last_week_top1000.json', 'hn__official-readme__user_jl.json', 'hn__hackernewsclient__item-126810.json']) {
      expect([name, hackernewsConnector.recognizes(real(name))]).toEqual([name, true]);
    }
    for (const name of ['reddit__praw__TestSubredditListings.test_new__1.json', 'mastodon__rtoot__get_timeline_public_anonymous__0.json', 'hn__topnews__http_index.json']) {
      expect([name, hackernewsConnector.recognizes(real(name))]).toEqual([name, false]);
    }
  });
});

describe('hackernewsConnector.read on our own items', () => {
  it('sanitizes an Ask HN text: no script, links kept and made safe, entities decoded in the plain text', async () => {
    const { items } = await hackernewsConnector.read(ownDocument('item-40000102.json'));
    const item = only(items, 0);
    expect(item.text).toBe('Our port runs on a 1998 SCADA box. What do you use to monitor cranes? Details: https://wiki.example/scada Thanks & cheers');
    expect(item.html).toBe(
      'Our port runs on a 1998 SCADA box. What do you use to monitor cranes?<p>Details: <a href="https://wiki.example/scada" rel="noopener noreferrer nofollow" target="_blank">https://wiki.example/scada</a></p><p>Thanks &amp; cheers</p>',
    );
  });

  it('removes tracking parameters from a story link, and reads an id given as a string', async () => {
    expect(only((await hackernewsConnector.read(ownDocument('item-40000101.json'))).items, 0).url).toBe('https://news.example/cranes?id=9');
    expect(ids((await hackernewsConnector.read(ownDocument('item-40000108.json'))).items)).toEqual(['40000108']);
  });

  it('skips deleted and dead items with a warning each', async () => {
    expect((await hackernewsConnector.read(ownDocument('item-40000103.json'))).warnings).toEqual(['1 deleted item skipped']);
    expect((await hackernewsConnector.read(ownDocument('item-40000106.json'))).warnings).toEqual(['1 dead (flagged or killed) item skipped']);
  });
});

describe('hackernewsConnector.poll on a Firebase list', () => {
  it('fetches the list, then each item, skipping null, deleted and dead ones', async () => {
    handler = firebase('newstories-first.json');
    const { items, cursor, warnings } = await poll(listOptions());
    expect(ids(items)).toEqual(['40000105', '40000102', '40000101']);
    expect(warnings).toEqual(['1 id that answered null (no such item, or not yet visible) skipped', '1 deleted item skipped']);
    expect(itemRequests()).toEqual(['40000101', '40000102', '40000103', '40000104', '40000105']);
    expect(cursor).toEqual({ list: 'new', highestId: 40000105, seen: [] } satisfies ListCursor);
    expect(byId(items, '40000105')).toMatchObject({ title: 'Harbour Logistics (YC S21) is hiring a backend engineer', url: 'https://news.ycombinator.com/item?id=40000105', engagement: { score: 1 } });
  });

  it('fetches only the items newer than the last poll, with ids given as strings or numbers', async () => {
    handler = firebase('newstories-first.json');
    const first = await poll(listOptions());
    requests.length = 0;
    handler = firebase('newstories-second.json');
    const second = await poll(listOptions(), first.cursor);
    expect(itemRequests()).toEqual(['40000106', '40000107', '40000108']);
    expect(ids(second.items)).toEqual(['40000107', '40000108']);
    expect(second.warnings).toEqual(['1 dead (flagged or killed) item skipped']);
    expect((second.cursor as ListCursor).highestId).toBe(40000108);

    requests.length = 0;
    const third = await poll(listOptions(), second.cursor);
    expect(third.items).toEqual([]);
    expect(itemRequests()).toEqual([]);
  });

  it('takes at most maxItems, oldest first, and leaves the rest for the next poll', async () => {
    handler = firebase('newstories-first.json');
    const first = await poll(listOptions());
    handler = firebase('newstories-second.json');
    requests.length = 0;
    const second = await poll(listOptions({ maxItems: 2 }), first.cursor);
    expect(itemRequests()).toEqual(['40000106', '40000107']);
    expect(second.warnings).toContain('1 newer story waits for the next poll (at most 2 per poll)');
    requests.length = 0;
    const third = await poll(listOptions({ maxItems: 2 }), second.cursor);
    expect(itemRequests()).toEqual(['40000108']);
    expect(ids(third.items)).toEqual(['40000108']);
  });

  it('starts a new source from the newest maxItems of the list', async () => {
    handler = firebase('newstories-second.json');
    const { items } = await poll(listOptions({ maxItems: 3 }));
    expect(itemRequests()).toEqual(['40000106', '40000107', '40000108']);
    expect(ids(items)).toEqual(['40000108', '40000107']);
  });

  it('keeps no more than `concurrency` item requests in flight', async () => {
    handler = firebase('newstories-second.json', 'newstories', 30);
    await poll(listOptions({ concurrency: 2 }));
    expect(itemRequests()).toHaveLength(8);
    expect(mostInFlight).toBeLessThanOrEqual(2);
  });

  it('follows a ranking by the ids it has met, looking only at the front maxItems', async () => {
    handler = firebase('topstories.json', 'topstories');
    const first = await poll(listOptions({ list: 'top', maxItems: 3 }));
    expect(ids(first.items)).toEqual(['40000107', '40000101', '40000105']);
    expect((first.cursor as ListCursor).seen).toEqual([40000107, 40000101, 40000105]);
    requests.length = 0;
    const second = await poll(listOptions({ list: 'top', maxItems: 4 }), first.cursor);
    // 40000099 has entered the front four: Firebase answers null for it here.
    expect(itemRequests()).toEqual(['40000099']);
    expect(second.items).toEqual([]);
  });

  it('starts afresh when the list changes', async () => {
    handler = firebase('topstories.json', 'topstories');
    const cursor: ListCursor = { list: 'new', highestId: 40000200, seen: [] };
    const { items } = await poll(listOptions({ list: 'top', maxItems: 2 }), cursor);
    expect(ids(items)).toEqual(['40000107', '40000101']);
  });
});

describe('hackernewsConnector.poll on a search', () => {
  function algolia(file: string): Handler {
    return (path) => (path === '/api/v1/search_by_date' ? json(own(file)) : notFound);
  }

  it('asks for the newest matches and reads them', async () => {
    handler = algolia('search-crane-first.json');
    const { items, cursor, warnings } = await poll(searchOptions());
    expect(Object.fromEntries(only(requests, 0).query)).toEqual({ query: 'crane', tags: 'story', hitsPerPage: '30' });
    expect(ids(items)).toEqual(['40000107', '40000102', '40000101']);
    expect(warnings).toEqual([]);
    expect(cursor).toEqual({ query: 'crane', tags: 'story', since: 1718096000, idsAtSince: [40000107] } satisfies SearchCursor);
    expect(byId(items, '40000102')).toMatchObject({ url: 'https://news.ycombinator.com/item?id=40000102', text: 'Our port runs on a 1998 SCADA box. What do you use?' });
    expect(byId(items, '40000101')).toMatchObject({ url: 'https://news.example/cranes?id=9', engagement: { score: 118, replies: 42 }, publishedAt: '2024-06-11T07:13:20.000Z' });
  });

  it('filters the next poll on the newest time read and drops the hits of that second it already has', async () => {
    handler = algolia('search-crane-first.json');
    const first = await poll(searchOptions());
    requests.length = 0;
    handler = algolia('search-crane-second.json');
    const second = await poll(searchOptions(), first.cursor);
    expect(only(requests, 0).query.get('numericFilters')).toBe('created_at_i>=1718096000');
    expect(ids(second.items)).toEqual(['40000112', '40000111']);
    expect(second.warnings).toEqual(['1 hit without a readable objectID ignored']);
    expect(second.cursor).toEqual({ query: 'crane', tags: 'story', since: 1718097000, idsAtSince: [40000112] } satisfies SearchCursor);
  });

  it('says when more matches arrived than one poll reads', async () => {
    handler = (path) => (path === '/api/v1/search_by_date' ? json(JSON.stringify({ ...JSON.parse(own('search-crane-first.json').toString()), nbHits: 12 })) : notFound);
    const since: SearchCursor = { query: 'crane', tags: 'story', since: 1718000000, idsAtSince: [] };
    const { warnings } = await poll(searchOptions({ maxItems: 3 }), since);
    expect(warnings).toEqual(['9 older matches were not read (at most 3 per poll)']);
  });
});

describe('hackernewsConnector.poll when the API misbehaves', () => {
  it('turns a 429 into RateLimitedError with the wait asked for', async () => {
    handler = () => ({ status: 429, headers: { 'retry-after': '30' }, body: '' });
    const error = await poll(searchOptions()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(30_000);
  });

  it('turns a 500 on an item into HttpStatusError for the whole poll', async () => {
    const items = firebase('newstories-first.json');
    handler = (path, query) => (path === '/v0/item/40000102.json' ? { status: 500, body: 'Internal Server Error' } : items(path, query));
    const error = await poll(listOptions()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(500);
    expect((error as Error).message).toBe('Hacker News answered HTTP 500: the platform is having trouble; Tidewatch will try again');
  });

  it('turns an id list cut short into UnreadableDocumentError', async () => {
    handler = (path) => (path === '/v0/newstories.json' ? json(own('truncated-ids.json')) : notFound);
    const error = await poll(listOptions()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableDocumentError);
    expect((error as Error).message).toMatch(/^Hacker News is not valid JSON: /);
  });

  it('refuses a list answer that is not a list of ids', async () => {
    handler = (path) => (path === '/v0/newstories.json' ? json('{"by": "pg", "id": 1, "type": "story"}') : notFound);
    await expect(poll(listOptions())).rejects.toThrow('newstories.json answered something other than a list of ids');
  });

  it('gives up on a server slower than the fetch timeout with a clear error', async () => {
    handler = () => 'hang';
    const impatient = createSafeFetch({ allowPrivateAddresses: true, timeoutMs: 300 });
    const error = await poll(listOptions(), null, impatient).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as Error).message).toMatch(/^no (complete )?answer within 300 ms$/);
  });
});
