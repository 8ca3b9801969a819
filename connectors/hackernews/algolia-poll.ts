import type { PollContext, PollResult } from '../connector.js';
import { UnreadableDocumentError } from '../connector-errors.js';
import { readSearchCursor, type SearchCursor } from './hackernews-cursor.js';
import { fetchHnDocument } from './hackernews-fetch.js';
import { ALGOLIA_BASE, type HackernewsOptions } from './hackernews-options.js';

/**
 * A search through HN Search (Algolia), newest first, filtered on the creation time of the
 * newest hit already read. The filter is `>=`, not `>`: two stories of the same second would
 * otherwise lose one; the ids of that second are remembered and dropped.
 */
export async function pollAlgoliaSearch(query: string, ctx: PollContext<HackernewsOptions>): Promise<PollResult> {
  const { options } = ctx;
  const previous = readSearchCursor(ctx.cursor, query, options.tags);
  const params = new URLSearchParams({ query, tags: options.tags, hitsPerPage: String(options.maxItems) });
  if (previous.since !== null) params.set('numericFilters', `created_at_i>=${previous.since}`);
  const page = await fetchHnDocument(`${options.baseUrl ?? ALGOLIA_BASE}/search_by_date?${params}`, ctx, 'HN Search');
  if (page.shape !== 'search') throw new UnreadableDocumentError('HN Search answered something other than a page of hits');

  const atSince = new Set(previous.idsAtSince);
  const since = previous.since;
  const fresh = page.entries.filter((entry) => {
    if (since === null || entry.createdAt === null) return true;
    return entry.createdAt > since || (entry.createdAt === since && !atSince.has(entry.id));
  });

  const warnings: string[] = [];
  if (page.unreadable > 0) warnings.push(`${page.unreadable} ${page.unreadable === 1 ? 'hit' : 'hits'} without a readable objectID ignored`);
  // On the first poll older matches are history, not news: only later polls warn.
  if (since !== null && page.total !== null && page.total > page.entries.length + page.unreadable) {
    const left = page.total - page.entries.length - page.unreadable;
    warnings.push(`${left} older ${left === 1 ? 'match was' : 'matches were'} not read (at most ${options.maxItems} per poll)`);
  }
  return { items: fresh.map((entry) => entry.item), cursor: nextCursor(previous, page.entries), warnings };
}

function nextCursor(previous: SearchCursor, entries: readonly { id: number; createdAt: number | null }[]): SearchCursor {
  const times = entries.flatMap((entry) => (entry.createdAt === null ? [] : [entry.createdAt]));
  const newest = Math.max(previous.since ?? -Infinity, ...times);
  if (!Number.isFinite(newest)) return previous;
  const ids = entries.filter((entry) => entry.createdAt === newest).map((entry) => entry.id);
  const keep = newest === previous.since ? previous.idsAtSince : [];
  return { ...previous, since: newest, idsAtSince: [...new Set([...ids, ...keep])] };
}
