import { RichText, type Facet } from '@atproto/api';
import { z } from 'zod';
import { checkResponse } from '../connector-errors.js';
import type { SafeFetch } from '../http/safe-fetch.js';
import {
  checkPublishResponse,
  PublishRejectedError,
  publishedJson,
  sendForPublishing,
  textWithLink,
  type OutgoingPost,
  type Publisher,
  type PublishResult,
} from '../publisher.js';
import { blueskyEngagement } from './bluesky-engagement.js';
import { POST_COLLECTION } from './bluesky-post.js';
import { deterministicTid } from './deterministic-tid.js';

const blueskyAccountSchema = z.object({
  /** The account's PDS, or bsky.social's entryway for accounts hosted by Bluesky. */
  service: z.string().url().default('https://bsky.social'),
  handle: z.string().trim().min(1).transform((handle) => handle.replace(/^@/, '')),
  /** An app password (Settings → App passwords), never the account's main password. */
  appPassword: z.string().min(1),
  /** Where engagement is read: Bluesky's public AppView unless the newsroom uses another. */
  appView: z.string().url().default('https://public.api.bsky.app'),
});
export type BlueskyAccount = z.infer<typeof blueskyAccountSchema>;

/** Bluesky refuses longer posts; saying so before signing in spares a session. */
const MAX_GRAPHEMES = 300;
const PLATFORM = 'Bluesky';

const sessionSchema = z.object({ accessJwt: z.string(), did: z.string(), handle: z.string() });
type Session = z.infer<typeof sessionSchema>;

/**
 * Posts to Bluesky: signs in with an app password, computes facets (links, mentions, hashtags)
 * in UTF-8 byte offsets, and creates the post under an rkey derived from the idempotency key.
 * A retry first looks for that rkey, so a post that went out before a lost answer is found
 * rather than posted again (and creating an existing rkey fails instead of duplicating).
 */
export const blueskyPublisher: Publisher<BlueskyAccount> = {
  kind: 'bluesky',
  accountSchema: blueskyAccountSchema,

  async publish(post: OutgoingPost, account: BlueskyAccount, fetch: SafeFetch): Promise<PublishResult> {
    const text = textWithLink(post);
    const rich = new RichText({ text });
    if (rich.graphemeLength > MAX_GRAPHEMES) {
      throw new PublishRejectedError(400, PLATFORM, `the post is ${rich.graphemeLength} characters long; Bluesky takes at most ${MAX_GRAPHEMES}`);
    }
    const session = await createSession(account, fetch);
    const rkey = deterministicTid(post.idempotencyKey);
    const existing = await findRecord(account.service, session, rkey, fetch);
    if (existing) return { platformId: existing, url: postUrl(session, rkey) };

    rich.detectFacetsWithoutResolution();
    const facets = await resolveMentions(rich.facets ?? [], account.service, fetch);
    const record = {
      $type: POST_COLLECTION,
      text,
      createdAt: new Date().toISOString(),
      ...(post.language ? { langs: [post.language] } : {}),
      ...(facets.length > 0 ? { facets } : {}),
    };
    const response = await sendForPublishing(
      fetch,
      {
        url: xrpc(account.service, 'com.atproto.repo.createRecord'),
        method: 'POST',
        headers: { authorization: `Bearer ${session.accessJwt}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ repo: session.did, collection: POST_COLLECTION, rkey, record }),
      },
      PLATFORM,
    );
    checkPublishResponse(response, PLATFORM);
    const created = publishedJson(response, PLATFORM);
    const uri = typeof created['uri'] === 'string' ? created['uri'] : `at://${session.did}/${POST_COLLECTION}/${rkey}`;
    return { platformId: uri, url: postUrl(session, rkey) };
  },

  engagement: (uri, account, fetch) => blueskyEngagement(uri, account.appView, fetch),
};

function xrpc(service: string, method: string): string {
  return new URL(`/xrpc/${method}`, service).toString();
}

function postUrl(session: Session, rkey: string): string {
  return `https://bsky.app/profile/${session.handle}/post/${rkey}`;
}

async function createSession(account: BlueskyAccount, fetch: SafeFetch): Promise<Session> {
  const response = await sendForPublishing(
    fetch,
    {
      url: xrpc(account.service, 'com.atproto.server.createSession'),
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ identifier: account.handle, password: account.appPassword }),
    },
    PLATFORM,
  );
  checkPublishResponse(response, PLATFORM, `the sign-in of @${account.handle}`);
  const session = sessionSchema.safeParse(publishedJson(response, PLATFORM));
  if (!session.success) throw new PublishRejectedError(response.status, PLATFORM, 'Bluesky signed in but gave no session; check the service address');
  return session.data;
}

/** The at:// URI of the post already made under this rkey, or null when there is none. */
async function findRecord(service: string, session: Session, rkey: string, fetch: SafeFetch): Promise<string | null> {
  const url = new URL(xrpc(service, 'com.atproto.repo.getRecord'));
  url.searchParams.set('repo', session.did);
  url.searchParams.set('collection', POST_COLLECTION);
  url.searchParams.set('rkey', rkey);
  const response = await sendForPublishing(fetch, { url: url.toString(), headers: { accept: 'application/json' } }, PLATFORM);
  // atproto answers a missing record with 400 RecordNotFound (some servers with 404).
  if (response.status === 400 || response.status === 404) return null;
  checkResponse(response, new Date(), PLATFORM);
  const uri = (publishedJson(response, PLATFORM)['uri'] as unknown) ?? null;
  return typeof uri === 'string' ? uri : `at://${session.did}/${POST_COLLECTION}/${rkey}`;
}

/**
 * Mentions name a handle in the text but must point to a DID. A handle that does not resolve
 * stays plain text, as the Bluesky app leaves it.
 */
async function resolveMentions(facets: Facet[], service: string, fetch: SafeFetch): Promise<Facet[]> {
  const kept: Facet[] = [];
  for (const facet of facets) {
    const feature = facet.features[0] as { $type?: string; did?: string } | undefined;
    if (feature?.$type !== 'app.bsky.richtext.facet#mention' || !feature.did) {
      kept.push(facet);
      continue;
    }
    const url = new URL(xrpc(service, 'com.atproto.identity.resolveHandle'));
    url.searchParams.set('handle', feature.did);
    const response = await sendForPublishing(fetch, { url: url.toString(), headers: { accept: 'application/json' } }, PLATFORM);
    if (response.status === 400 || response.status === 404) continue;
    checkResponse(response, new Date(), PLATFORM);
    const did = publishedJson(response, PLATFORM)['did'];
    if (typeof did === 'string' && did.startsWith('did:')) kept.push({ ...facet, features: [{ $type: 'app.bsky.richtext.facet#mention', did }] });
  }
  return kept;
}
