import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorItem, PollResult, RawDocument } from '../../connectors/connector.js';
import { HttpStatusError, RateLimitedError, UnreadableDocumentError } from '../../connectors/connector-errors.js';
import { createSafeFetch, FetchError, type SafeFetch } from '../../connectors/http/safe-fetch.js';
import { redditConnector } from '../../connectors/reddit/reddit-connector.js';
import type { RedditCursor } from '../../connectors/reddit/reddit-cursor.js';
import { redditOptionsSchema } from '../../connectors/reddit/reddit-options.js';
import { closeServer, listenOnLoopback } from '../support/local-server.js';

/** Our own fixtures, written for these tests. */
const OWN = fileURLToPath(new URL('../fixtures/reddit/', import.meta.url));
/** Real recorded responses, read in place (never copied into the project). */
const SOCIAL = fileURLToPath(new URL('../../../shared/data/fixtures/social/', import.meta.url));

const own = (name: string) => readFileSync(OWN + name);
const real = (name: string): RawDocument => ({ body: readFileSync(SOCIAL + name), contentType: 'application/json; charset=UTF-8', url: null });

const NOW = new Date('2024-06-11T09:00:00Z');
const CLIENT_ID = 'harbour-app';
const CLIENT_SECRET = 's3cret';

interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body: Buffer | string;
}

interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  userAgent: string | undefined;
  body: string;
}

type Handler = (request: SeenRequest) => Answer | 'hang';

const json = (body: Buffer | string, headers: Record<string, string> = {}): Answer => ({ headers: { 'content-type': 'application/json; charset=UTF-8', ...headers }, body });
const notFound: Answer = { status: 404, headers: { 'content-type': 'application/json' }, body: '{"message": "Not Found", "error": 404}' };

let server: http.Server;
let origin: string;
let safeFetch: SafeFetch;
let handler: Handler;
const seen: SeenRequest[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://local');
      const request: SeenRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        authorization: req.headers.authorization,
        userAgent: req.headers['user-agent'],
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(request);
      const answer = handler(request);
      if (answer === 'hang') return; // never answers: the fetch timeout has to end it
      res.writeHead(answer.status ?? 200, answer.headers ?? {});
      res.end(answer.body);
    });
  });
  origin = await listenOnLoopback(server);
  safeFetch = createSafeFetch({ allowPrivateAddresses: true });
});

afterAll(async () => {
  await closeServer(server);
});

beforeEach(() => {
  seen.length = 0;
  handler = () => notFound;
});

function options(extra: Record<string, unknown> = {}) {
  return redditOptionsSchema.parse({ subreddit: 'harbourtown', baseUrl: origin, oauthBaseUrl: `${origin}/oauth`, ...extra });
}

function poll(opts: ReturnType<typeof options>, cursor: unknown = null, fetch: SafeFetch = safeFetch, now: Date = NOW): Promise<PollResult> {
  return redditConnector.poll({ options: opts, cursor, fetch, now, signal: new AbortController().signal });
}

const ids = (items: ConnectorItem[]) => items.map((item) => item.externalId);
const listingRequests = () => seen.filter((r) => r.path.includes('/r/harbourtown/'));

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

/** The public `new` listing of r/harbourtown: the first state, then a state with newer posts over two pages. */
function serveNewListing(state: 'first' | 'second'): Handler {
  return (request) => {
    if (request.path !== '/r/harbourtown/new.json') return notFound;
    if (state === 'first') return json(own('harbourtown-new-first.json'));
    const after = request.query.get('after');
    if (after === null) return json(own('harbourtown-new-second-page1.json'));
    if (after === 't3_hb108') return json(own('harbourtown-new-second-page2.json'));
    return json('{"kind": "Listing", "data": {"after": null, "children": [], "before": null}}');
  };
}

describe('redditConnector options', () => {
  it('accepts a subreddit alone and fills in the defaults', () => {
    const parsed = redditOptionsSchema.parse({ subreddit: 'r/Harbourtown' });
    expect(parsed).toMatchObject({ subreddit: 'Harbourtown', listing: 'new', time: 'day', maxPages: 3, baseUrl: 'https://www.reddit.com', oauthBaseUrl: 'https://oauth.reddit.com' });
  });

  it('accepts a search without a subreddit', () => {
    expect(redditOptionsSchema.safeParse({ query: 'crane collapse' }).success).toBe(true);
  });

  it('refuses a source with neither subreddit nor query, saying what to give', () => {
    const result = redditOptionsSchema.safeParse({ listing: 'hot' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['subreddit']);
    expect(result.error?.issues[0]?.message).toBe('give a subreddit to watch, a search query, or both');
  });

  it('refuses a client id without its secret', () => {
    const result = redditOptionsSchema.safeParse({ subreddit: 'harbourtown', clientId: CLIENT_ID });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['clientSecret', 'give both clientId and clientSecret for OAuth, or neither for the public JSON'],
    ]);
  });

  it('refuses an unknown listing, a bad subreddit name and a misspelt option, naming each', () => {
    expect(redditOptionsSchema.safeParse({ subreddit: 'harbourtown', listing: 'rising' }).error?.issues[0]?.message).toBe('listing must be one of new, hot, top');
    expect(redditOptionsSchema.safeParse({ subreddit: 'harbour town!' }).error?.issues[0]?.path).toEqual(['subreddit']);
    expect(redditOptionsSchema.safeParse({ subreddit: 'harbourtown', maxpages: 2 }).error?.issues[0]?.code).toBe('unrecognized_keys');
    expect(redditOptionsSchema.safeParse({ subreddit: 'harbourtown', maxPages: 50 }).error?.issues[0]?.message).toBe('maxPages must be at most 10');
  });
});

describe('redditConnector.read on recorded reddit answers', () => {
  const files = readdirSync(SOCIAL).filter((name) => name.startsWith('reddit__'));

  it.each(files)('%s is read or refused as unreadable, never crashing', async (name) => {
    const document = real(name);
    try {
      const { items } = await redditConnector.read(document);
      expect(redditConnector.recognizes(document)).toBe(true);
      for (const item of items) {
        expect(item.externalId).toMatch(/^t[13]_[a-z0-9]+$/);
        expect(item.publishedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
        expect(item.url).toMatch(/^https?:\/\//);
        expect(item.html ?? '').not.toMatch(/<script|<div|SC_OFF/i);
      }
    } catch (error) {
      expect(error).toBeInstanceOf(UnreadableDocumentError);
    }
  });

  it('maps a subreddit `new` listing: 100 self posts linking to their reddit pages', async () => {
    const { items, warnings } = await redditConnector.read(real('reddit__praw__TestSubredditListings.test_new__1.json'));
    expect(items).toHaveLength(100);
    expect(warnings).toEqual([]);
    expect(only(items, 0)).toEqual({
      externalId: 't3_48fbm9',
      author: 'RedHeadQc',
      title: "[Serious] Parents of Reddit, what's the biggest lie about yourself you've told your kids?",
      text: '',
      html: null,
      url: 'https://www.reddit.com/r/AskReddit/comments/48fbm9/serious_parents_of_reddit_whats_the_biggest_lie/',
      publishedAt: '2016-03-01T08:37:38.000Z',
      language: null,
      engagement: { score: 1, likes: 1, replies: 1 },
    });
    expect(items.every((item) => item.url?.startsWith('https://www.reddit.com/r/AskReddit/comments/'))).toBe(true);
    expect(byId(items, 't3_48fax4')).toMatchObject({ text: '.', html: '<p>.</p>' });
  });

  it('maps link posts to where they point and self posts to their own page', async () => {
    const { items } = await redditConnector.read(real('reddit__praw__TestSubredditStreams.test_submissions__1.json'));
    expect(items).toHaveLength(100);
    expect(only(items, 0)).toMatchObject({ externalId: 't3_5jo13y', author: 'AnotherProGamer', url: 'https://www.youtube.com/watch?v=w5aNSHEUfJE', text: '', engagement: { score: 1, likes: 1, replies: 0 } });
    expect(byId(items, 't3_5jo13x')).toMatchObject({
      url: 'https://www.reddit.com/r/RocketLeagueExchange/comments/5jo13x/xbox_h_heatwave_x2_forest_green_loopers_crimson/',
      text: "Don't lowball me or you will be ignored, please state your adds don't just say adds, will respond with more than a Nty, thanks",
    });
    expect(items.filter((item) => item.text !== '')).toHaveLength(32);
  });

  it('maps comments (t1) and builds their link when the answer gives no permalink', async () => {
    const { items } = await redditConnector.read(real('reddit__praw__TestSubredditListings.test_comments__1.json'));
    expect(items).toHaveLength(100);
    expect(only(items, 0)).toMatchObject({
      externalId: 't1_d4y8bdp',
      author: 'preppypuppy',
      title: null,
      text: 'great, life is so much better when you can do what you enjoy for a living',
      html: '<p>great, life is so much better when you can do what you enjoy for a living</p>',
      url: 'https://www.reddit.com/r/AskReddit/comments/4r4inc/_/d4y8bdp/',
      publishedAt: '2016-07-04T00:04:50.000Z',
      engagement: { score: 1, likes: 1 },
    });
    // A comment's num_comments is its post's: never reported as the comment's replies.
    expect(items.some((item) => item.engagement.replies !== undefined)).toBe(false);
  });

  it('uses the permalink of comments that carry one', async () => {
    const { items } = await redditConnector.read(real('reddit__praw__TestSubredditStreams.test_comments__with_continue_after_id__1.json'));
    expect(items).toHaveLength(100);
    expect(only(items, 99)).toMatchObject({ externalId: 't1_k3uzsxu', author: 'awayNick692', text: 'My new  wallpaper.' });
    expect(only(items, 99).url).toMatch(/^https:\/\/www\.reddit\.com\/r\/.+\/comments\/1728cmo\/great_view_4\/k3uzsxu\/$/);
  });

  it("reads a post's page: the post and its nested comment tree, keeping a comment whose author deleted the account", async () => {
    const { items } = await redditConnector.read(real('reddit__praw__TestCommentForest.test_replace__all_with_comment_limit__1.json'));
    expect(items).toHaveLength(11);
    expect(only(items, 0)).toMatchObject({ externalId: 't3_3hahrw', title: 'Ba Dum Tsss', url: 'http://i.imgur.com/eoF76hj.gifv', engagement: { score: 29790, likes: 29790, replies: 537 } });
    expect(ids(items)).toContain('t1_cu5tgzu'); // three levels down
    expect(byId(items, 't1_cu5th6m')).toMatchObject({ author: null, text: "With that kind of comedic timing he'll be posting awful puns on Reddit for years to come." });
  });

  it('skips a deleted comment with a warning', async () => {
    const result = await redditConnector.read(real('reddit__praw__TestComment.test_refresh__deleted_comment__1.json'));
    expect(result).toEqual({ items: [], warnings: ['1 deleted or removed post or comment skipped'] });
  });

  it('keeps a comment that is still there', async () => {
    const { items } = await redditConnector.read(real('reddit__praw__TestComment.test_refresh__removed_comment__1.json'));
    expect(items.map((i) => [i.externalId, i.author, i.url])).toEqual([['t1_dma3mi5', 'Gooneybirdable', 'https://www.reddit.com/r/AskReddit/comments/6wmniq/_/dma3mi5/']]);
  });

  it('skips a post reddit removed (removed_by_category) with a warning', async () => {
    const result = await redditConnector.read(real('reddit__praw__TestSubreddit.test_submit__url_selftext__2.json'));
    expect(result).toEqual({ items: [], warnings: ['1 deleted or removed post or comment skipped'] });
  });

  it('renders the markdown of a self post as sanitized HTML and keeps the markdown as text', async () => {
    const { items } = await redditConnector.read(real('reddit__praw__TestSubreddit.test_submit_poll__2.json'));
    expect(items).toHaveLength(1);
    expect(only(items, 0).text).toBe('Test poll text.\n\n[View Poll](https://www.reddit.com/poll/ga3hiq)');
    expect(only(items, 0).html).toBe('<p>Test poll text.</p>\n\n<p><a href="https://www.reddit.com/poll/ga3hiq" rel="noopener noreferrer nofollow" target="_blank">View Poll</a></p>');
  });

  it('reads a user page listing with a zero score and many comments', async () => {
    const { items } = await redditConnector.read(real('reddit__praw__TestListingGenerator.test_exhaust_items__11.json'));
    expect(items.map((i) => [i.externalId, i.author, i.engagement])).toEqual([['t3_3dautm', 'spez', { score: 0, likes: 0, replies: 18504 }]]);
    expect(only(items, 0).text).toMatch(/^Hey Everyone,\n\nThere has been a lot of discussion lately/);
  });

  it('refuses a subreddit description (t5) and an error answer, saying what they are', async () => {
    await expect(redditConnector.read(real('reddit__praw__TestDraft.test_create__1.json'))).rejects.toThrow('a reddit t5 (a subreddit), not posts or comments');
    await expect(redditConnector.read(real('reddit__praw__TestSubredditQuarantine.test_opt_in__1.json'))).rejects.toThrow('reddit answered an error instead of posts: Forbidden (403)');
  });

  it('recognizes listings and things, not other JSON', () => {
    expect(redditConnector.recognizes(real('reddit__praw__TestSubredditListings.test_new__1.json'))).toBe(true);
    expect(redditConnector.recognizes(real('reddit__praw__TestCommentForest.test_replace__all_with_comment_limit__1.json'))).toBe(true);
    expect(redditConnector.recognizes(real('reddit__praw__http_index.json'))).toBe(false);
    expect(redditConnector.recognizes(real('hn__topnews__single_story__0.json'))).toBe(false);
    expect(redditConnector.recognizes(real('mastodon__rtoot__get_timeline_public_anonymous__0.json'))).toBe(false);
  });
});

describe('redditConnector.read on our own listing', () => {
  let result: { items: ConnectorItem[]; warnings: string[] };

  beforeAll(async () => {
    result = await redditConnector.read({ body: own('harbourtown-new-first.json'), contentType: 'application/json', url: null });
  });

  it('skips the removed and the deleted post with one warning, keeping the stickied one', () => {
    expect(ids(result.items)).toEqual(['t3_hb106', 't3_hb105', 't3_hb103', 't3_hb101']);
    expect(result.warnings).toEqual(['2 deleted or removed posts or comments skipped']);
  });

  it('sanitizes selftext_html: no script, no handler, no wrapper', () => {
    const item = byId(result.items, 't3_hb105');
    expect(item.html).toBe('<p>Saw it from the bridge. Photos: <a href="https://img.example/quay" rel="noopener noreferrer nofollow" target="_blank">album</a></p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(item.engagement).toEqual({ score: 230, likes: 241, replies: 88 });
    expect(item.publishedAt).toBe('2024-06-11T08:50:00.000Z');
  });

  it('removes tracking parameters and the fragment from a link post', () => {
    expect(byId(result.items, 't3_hb103').url).toBe('https://news.example/ferry-strike?id=7');
  });
});

describe('redditConnector.poll on the public JSON', () => {
  it('asks for the newest 100 with raw JSON and a User-Agent, reading one page on the first poll', async () => {
    handler = serveNewListing('first');
    const { items, cursor, warnings } = await poll(options());
    expect(ids(items)).toEqual(['t3_hb106', 't3_hb105', 't3_hb103', 't3_hb101']);
    expect(warnings).toEqual(['2 deleted or removed posts or comments skipped']);
    expect(seen).toHaveLength(1);
    const request = only(seen, 0);
    expect(request.path).toBe('/r/harbourtown/new.json');
    expect(Object.fromEntries(request.query)).toEqual({ limit: '100', raw_json: '1' });
    expect(request.userAgent).toMatch(/tidewatch/);
    expect(request.authorization).toBeUndefined();
    expect((cursor as RedditCursor).seen).toEqual(['t3_hb106', 't3_hb105', 't3_hb104', 't3_hb103', 't3_hb102', 't3_hb101']);
    expect((cursor as RedditCursor).token).toBeNull();
  });

  it('returns only what is new on the next poll, paging until it meets a known post', async () => {
    handler = serveNewListing('first');
    const first = await poll(options());
    seen.length = 0;
    handler = serveNewListing('second');
    const second = await poll(options(), first.cursor);
    // The known stickied post on top does not stop the paging; hb105 on page two does.
    expect(ids(second.items)).toEqual(['t3_hb110', 't3_hb109', 't3_hb108', 't3_hb107']);
    expect(second.warnings).toEqual([]);
    expect(listingRequests().map((r) => r.query.get('after'))).toEqual([null, 't3_hb108']);
    expect(byId(second.items, 't3_hb109').url).toBe('https://news.example/live/harbour');

    seen.length = 0;
    const third = await poll(options(), second.cursor);
    expect(third.items).toEqual([]);
    expect(listingRequests()).toHaveLength(1);
  });

  it('stops at maxPages and says that older posts were not read', async () => {
    handler = serveNewListing('first');
    const first = await poll(options());
    handler = serveNewListing('second');
    const second = await poll(options({ maxPages: 1 }), first.cursor);
    expect(ids(second.items)).toEqual(['t3_hb110', 't3_hb109', 't3_hb108']);
    expect(second.warnings).toEqual(['more than 1 pages were new since the last poll: older posts were not read (raise maxPages or poll more often)']);
  });

  it('stops paging when reddit says the rate limit is spent', async () => {
    handler = serveNewListing('first');
    const first = await poll(options());
    seen.length = 0;
    const second = serveNewListing('second');
    handler = (request) => {
      const answer = second(request);
      return answer === 'hang' ? answer : { ...answer, headers: { ...answer.headers, 'x-ratelimit-remaining': '0.0', 'x-ratelimit-reset': '200' } };
    };
    const { items, warnings } = await poll(options(), first.cursor);
    expect(ids(items)).toEqual(['t3_hb110', 't3_hb109', 't3_hb108']);
    expect(listingRequests()).toHaveLength(1);
    expect(warnings).toEqual(["reddit's rate limit is spent: the remaining pages wait for the next poll"]);
  });

  it('searches within a subreddit, mapping posts and comments alike', async () => {
    handler = (request) => (request.path === '/r/harbourtown/search.json' ? json(own('harbourtown-search-crane.json')) : notFound);
    const { items } = await poll(options({ query: 'crane', sort: 'relevance', time: 'week' }));
    expect(Object.fromEntries(only(seen, 0).query)).toEqual({ limit: '100', raw_json: '1', q: 'crane', sort: 'relevance', t: 'week', restrict_sr: '1' });
    expect(ids(items)).toEqual(['t3_hb105', 't1_kq9x1', 't3_hb110']);
    expect(byId(items, 't1_kq9x1')).toMatchObject({
      author: 'crane_op_retired',
      title: null,
      text: 'Those cranes were due for inspection in **May**.',
      html: '<p>Those cranes were due for inspection in <strong>May</strong>.</p>',
      url: 'https://www.reddit.com/r/harbourtown/comments/hb105/crane_collapse_at_the_north_quay/kq9x1/',
    });
  });

  it('reads a top listing for the chosen period', async () => {
    handler = (request) => (request.path === '/r/harbourtown/top.json' ? json(own('harbourtown-new-first.json')) : notFound);
    await poll(options({ listing: 'top', time: 'week' }));
    expect(only(seen, 0).query.get('t')).toBe('week');
  });
});

describe('redditConnector.poll with OAuth', () => {
  /** The token endpoint checks the app's credentials; the API wants the current token. */
  function serveOAuth(tokens: string[]): Handler {
    const expected = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
    let issued = 0;
    return (request) => {
      if (request.path === '/api/v1/access_token') {
        if (request.method !== 'POST' || request.authorization !== expected || request.body !== 'grant_type=client_credentials') {
          return { status: 401, headers: { 'content-type': 'application/json' }, body: '{"message": "Unauthorized", "error": 401}' };
        }
        return json(own(issued++ === 0 ? 'token.json' : 'token-renewed.json'));
      }
      if (request.path === '/oauth/r/harbourtown/new') {
        const current = tokens[issued - 1];
        if (current === undefined || request.authorization !== `bearer ${current}`) return { status: 401, body: '{"message": "Unauthorized", "error": 401}' };
        return json(own('harbourtown-new-first.json'), { 'x-ratelimit-remaining': '99.0', 'x-ratelimit-used': '1', 'x-ratelimit-reset': '540' });
      }
      return notFound;
    };
  }

  const withApp = () => options({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  const tokenRequests = () => seen.filter((r) => r.path === '/api/v1/access_token');

  it('fetches an app-only token, uses it on the OAuth host, and keeps it in the cursor', async () => {
    handler = serveOAuth(['tok-harbour-1', 'tok-harbour-2']);
    const { items, cursor } = await poll(withApp());
    expect(items).toHaveLength(4);
    expect(tokenRequests()).toHaveLength(1);
    expect(only(tokenRequests(), 0).userAgent).toMatch(/tidewatch/);
    const api = only(seen, 1);
    expect(api.path).toBe('/oauth/r/harbourtown/new');
    expect(api.authorization).toBe('bearer tok-harbour-1');
    expect((cursor as RedditCursor).token).toEqual({ accessToken: 'tok-harbour-1', expiresAt: '2024-06-11T10:00:00.000Z', clientId: CLIENT_ID });
  });

  it('reuses the token from the cursor while it is valid, and renews it near its expiry', async () => {
    handler = serveOAuth(['tok-harbour-1', 'tok-harbour-2']);
    const first = await poll(withApp());
    await poll(withApp(), first.cursor, safeFetch, new Date('2024-06-11T09:30:00Z'));
    expect(tokenRequests()).toHaveLength(1);
    const late = await poll(withApp(), first.cursor, safeFetch, new Date('2024-06-11T09:58:00Z'));
    expect(tokenRequests()).toHaveLength(2);
    expect((late.cursor as RedditCursor).token?.accessToken).toBe('tok-harbour-2');
    expect(seen.at(-1)?.authorization).toBe('bearer tok-harbour-2');
  });

  it('gets a fresh token once when a remembered one is refused', async () => {
    handler = serveOAuth(['tok-harbour-1', 'tok-harbour-2']);
    const revoked: RedditCursor = { seen: [], token: { accessToken: 'tok-revoked', expiresAt: '2024-06-12T00:00:00.000Z', clientId: CLIENT_ID } };
    const { items, cursor } = await poll(withApp(), revoked);
    expect(items).toHaveLength(4);
    expect(seen.map((r) => r.authorization?.split(' ')[0])).toEqual(['bearer', 'Basic', 'bearer']);
    expect((cursor as RedditCursor).token?.accessToken).toBe('tok-harbour-1');
  });

  it('does not reuse a token issued to other credentials', async () => {
    handler = serveOAuth(['tok-harbour-1']);
    const other: RedditCursor = { seen: [], token: { accessToken: 'tok-other-app', expiresAt: '2024-06-12T00:00:00.000Z', clientId: 'another-app' } };
    await poll(withApp(), other);
    expect(seen.map((r) => r.path)).toEqual(['/api/v1/access_token', '/oauth/r/harbourtown/new']);
  });

  it('reports refused credentials as a 401 with a hint', async () => {
    handler = serveOAuth([]);
    const error = await poll(options({ clientId: CLIENT_ID, clientSecret: 'wrong' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(401);
    expect((error as Error).message).toBe("reddit's token endpoint answered HTTP 401: check the source's credentials or whether it is public");
  });

  it('reports an error body on a 200 from the token endpoint in words', async () => {
    handler = (request) => (request.path === '/api/v1/access_token' ? json(own('token-refused.json')) : notFound);
    await expect(poll(withApp())).rejects.toThrow('reddit refused the app credentials (invalid_grant): check clientId and clientSecret');
  });
});

describe('redditConnector.poll when reddit misbehaves', () => {
  it('turns a 429 into RateLimitedError with the wait reddit asked for', async () => {
    handler = () => ({ status: 429, headers: { 'retry-after': '120', 'content-type': 'application/json' }, body: '{"message": "Too Many Requests", "error": 429}' });
    const error = await poll(options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(120_000);
  });

  it('reads the wait from the rate-limit headers when there is no Retry-After', async () => {
    handler = () => ({ status: 429, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '45', 'x-ratelimit-used': '100' }, body: '' });
    const error = await poll(options()).catch((e: unknown) => e);
    expect((error as RateLimitedError).retryAfterMs).toBe(45_000);
  });

  it('turns a 500 into HttpStatusError', async () => {
    handler = () => ({ status: 500, headers: { 'content-type': 'text/html' }, body: '<html><body>all our servers are busy</body></html>' });
    const error = await poll(options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).not.toBeInstanceOf(RateLimitedError);
    expect((error as HttpStatusError).status).toBe(500);
  });

  it('turns a body cut short into UnreadableDocumentError', async () => {
    handler = () => json(own('truncated-listing.json'));
    const error = await poll(options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableDocumentError);
    expect((error as Error).message).toMatch(/^the reddit answer is not valid JSON: /);
  });

  it('turns an HTML page served with status 200 into UnreadableDocumentError', async () => {
    handler = () => ({ headers: { 'content-type': 'text/html' }, body: '<!doctype html><title>reddit.com: over capacity</title>' });
    await expect(poll(options())).rejects.toBeInstanceOf(UnreadableDocumentError);
  });

  it('gives up on a server slower than the fetch timeout with a clear error', async () => {
    handler = () => 'hang';
    const impatient = createSafeFetch({ allowPrivateAddresses: true, timeoutMs: 300 });
    const error = await poll(options(), null, impatient).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as Error).message).toMatch(/^no (complete )?answer within 300 ms$/);
  });
});
