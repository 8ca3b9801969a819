import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blueskyPublisher } from '../../connectors/bluesky/bluesky-publisher.js';
import { HttpStatusError, RateLimitedError } from '../../connectors/connector-errors.js';
import { createSafeFetch } from '../../connectors/http/safe-fetch.js';
import { mastodonPublisher } from '../../connectors/mastodon/mastodon-publisher.js';
import { PublishRejectedError } from '../../connectors/publisher.js';
import { webhookPublisher } from '../../connectors/webhook/webhook-publisher.js';
import { useScriptedPlatform } from '../support/scripted-platform.js';

/*
 * Reading a published post's engagement, against a local server that answers as the platform
 * does: Mastodon's status JSON, the Bluesky AppView's getPosts, and their error answers.
 */

const fixture = (path: string) => JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const platform = useScriptedPlatform();
const seen = platform.seen;
const safeFetch = createSafeFetch({ allowPrivateAddresses: true });

describe('mastodon engagement', () => {
  const account = () => mastodonPublisher.accountSchema.parse({ instance: `${platform.origin}/some/page`, accessToken: 'token-abc' });
  const status = fixture('mastodon/status-engagement.json');

  it("reads favourites, boosts and replies from the status, asked on the instance's platform.origin with the account's token", async () => {
    platform.handle = ({ path }) => (path === '/api/v1/statuses/110000000000000900' ? { body: status } : { status: 404, body: { error: 'Record not found' } });
    const counts = await mastodonPublisher.engagement!('110000000000000900', account(), safeFetch);
    expect(counts).toEqual({ likes: 42, reposts: 17, replies: 4 });
    expect(seen.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /api/v1/statuses/110000000000000900']);
    expect(seen[0]!.headers['authorization']).toBe('Bearer token-abc');
  });

  it('a deleted status is refused in Mastodon’s words; 5xx, 429 and an unreadable answer may be tried again', async () => {
    platform.handle = () => ({ status: 404, body: { error: 'Record not found' } });
    const refused = await mastodonPublisher.engagement!('110000000000000999', account(), safeFetch).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PublishRejectedError);
    expect((refused as Error).message).toBe("Mastodon refused a reading of the post's engagement (HTTP 404): Record not found");

    platform.handle = () => ({ status: 503, body: '<html>Maintenance</html>', headers: { 'content-type': 'text/html' } });
    const unavailable = await mastodonPublisher.engagement!('110000000000000900', account(), safeFetch).catch((e: unknown) => e);
    expect(unavailable).toBeInstanceOf(HttpStatusError);
    expect(unavailable).not.toBeInstanceOf(PublishRejectedError);

    platform.handle = () => ({ status: 429, headers: { 'retry-after': '120' }, body: { error: 'Too many requests' } });
    const limited = await mastodonPublisher.engagement!('110000000000000900', account(), safeFetch).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(120_000);

    platform.handle = () => ({ body: 'not json', headers: { 'content-type': 'text/plain' } });
    const garbled = await mastodonPublisher.engagement!('110000000000000900', account(), safeFetch).catch((e: unknown) => e);
    expect(garbled).toBeInstanceOf(HttpStatusError);
    expect(garbled).not.toBeInstanceOf(PublishRejectedError);
    expect((garbled as Error).message).toMatch(/something other than its JSON; Tidewatch will look again/);
  });

  it('counts a field the instance leaves out as none', async () => {
    platform.handle = () => ({ body: { ...status, replies_count: undefined, reblogs_count: -1 } });
    expect(await mastodonPublisher.engagement!('110000000000000900', account(), safeFetch)).toEqual({ likes: 42, reposts: 0, replies: 0 });
  });
});

describe('bluesky engagement', () => {
  const uri = 'at://did:plc:desk/app.bsky.feed.post/3mf7harbour2a';
  const account = (appView = platform.origin) => blueskyPublisher.accountSchema.parse({ service: 'https://pds.invalid', handle: 'desk.harbour.example', appPassword: 'abcd-efgh-ijkl-mnop', appView });
  const answer = fixture('bluesky/get-posts.json');

  it('reads likes, reposts with quotes, and replies from the AppView, without signing in', async () => {
    platform.handle = ({ path }) => {
      const url = new URL(path, 'http://local');
      if (url.pathname !== '/xrpc/app.bsky.feed.getPosts') return { status: 404, body: { error: 'MethodNotImplemented' } };
      return url.searchParams.getAll('uris').includes(uri) ? { body: answer } : { body: { posts: [] } };
    };
    expect(await blueskyPublisher.engagement!(uri, account(), safeFetch)).toEqual({ likes: 57, reposts: 11, replies: 3 });
    expect(seen.map((request) => request.path)).toEqual([`/xrpc/app.bsky.feed.getPosts?uris=${encodeURIComponent(uri)}`]);
    expect(seen[0]!.headers['authorization']).toBeUndefined();
  });

  it("reads Bluesky's public AppView unless the account names another", () => {
    expect(blueskyPublisher.accountSchema.parse({ handle: 'desk.harbour.example', appPassword: 'x' }).appView).toBe('https://public.api.bsky.app');
  });

  it('a post the AppView does not show (yet) is looked for again; a malformed URI is refused; a 502 may be retried', async () => {
    platform.handle = () => ({ body: { posts: [] } });
    const missing = await blueskyPublisher.engagement!(uri, account(), safeFetch).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(HttpStatusError);
    expect(missing).not.toBeInstanceOf(PublishRejectedError);
    expect((missing as Error).message).toBe('Bluesky does not show the post (yet); Tidewatch will look again');

    platform.handle = () => ({ status: 400, body: { error: 'InvalidRequest', message: 'Error: uris/0 must be a valid at-uri' } });
    const refused = await blueskyPublisher.engagement!('not-a-uri', account(), safeFetch).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PublishRejectedError);
    expect((refused as Error).message).toBe("Bluesky refused a reading of the post's engagement (HTTP 400): Error: uris/0 must be a valid at-uri");

    platform.handle = () => ({ status: 502, body: 'Bad gateway', headers: { 'content-type': 'text/plain' } });
    const failing = await blueskyPublisher.engagement!(uri, account(), safeFetch).catch((e: unknown) => e);
    expect(failing).toBeInstanceOf(HttpStatusError);
    expect(failing).not.toBeInstanceOf(PublishRejectedError);
  });
});

it('webhooks have no engagement to read', () => {
  expect(webhookPublisher.engagement).toBeUndefined();
});
