import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeEach, describe, expect, it } from 'vitest';
import { blueskyPublisher } from '../../connectors/bluesky/bluesky-publisher.js';
import { deterministicTid } from '../../connectors/bluesky/deterministic-tid.js';
import { HttpStatusError, RateLimitedError } from '../../connectors/connector-errors.js';
import { createSafeFetch } from '../../connectors/http/safe-fetch.js';
import { mastodonPublisher } from '../../connectors/mastodon/mastodon-publisher.js';
import { PublishRejectedError, type OutgoingPost } from '../../connectors/publisher.js';
import { PUBLISHERS } from '../../connectors/publishers.js';
import { webhookPublisher } from '../../connectors/webhook/webhook-publisher.js';
import { closeServer } from '../support/local-server.js';
import { useScriptedPlatform, type ScriptedAnswer, type SeenRequest } from '../support/scripted-platform.js';

const platform = useScriptedPlatform();
const seen = platform.seen;
const safeFetch = createSafeFetch({ allowPrivateAddresses: true });

const post = (overrides: Partial<OutgoingPost> = {}): OutgoingPost => ({
  text: 'Ferries run again from 10:00.',
  link: 'https://harbour.example/ferries',
  language: 'en',
  idempotencyKey: 'post-7f3a-v2',
  ...overrides,
});

it('PUBLISHERS lists mastodon, bluesky and webhook by kind', () => {
  expect([...PUBLISHERS.keys()].sort()).toEqual(['bluesky', 'mastodon', 'webhook']);
  for (const [kind, publisher] of PUBLISHERS) expect(publisher.kind).toBe(kind);
});

describe('mastodon publisher', () => {
  const account = () => mastodonPublisher.accountSchema.parse({ instance: platform.origin, accessToken: 'token-abc' });

  it('sends the same Idempotency-Key on a retry after a 5xx, with the bearer token and the link in the text', async () => {
    let attempts = 0;
    platform.handle = () =>
      ++attempts === 1
        ? { status: 502, body: '<html>Bad gateway</html>' }
        : { body: { id: '110000000000000900', uri: 'https://harbour.social/users/desk/statuses/110000000000000900', url: 'https://harbour.social/@desk/110000000000000900' } };

    const failure = await mastodonPublisher.publish(post(), account(), safeFetch).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(HttpStatusError);
    expect(failure).not.toBeInstanceOf(PublishRejectedError);
    expect((failure as HttpStatusError).status).toBe(502);

    const result = await mastodonPublisher.publish(post(), account(), safeFetch);
    expect(result).toEqual({ platformId: '110000000000000900', url: 'https://harbour.social/@desk/110000000000000900' });
    expect(seen.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /api/v1/statuses', 'POST /api/v1/statuses']);
    expect(seen.map((request) => request.headers['idempotency-key'])).toEqual(['post-7f3a-v2', 'post-7f3a-v2']);
    expect(seen[1]!.headers['authorization']).toBe('Bearer token-abc');
    expect(JSON.parse(seen[1]!.body)).toEqual({ status: 'Ferries run again from 10:00.\n\nhttps://harbour.example/ferries', visibility: 'public', language: 'en' });
  });

  it('a 4xx is refused with Mastodon’s own words; a 429 stays retryable', async () => {
    platform.handle = () => ({ status: 422, body: { error: "Validation failed: Text can't be blank" } });
    const refused = await mastodonPublisher.publish(post({ text: '', link: null }), account(), safeFetch).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PublishRejectedError);
    expect((refused as Error).message).toBe("Mastodon refused the post (HTTP 422): Validation failed: Text can't be blank");

    platform.handle = () => ({ status: 429, headers: { 'retry-after': '60' }, body: { error: 'Too many requests' } });
    await expect(mastodonPublisher.publish(post(), account(), safeFetch)).rejects.toBeInstanceOf(RateLimitedError);
  });
});

describe('bluesky publisher', () => {
  /** A small PDS: sessions, handle resolution, and a repository that holds one record per rkey. */
  const records = new Map<string, unknown>();
  const pds = (request: SeenRequest): ScriptedAnswer => {
    const url = new URL(request.path, 'http://local');
    switch (url.pathname) {
      case '/xrpc/com.atproto.server.createSession': {
        const { identifier, password } = JSON.parse(request.body) as { identifier: string; password: string };
        if (identifier !== 'desk.harbour.example' || password !== 'abcd-efgh-ijkl-mnop') return { status: 401, body: { error: 'AuthenticationRequired', message: 'Invalid identifier or password' } };
        return { body: { accessJwt: 'jwt-1', refreshJwt: 'r', did: 'did:plc:desk', handle: 'desk.harbour.example' } };
      }
      case '/xrpc/com.atproto.identity.resolveHandle':
        return url.searchParams.get('handle') === 'lea.quai.fr'
          ? { body: { did: 'did:plc:lea' } }
          : { status: 400, body: { error: 'InvalidRequest', message: 'Unable to resolve handle' } };
      case '/xrpc/com.atproto.repo.getRecord': {
        const rkey = url.searchParams.get('rkey') ?? '';
        return records.has(rkey) ? { body: { uri: `at://did:plc:desk/app.bsky.feed.post/${rkey}`, value: records.get(rkey) } } : { status: 400, body: { error: 'RecordNotFound', message: 'Could not locate record' } };
      }
      case '/xrpc/com.atproto.repo.createRecord': {
        if (request.headers['authorization'] !== 'Bearer jwt-1') return { status: 401, body: { error: 'AuthMissing' } };
        const { rkey, record } = JSON.parse(request.body) as { rkey: string; record: unknown };
        if (records.has(rkey)) return { status: 400, body: { error: 'InvalidRequest', message: 'Record already exists' } };
        records.set(rkey, record);
        return { body: { uri: `at://did:plc:desk/app.bsky.feed.post/${rkey}`, cid: 'bafyrei' + rkey } };
      }
      default:
        return { status: 404, body: { error: 'MethodNotImplemented' } };
    }
  };
  const account = (password = 'abcd-efgh-ijkl-mnop') => blueskyPublisher.accountSchema.parse({ service: platform.origin, handle: '@desk.harbour.example', appPassword: password });

  beforeEach(() => {
    records.clear();
    platform.handle = pds;
  });

  it('facets carry UTF-8 byte offsets for links, mentions and hashtags after emoji and accented letters', async () => {
    const text = 'Grève finie 🎉 à Zürich ! Merci @lea.quai.fr, détails : https://quai.example/grève #fêtedesquais';
    const result = await blueskyPublisher.publish(post({ text, link: null, language: 'fr', idempotencyKey: 'draft-41-v3' }), account(), safeFetch);
    const rkey = deterministicTid('draft-41-v3');
    expect(result).toEqual({ platformId: `at://did:plc:desk/app.bsky.feed.post/${rkey}`, url: `https://bsky.app/profile/desk.harbour.example/post/${rkey}` });

    const created = JSON.parse(seen.find((request) => request.path.startsWith('/xrpc/com.atproto.repo.createRecord'))!.body) as {
      repo: string;
      collection: string;
      rkey: string;
      record: { text: string; langs: string[]; createdAt: string; facets: Array<{ index: { byteStart: number; byteEnd: number }; features: Array<Record<string, string>> }> };
    };
    expect(created).toMatchObject({ repo: 'did:plc:desk', collection: 'app.bsky.feed.post', rkey });
    expect(created.record.text).toBe(text);
    expect(created.record.langs).toEqual(['fr']);
    const bytes = Buffer.from(text, 'utf8');
    const slice = (facet: { index: { byteStart: number; byteEnd: number } }) => bytes.subarray(facet.index.byteStart, facet.index.byteEnd).toString('utf8');
    const byKind = Object.fromEntries(created.record.facets.map((facet) => [facet.features[0]!['$type'], facet]));
    const mention = byKind['app.bsky.richtext.facet#mention']!;
    const link = byKind['app.bsky.richtext.facet#link']!;
    const tag = byKind['app.bsky.richtext.facet#tag']!;
    // Offsets computed independently: bytes of the text before each entity.
    expect(mention.index.byteStart).toBe(Buffer.byteLength('Grève finie 🎉 à Zürich ! Merci '));
    expect(slice(mention)).toBe('@lea.quai.fr');
    expect(mention.features[0]!['did']).toBe('did:plc:lea');
    expect(slice(link)).toBe('https://quai.example/grève');
    expect(link.features[0]!['uri']).toBe('https://quai.example/grève');
    expect(slice(tag)).toBe('#fêtedesquais');
    expect(tag.features[0]!['tag']).toBe('fêtedesquais');
  });

  it('a mention that does not resolve stays plain text; the link is appended when the text lacks it', async () => {
    // A real top-level domain, so it is detected as a mention (and then fails to resolve).
    await blueskyPublisher.publish(post({ text: 'Thanks @ghost.example.com', idempotencyKey: 'k-ghost' }), account(), safeFetch);
    expect(seen.some((request) => request.path === '/xrpc/com.atproto.identity.resolveHandle?handle=ghost.example.com')).toBe(true);
    const { record } = JSON.parse(seen.find((request) => request.path.startsWith('/xrpc/com.atproto.repo.createRecord'))!.body) as {
      record: { text: string; facets: Array<{ features: Array<{ $type: string }> }> };
    };
    expect(record.text).toBe('Thanks @ghost.example.com\n\nhttps://harbour.example/ferries');
    expect(record.facets.map((facet) => facet.features[0]!.$type)).toEqual(['app.bsky.richtext.facet#link']);
  });

  it('a retry with the same idempotency key finds the post instead of posting twice', async () => {
    const first = await blueskyPublisher.publish(post(), account(), safeFetch);
    const second = await blueskyPublisher.publish(post(), account(), safeFetch);
    expect(second).toEqual(first);
    expect(seen.filter((request) => request.path.startsWith('/xrpc/com.atproto.repo.createRecord'))).toHaveLength(1);
    expect(records.size).toBe(1);
    const another = await blueskyPublisher.publish(post({ idempotencyKey: 'post-other' }), account(), safeFetch);
    expect(another.platformId).not.toBe(first.platformId);
  });

  it('the rkey is a valid TID, the same for the same key', () => {
    const rkey = deterministicTid('post-7f3a-v2');
    expect(rkey).toMatch(/^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/);
    expect(deterministicTid('post-7f3a-v2')).toBe(rkey);
    expect(deterministicTid('post-7f3a-v3')).not.toBe(rkey);
  });

  it('a wrong app password is refused with Bluesky’s words; an over-long post before signing in', async () => {
    const refused = await blueskyPublisher.publish(post(), account('wrong'), safeFetch).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PublishRejectedError);
    expect((refused as Error).message).toBe('Bluesky refused the sign-in of @desk.harbour.example (HTTP 401): Invalid identifier or password');

    seen.length = 0;
    await expect(blueskyPublisher.publish(post({ text: 'é'.repeat(301), link: null }), account(), safeFetch)).rejects.toThrow(/301 characters long; Bluesky takes at most 300/);
    expect(seen).toEqual([]);
  });
});

describe('webhook publisher', () => {
  const publish = (format: string, extra: object = {}) =>
    webhookPublisher.publish(post(), webhookPublisher.accountSchema.parse({ url: `${platform.origin}/hooks/T000/B000/secret`, format, ...extra }), safeFetch);

  beforeEach(() => {
    platform.handle = () => ({ headers: { 'content-type': 'text/plain' }, body: 'ok' });
  });

  it('json: our post as it is, with the idempotency key in a header too', async () => {
    const result = await publish('json');
    expect(result).toEqual({ platformId: 'webhook:post-7f3a-v2', url: null });
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.headers['idempotency-key']).toBe('post-7f3a-v2');
    expect(JSON.parse(seen[0]!.body)).toEqual({ text: 'Ferries run again from 10:00.', link: 'https://harbour.example/ferries', language: 'en', idempotencyKey: 'post-7f3a-v2' });
  });

  it('slack: {text} with the link', async () => {
    await publish('slack');
    expect(JSON.parse(seen[0]!.body)).toEqual({ text: 'Ferries run again from 10:00.\n\nhttps://harbour.example/ferries' });
  });

  it('teams: a MessageCard, or an Adaptive Card in a message', async () => {
    await publish('teams', { teamsCard: 'messagecard' });
    expect(JSON.parse(seen[0]!.body)).toEqual({
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      summary: 'Ferries run again from 10:00.',
      text: 'Ferries run again from 10:00.',
      potentialAction: [{ '@type': 'OpenUri', name: 'Open link', targets: [{ os: 'default', uri: 'https://harbour.example/ferries' }] }],
    });
    await publish('teams');
    const message = JSON.parse(seen[1]!.body) as { type: string; attachments: Array<{ contentType: string; content: Record<string, unknown> }> };
    expect(message.type).toBe('message');
    expect(message.attachments).toHaveLength(1);
    expect(message.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(message.attachments[0]!.content).toMatchObject({
      type: 'AdaptiveCard',
      version: '1.4',
      body: [{ type: 'TextBlock', text: 'Ferries run again from 10:00.', wrap: true }],
      actions: [{ type: 'Action.OpenUrl', title: 'Open link', url: 'https://harbour.example/ferries' }],
    });
  });

  it('a 4xx is refused with the receiver’s words; a 5xx stays retryable', async () => {
    platform.handle = () => ({ status: 400, headers: { 'content-type': 'text/plain' }, body: 'invalid_payload' });
    await expect(publish('slack')).rejects.toThrow(new PublishRejectedError(400, 'the webhook', 'the webhook refused the post (HTTP 400): invalid_payload'));
    platform.handle = () => ({ status: 500, body: 'oops' });
    const failure = await publish('slack').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(HttpStatusError);
    expect(failure).not.toBeInstanceOf(PublishRejectedError);
  });

  it('no answer in time is a retryable HttpStatusError', async () => {
    const slowFetch = createSafeFetch({ allowPrivateAddresses: true, timeoutMs: 50 });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = http.createServer((_req, res) => void held.then(() => res.end('late')));
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/hook`;
      const failure = await webhookPublisher.publish(post(), webhookPublisher.accountSchema.parse({ url }), slowFetch).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(HttpStatusError);
      expect((failure as HttpStatusError).status).toBe(504);
      expect((failure as Error).message).toMatch(/no answer from the webhook/);
    } finally {
      release();
      await closeServer(slow);
    }
  });
});
