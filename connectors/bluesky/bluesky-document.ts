import { z } from 'zod';
import type { ConnectorItem, RawDocument } from '../connector.js';
import { UnreadableDocumentError } from '../connector-errors.js';
import { POST_COLLECTION, postToItem, postViewSchema, sourceOfView, type PostView } from './bluesky-post.js';
import { jetstreamPostToItem, looksLikeJetstreamEvent, parseJetstreamEvent } from './jetstream-event.js';

/** One entry of a feed page, with the time the feed is ordered by (for paging by time). */
export interface FeedEntry {
  item: ConnectorItem | null;
  /** When the entry entered the feed: the repost's time for a repost, the post's otherwise. */
  sortAt: string | null;
  /** Pinned posts head an author feed whatever their age, so they say nothing about paging. */
  pinned: boolean;
}

export interface BlueskyReading {
  items: ConnectorItem[];
  warnings: string[];
  entries: FeedEntry[];
  /** The XRPC paging cursor for the next (older) page. */
  nextCursor: string | null;
}

const feedEntrySchema = z.object({
  post: z.unknown(),
  reason: z.object({ $type: z.string(), indexedAt: z.string().optional() }).loose().optional(),
});
const repoRecordSchema = z.object({ uri: z.string().startsWith('at://'), value: z.unknown() });

/**
 * Reads Bluesky answers that carry posts: feeds (author, timeline, custom, list), post lists
 * (getPosts, searchPosts), threads, repo records, and Jetstream events (one per line).
 */
export function readBlueskyDocument(document: RawDocument, now: Date): BlueskyReading {
  const text = document.body.toString('utf8').replace(/^\uFEFF/, '');
  const json = parseJson(text);
  if (json === undefined) {
    const events = parseJsonLines(text);
    if (events) return readJetstream(events, now);
    throw new UnreadableDocumentError('not a Bluesky answer: the JSON does not parse');
  }
  if (looksLikeJetstreamEvent(json)) return readJetstream([json], now);
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new UnreadableDocumentError('not a Bluesky answer with posts');
  const body = json as Record<string, unknown>;
  const nextCursor = typeof body['cursor'] === 'string' && body['cursor'] !== '' ? body['cursor'] : null;
  if (Array.isArray(body['feed'])) return fromEntries(body['feed'].map((entry) => feedEntry(entry, now)), nextCursor);
  if (Array.isArray(body['posts'])) return fromEntries(body['posts'].map((post) => viewEntry(post, now, null, false)), nextCursor);
  if (body['thread'] && typeof body['thread'] === 'object') return fromEntries(threadPosts(body['thread']).map((post) => viewEntry(post, now, null, false)), null);
  if (Array.isArray(body['records'])) return fromEntries(body['records'].map((record) => recordEntry(record, now)), nextCursor);
  if (typeof body['uri'] === 'string' && 'value' in body) return fromEntries([recordEntry(body, now)], null);
  throw new UnreadableDocumentError(`not a Bluesky answer with posts: ${describe(body)}`);
}

export function looksLikeBluesky(document: RawDocument): boolean {
  const text = document.body.toString('utf8').replace(/^\uFEFF/, '');
  const json = parseJson(text) ?? parseJsonLines(text)?.[0];
  if (looksLikeJetstreamEvent(json)) return true;
  if (!json || typeof json !== 'object') return false;
  const body = json as Record<string, unknown>;
  const first = (Array.isArray(body['feed']) ? (body['feed'][0] as { post?: unknown } | undefined)?.post : Array.isArray(body['posts']) ? body['posts'][0] : undefined) as
    | { uri?: unknown }
    | undefined;
  if (typeof first?.uri === 'string') return first.uri.startsWith('at://');
  return typeof body['uri'] === 'string' && body['uri'].startsWith('at://') && 'value' in body;
}

function fromEntries(entries: Array<FeedEntry | 'invalid'>, nextCursor: string | null): BlueskyReading {
  const valid = entries.filter((entry): entry is FeedEntry => entry !== 'invalid');
  const invalid = entries.length - valid.length;
  const items: ConnectorItem[] = [];
  const seen = new Set<string>();
  for (const { item } of valid) {
    // A timeline can hold a post and a repost of it: one item.
    if (!item || seen.has(item.externalId)) continue;
    seen.add(item.externalId);
    items.push(item);
  }
  const warnings = invalid > 0 ? [`${invalid} entr${invalid === 1 ? 'y was' : 'ies were'} not readable posts and were left out`] : [];
  return { items, warnings, entries: valid, nextCursor };
}

/** A feed entry: a repost is unwrapped (the item is the reposted post), ordered by the repost's time. */
function feedEntry(raw: unknown, now: Date): FeedEntry | 'invalid' {
  const parsed = feedEntrySchema.safeParse(raw);
  if (!parsed.success) return 'invalid';
  const { reason } = parsed.data;
  const pinned = reason?.$type === 'app.bsky.feed.defs#reasonPin';
  return viewEntry(parsed.data.post, now, reason?.indexedAt ?? null, pinned);
}

function viewEntry(raw: unknown, now: Date, repostedAt: string | null, pinned: boolean): FeedEntry | 'invalid' {
  const parsed = postViewSchema.safeParse(raw);
  if (!parsed.success) return 'invalid';
  const item = postToItem(sourceOfView(parsed.data), now);
  return { item, sortAt: isoTime(repostedAt) ?? item?.publishedAt ?? isoTime(parsed.data.indexedAt), pinned };
}

function recordEntry(raw: unknown, now: Date): FeedEntry | 'invalid' {
  const parsed = repoRecordSchema.safeParse(raw);
  if (!parsed.success) return 'invalid';
  const [, , did = '', collection] = parsed.data.uri.split('/');
  if (collection !== POST_COLLECTION) return { item: null, sortAt: null, pinned: false };
  const item = postToItem({ uri: parsed.data.uri, did, handle: null, record: parsed.data.value, seenAt: null, engagement: {} }, now);
  return { item, sortAt: item?.publishedAt ?? null, pinned: false };
}

/** The posts of a thread: its ancestors, the post itself and every reply below it. */
function threadPosts(root: unknown): PostView[] {
  const ancestors: PostView[] = [];
  for (let node = nodeOf(root)?.parent, depth = 0; node && depth < 100; node = nodeOf(node)?.parent, depth++) {
    const post = postViewSchema.safeParse(nodeOf(node)?.post);
    if (post.success) ancestors.unshift(post.data);
  }
  return [...ancestors, ...postAndReplies(root, 0)];
}

function postAndReplies(node: unknown, depth: number): PostView[] {
  const thread = nodeOf(node);
  if (!thread || depth > 100) return [];
  const post = postViewSchema.safeParse(thread.post);
  const replies = Array.isArray(thread.replies) ? thread.replies.flatMap((reply) => postAndReplies(reply, depth + 1)) : [];
  return [...(post.success ? [post.data] : []), ...replies];
}

function nodeOf(value: unknown): { post?: unknown; parent?: unknown; replies?: unknown } | null {
  return value && typeof value === 'object' ? (value as { post?: unknown; parent?: unknown; replies?: unknown }) : null;
}

function readJetstream(values: unknown[], now: Date): BlueskyReading {
  const entries: FeedEntry[] = [];
  let invalid = 0;
  for (const value of values) {
    const event = parseJetstreamEvent(value);
    if (!event) {
      invalid++;
      continue;
    }
    const item = jetstreamPostToItem(event, null, now);
    if (item) entries.push({ item, sortAt: item.publishedAt, pinned: false });
  }
  const reading = fromEntries(entries, null);
  if (invalid > 0) reading.warnings.push(`${invalid} line${invalid === 1 ? ' was' : 's were'} not Jetstream events and were left out`);
  return reading;
}

/** Feed times compare as text, so they are all written the same way. */
function isoTime(raw: string | null | undefined): string | null {
  const time = raw ? Date.parse(raw) : Number.NaN;
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** JSON Lines, as Jetstream events are recorded; null unless the first line is an event. */
function parseJsonLines(text: string): unknown[] | null {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const values = lines.map((line) => parseJson(line) ?? null);
  return values.length > 0 && looksLikeJetstreamEvent(values[0]) ? values : null;
}

function describe(body: Record<string, unknown>): string {
  if (typeof body['error'] === 'string') return `the server answered with an error (${body['error']}: ${String(body['message'] ?? 'no message')})`;
  if (Array.isArray(body['profiles'])) return 'it lists profiles, which are not posts';
  if (Array.isArray(body['likes'])) return 'it lists who liked a post, not posts';
  if (Array.isArray(body['repostedBy'])) return 'it lists who reposted a post, not posts';
  if (typeof body['did'] === 'string') return `it is a resolved handle (${body['did']}), not posts`;
  return `an object with ${Object.keys(body).slice(0, 6).join(', ') || 'no fields'}`;
}
