import { z } from 'zod';
import type { Connector, ConnectorItem, PollResult, RawDocument, ReadResult } from '../connector.js';
import { checkResponse } from '../connector-errors.js';
import { conditionalHeaders, validatorsOf, type HttpCursor } from '../http/conditional-get.js';
import type { SafeFetch } from '../http/safe-fetch.js';
import { entryToItem } from './feed-item.js';
import { parseFeed, type RawEntry } from './feed-parser.js';

const rssOptionsSchema = z.object({
  url: z.string().url('must be an absolute http(s) URL'),
});
export type RssOptions = z.infer<typeof rssOptionsSchema>;

export const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5';

/** A hook for connectors built on feeds (YouTube): adds what their platform puts beside the entry. */
export type EntryDecorator = (item: ConnectorItem, entry: RawEntry) => ConnectorItem;

/**
 * Reads a feed document into items. `now` is the clock for refusing future dates: the poll's own
 * time, or the wall clock for `read` (a file read by `tidewatch inspect`).
 */
export async function readFeed(document: RawDocument, now: Date, decorate?: EntryDecorator): Promise<ReadResult> {
  const feed = await parseFeed(document);
  const warnings = [...feed.warnings];
  // One line per kind of problem, with its first example, however many entries share it.
  const entryWarnings = new Map<string, { message: string; count: number }>();
  const warn = (kind: string, message: string) => {
    const seen = entryWarnings.get(kind);
    entryWarnings.set(kind, { message: seen?.message ?? message, count: (seen?.count ?? 0) + 1 });
  };
  const items: ConnectorItem[] = [];
  const seen = new Set<string>();
  let empty = 0;
  let duplicates = 0;
  for (const entry of feed.entries) {
    const item = entryToItem(entry, { feed, now, warn });
    if (!item) {
      empty++;
      continue;
    }
    // The runtime keys items by external id: a feed that repeats one would otherwise flap.
    if (seen.has(item.externalId)) {
      duplicates++;
      continue;
    }
    seen.add(item.externalId);
    items.push(decorate ? decorate(item, entry) : item);
  }
  for (const { message, count } of entryWarnings.values()) warnings.push(count > 1 ? `${message} (and ${count - 1} more)` : message);
  if (empty > 0) warnings.push(`${empty} entr${empty === 1 ? 'y' : 'ies'} with no title, text or link ${empty === 1 ? 'was' : 'were'} skipped`);
  if (duplicates > 0) warnings.push(`${duplicates} entr${duplicates === 1 ? 'y repeats' : 'ies repeat'} an earlier id and ${duplicates === 1 ? 'was' : 'were'} skipped`);
  return { items, warnings };
}

/** Whether the first bytes look like a feed, whatever the encoding (UTF-16 included). */
export function looksLikeFeed(document: RawDocument, extra?: RegExp): boolean {
  const head = document.body.subarray(0, 4096);
  // Dropping zero bytes makes UTF-16/32 text readable as ASCII for a quick look.
  const text = Buffer.from(head.filter((byte) => byte !== 0)).toString('latin1');
  if (!/<(?:[\w-]+:)?(?:rss|feed|RDF)[\s>]/.test(text)) return false;
  return extra ? extra.test(text) : true;
}

/** Fetches a feed with conditional GET and reads it; a 304 keeps the cursor and gives nothing. */
export async function pollFeed(
  url: string,
  { cursor, fetch, signal, now }: { cursor: unknown; fetch: SafeFetch; signal: AbortSignal; now: Date },
  decorate?: EntryDecorator,
): Promise<PollResult> {
  const previous = (cursor ?? null) as HttpCursor | null;
  const response = await fetch({ url, headers: { accept: FEED_ACCEPT, ...conditionalHeaders(previous) }, signal });
  if (response.status === 304) return { items: [], cursor: previous };
  checkResponse(response, now, 'the feed');
  const { items, warnings } = await readFeed({ body: response.body, contentType: response.headers['content-type'] ?? null, url: response.url }, now, decorate);
  return { items, cursor: validatorsOf(response.headers), warnings };
}

/** Any RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or RDF feed, parsed by rss-parser from text we decode and repair ourselves. */
export const rssConnector: Connector<RssOptions> = {
  kind: 'rss',
  channel: 'news',
  optionsSchema: rssOptionsSchema,
  defaultSchedule: '*/5 * * * *',

  read(document: RawDocument): Promise<ReadResult> {
    return readFeed(document, new Date());
  },

  recognizes(document: RawDocument): boolean {
    return looksLikeFeed(document);
  },

  poll({ options, ...context }): Promise<PollResult> {
    return pollFeed(options.url, context);
  },
};
