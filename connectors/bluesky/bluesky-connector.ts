import { z } from 'zod';
import type { Connector, ConnectorItem, PollContext, PollResult, RawDocument, ReadResult } from '../connector.js';
import { checkResponse } from '../connector-errors.js';
import { createSafeWebSocket, type OpenWebSocket } from '../http/safe-websocket.js';
import { looksLikeBluesky, readBlueskyDocument, type FeedEntry } from './bluesky-document.js';
import { blueskyOptionsSchema, type BlueskyOptions, type JetstreamOptions } from './bluesky-options.js';
import { jetstreamPostToItem, parseJetstreamEvent, type JetstreamEvent } from './jetstream-event.js';
import { readJetstreamSession } from './jetstream-session.js';
import { createKeywordMatcher } from './keyword-match.js';
import { resolveHandles } from './resolve-handles.js';

/** Feeds and searches: the newest feed time seen, and which entries had exactly that time. */
const feedCursorSchema = z.object({ watermark: z.string().nullable(), atWatermark: z.array(z.string()) });
/** The firehose: the largest time_us seen (events can arrive slightly out of order). */
const jetstreamCursorSchema = z.object({ timeUs: z.number().int() });
type FeedCursor = z.infer<typeof feedCursorSchema>;

export interface BlueskyConnectorDeps {
  /** How the firehose is reached; the runtime passes one with its address policy. */
  openSocket: OpenWebSocket;
}

/** Searches, author feeds and the keyword-filtered firehose of Bluesky. */
export function createBlueskyConnector(deps: BlueskyConnectorDeps = { openSocket: createSafeWebSocket() }): Connector<BlueskyOptions> {
  return {
    kind: 'bluesky',
    channel: 'bluesky',
    optionsSchema: blueskyOptionsSchema,
    defaultSchedule: '*/2 * * * *',

    async read(document: RawDocument): Promise<ReadResult> {
      const { items, warnings } = readBlueskyDocument(document, new Date());
      return { items, warnings };
    },

    recognizes(document: RawDocument): boolean {
      return looksLikeBluesky(document);
    },

    async poll(ctx: PollContext<BlueskyOptions>): Promise<PollResult> {
      const { options } = ctx;
      if (options.feed === 'jetstream') return pollJetstream(ctx as PollContext<JetstreamOptions>, options, ctx.openSocket ?? deps.openSocket);
      return pollFeed(ctx, options);
    },
  };
}

export const blueskyConnector = createBlueskyConnector();

/**
 * Searches and author feeds list the newest first and page backwards in time. A poll reads
 * pages until it reaches what the previous poll saw (or its page budget); a first poll takes
 * one page.
 */
async function pollFeed(ctx: PollContext<BlueskyOptions>, options: Exclude<BlueskyOptions, JetstreamOptions>): Promise<PollResult> {
  const { fetch, signal, now } = ctx;
  const parsed = feedCursorSchema.safeParse(ctx.cursor);
  const previous: FeedCursor | null = parsed.success ? parsed.data : null;
  const pageBudget = previous?.watermark ? options.maxPages : 1;
  const items: ConnectorItem[] = [];
  const warnings: string[] = [];
  const seenIds = new Set<string>();
  let watermark = previous?.watermark ?? null;
  let atWatermark = new Set(previous?.atWatermark ?? []);
  let pageCursor: string | null = null;
  let reachedKnown = false;

  for (let page = 0; page < pageBudget && !reachedKnown; page++) {
    const response = await fetch({ url: feedUrl(options, pageCursor, previous?.watermark ?? null), headers: { accept: 'application/json' }, signal });
    checkResponse(response, now, 'the Bluesky AppView');
    const reading = readBlueskyDocument({ body: response.body, contentType: response.headers['content-type'] ?? null, url: response.url }, now);
    warnings.push(...reading.warnings);
    for (const entry of reading.entries) {
      if (!entry.sortAt) continue;
      const key = entryKey(entry);
      if (previous?.watermark && isKnown(entry.sortAt, key, previous)) {
        // A pinned post is old news at the head of the feed: it says nothing about what follows.
        if (!entry.pinned) reachedKnown = true;
        continue;
      }
      if (entry.item && !seenIds.has(entry.item.externalId)) {
        seenIds.add(entry.item.externalId);
        items.push(entry.item);
      }
      if (watermark === null || entry.sortAt > watermark) {
        watermark = entry.sortAt;
        atWatermark = new Set([key]);
      } else if (entry.sortAt === watermark) atWatermark.add(key);
    }
    pageCursor = reading.nextCursor;
    if (!pageCursor) break;
    if (page === pageBudget - 1 && !reachedKnown && previous?.watermark) warnings.push(`more than ${pageBudget} pages of new posts; older ones in between were not fetched`);
  }
  const cursor: FeedCursor = { watermark, atWatermark: [...atWatermark] };
  return { items, cursor, warnings: [...new Set(warnings)] };
}

function feedUrl(options: Exclude<BlueskyOptions, JetstreamOptions>, pageCursor: string | null, since: string | null): string {
  const url =
    options.feed === 'search' ? new URL('/xrpc/app.bsky.feed.searchPosts', options.service) : new URL('/xrpc/app.bsky.feed.getAuthorFeed', options.service);
  if (options.feed === 'search') {
    url.searchParams.set('q', options.query);
    url.searchParams.set('sort', 'latest');
    if (options.language) url.searchParams.set('lang', options.language);
    // The search filters by time itself; the client-side check below still drops what was seen.
    if (since) url.searchParams.set('since', since);
  } else {
    url.searchParams.set('actor', options.actor);
    url.searchParams.set('filter', options.includeReplies ? 'posts_with_replies' : 'posts_no_replies');
  }
  url.searchParams.set('limit', String(options.limit));
  if (pageCursor) url.searchParams.set('cursor', pageCursor);
  return url.toString();
}

/** Times are ISO 8601 in UTC with milliseconds, so they compare as text. */
function isKnown(sortAt: string, key: string, previous: FeedCursor): boolean {
  if (!previous.watermark) return false;
  return sortAt < previous.watermark || (sortAt === previous.watermark && previous.atWatermark.includes(key));
}

function entryKey(entry: FeedEntry): string {
  return `${entry.item?.externalId ?? ''}@${entry.sortAt ?? ''}`;
}

/**
 * One bounded visit to the firehose from the last cursor. Jetstream replays from the cursor's
 * time inclusive, so events at or before it were seen; within a visit events may come slightly
 * out of order, so every later one counts and the new cursor is the largest time seen.
 */
async function pollJetstream(ctx: PollContext<JetstreamOptions>, options: JetstreamOptions, openSocket: OpenWebSocket): Promise<PollResult> {
  const { fetch, signal, now } = ctx;
  const parsed = jetstreamCursorSchema.safeParse(ctx.cursor);
  const since = parsed.success ? parsed.data.timeUs : null;
  const url = new URL(options.endpoint);
  url.searchParams.set('wantedCollections', 'app.bsky.feed.post');
  if (since !== null) url.searchParams.set('cursor', String(since));

  const session = await readJetstreamSession(openSocket, url.toString(), { maxEvents: options.maxEvents, maxMs: options.maxSeconds * 1000, signal });
  const warnings = session.endedEarly ? [session.endedEarly] : [];
  const { matches, maxTimeUs, unreadable } = selectJetstreamPosts(session.messages, options.keywords, since, now);
  if (unreadable > 0) warnings.push(`${unreadable} firehose message${unreadable === 1 ? ' was' : 's were'} not readable events`);

  let handles = new Map<string, string>();
  if (matches.length > 0) {
    try {
      handles = await resolveHandles(
        matches.map((event) => event.did),
        options.service,
        fetch,
        now,
        signal,
      );
    } catch (error) {
      warnings.push(`authors are shown by DID: their handles could not be looked up (${(error as Error).message})`);
    }
  }
  const items = matches.map((event) => jetstreamPostToItem(event, handles.get(event.did) ?? null, now)).filter((item): item is ConnectorItem => item !== null);
  const cursor = maxTimeUs === null ? (since === null ? null : { timeUs: since }) : { timeUs: Math.max(maxTimeUs, since ?? 0) };
  return { items, cursor, warnings };
}

export interface JetstreamSelection {
  /** Post events whose text mentions a keyword, in arrival order. */
  matches: JetstreamEvent[];
  /** The largest time_us of any event (of any kind), or null when none came. */
  maxTimeUs: number | null;
  unreadable: number;
}

/** Picks the new posts that mention a keyword out of raw firehose messages (or parsed events). */
export function selectJetstreamPosts(messages: ReadonlyArray<string | unknown>, keywords: readonly string[], since: number | null, now: Date): JetstreamSelection {
  const matches = createKeywordMatcher(keywords);
  const selected: JetstreamEvent[] = [];
  const seen = new Set<string>();
  let maxTimeUs: number | null = null;
  let unreadable = 0;
  for (const message of messages) {
    let value: unknown = message;
    if (typeof message === 'string') {
      try {
        value = JSON.parse(message);
      } catch {
        value = null;
      }
    }
    const event = parseJetstreamEvent(value);
    if (!event) {
      unreadable++;
      continue;
    }
    if (maxTimeUs === null || event.time_us > maxTimeUs) maxTimeUs = event.time_us;
    if (since !== null && event.time_us <= since) continue;
    const item = jetstreamPostToItem(event, null, now);
    if (!item || seen.has(item.externalId) || !matches(item.text)) continue;
    seen.add(item.externalId);
    selected.push(event);
  }
  return { matches: selected, maxTimeUs, unreadable };
}
