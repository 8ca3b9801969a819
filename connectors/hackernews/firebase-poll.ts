import type { ConnectorItem, PollContext, PollResult } from '../connector.js';
import { UnreadableDocumentError } from '../connector-errors.js';
import { readListCursor, rememberIds, type ListCursor } from './hackernews-cursor.js';
import { fetchHnDocument } from './hackernews-fetch.js';
import { FIREBASE_BASE, type HackernewsOptions } from './hackernews-options.js';
import { mapWithConcurrency } from './map-with-concurrency.js';
import { SkipCounter } from './skip-warnings.js';

type List = ListCursor['list'];

/**
 * Follows one Firebase list: fetch the ids, then only the items not taken before, a few at a
 * time. `new` grows upwards, so the highest id taken is enough; `top` and `best` are rankings,
 * so the ids met there are remembered (bounded) and only the front `maxItems` are looked at.
 */
export async function pollFirebaseList(list: List, ctx: PollContext<HackernewsOptions>): Promise<PollResult> {
  const { options } = ctx;
  const base = options.baseUrl ?? FIREBASE_BASE;
  const previous = readListCursor(ctx.cursor, list);
  const listing = await fetchHnDocument(`${base}/${list}stories.json`, ctx, 'Hacker News');
  if (listing.shape !== 'ids') throw new UnreadableDocumentError(`${list}stories.json answered something other than a list of ids`);
  const ids = [...new Set(listing.ids)];

  const warnings: string[] = [];
  const plan = list === 'new' ? planNew(ids, previous, options.maxItems) : planRanking(ids, previous, options.maxItems);
  if (plan.waiting > 0) warnings.push(`${plan.waiting} newer ${plan.waiting === 1 ? 'story waits' : 'stories wait'} for the next poll (at most ${options.maxItems} per poll)`);

  const documents = await mapWithConcurrency(plan.take, options.concurrency, (id) => fetchHnDocument(`${base}/item/${id}.json`, ctx, 'Hacker News'));
  const items: ConnectorItem[] = [];
  const skipped = new SkipCounter();
  for (const document of documents) {
    if (document.shape !== 'item') skipped.add('unreadable');
    else if (document.outcome.item) items.push(document.outcome.item);
    else skipped.add(document.outcome.skipped);
  }
  warnings.push(...skipped.warnings());
  return { items, cursor: plan.cursor, warnings };
}

interface Plan {
  take: number[];
  /** New ids left for a later poll. */
  waiting: number;
  cursor: ListCursor;
}

function planNew(ids: number[], previous: ListCursor, maxItems: number): Plan {
  const newestFirst = [...ids].sort((a, b) => b - a);
  if (previous.highestId === null) {
    // A new source starts from now: the newest few, and everything below them counts as seen.
    return { take: newestFirst.slice(0, maxItems), waiting: 0, cursor: { list: 'new', highestId: newestFirst[0] ?? null, seen: [] } };
  }
  const highest = previous.highestId;
  // Oldest first, so a burst bigger than maxItems is caught up over the next polls instead of skipped.
  const unseen = newestFirst.filter((id) => id > highest).reverse();
  const take = unseen.slice(0, maxItems);
  return { take, waiting: unseen.length - take.length, cursor: { list: 'new', highestId: Math.max(highest, ...take), seen: [] } };
}

function planRanking(ids: number[], previous: ListCursor, maxItems: number): Plan {
  const front = ids.slice(0, maxItems);
  const known = new Set(previous.seen);
  const take = front.filter((id) => !known.has(id));
  return { take, waiting: 0, cursor: { list: previous.list, highestId: null, seen: rememberIds(front, previous.seen) } };
}
