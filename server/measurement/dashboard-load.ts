import type { AnyEvent, Dashboard, DashboardQuery, Item, ItemDay, Story } from '../domain/index.js';
import type { Store } from '../store/store.js';
import { daysOf } from './calendar.js';
import { assembleDashboard } from './dashboard-compute.js';
import { opportunitiesInScope, scopeOf } from './dashboard-scope.js';
import { addEventFacts, emptyHistory } from './event-facts.js';
import { ItemTally, type KeptDays } from './item-tally.js';
import type { MeasurementRecords } from './measurement-input.js';

const HOUR_MS = 3_600_000;

export interface DashboardLoadOptions {
  /** Items read per page. */
  itemPage?: number;
  /** Events read per page. */
  eventPage?: number;
  /**
   * How long after the period's end an item may have been fetched and still count (by its
   * publishedAt): feeds deliver late, but the item pages stop somewhere.
   */
  lateFetchHours?: number;
  /** How far before the period the log is read for the stories' sizes at raise time. */
  lookbackHours?: number;
}

const DEFAULTS: Required<DashboardLoadOptions> = { itemPage: 1000, eventPage: 500, lateFetchHours: 48, lookbackHours: 7 * 24 };

/**
 * Reads what the dashboard needs through the Store port (existing methods only) and computes it.
 * Bounded: workflow records are read whole (they are few: one per opportunity, draft, review,
 * post, beat); items are paged from the period's start (`itemsFetchedSince`) and counted page by
 * page, never held together; the event log is paged from a week before the period (found by a
 * binary search on the events' times) and only the states of the period's opportunities and the
 * sizes of their stories are kept; stories are fetched one by one, only those named. The days
 * tallied before retention are read day by day (`itemDay` records: one per day and channel).
 */
export async function loadDashboard(store: Store, query: DashboardQuery, now: Date, options: DashboardLoadOptions = {}): Promise<Dashboard> {
  const settings = { ...DEFAULTS, ...options };
  const scope = scopeOf(query, now);
  const [opportunities, drafts, reviews, posts, beats, sources, lastSeq] = await Promise.all([
    store.listRecords('opportunity'),
    store.listRecords('draft'),
    store.listRecords('review'),
    store.listRecords('post'),
    store.listRecords('beat'),
    store.listSources(),
    store.lastSeq(),
  ]);
  const inScope = opportunitiesInScope(scope, opportunities);
  const storyIds = new Set(inScope.flatMap((o) => (o.storyId === null ? [] : [o.storyId])));

  const history = emptyHistory();
  const historyScope = { opportunityIds: new Set(inScope.map((o) => o.id)), storyIds };
  if (inScope.length > 0) {
    let seq = (await firstSeqAtOrAfter(store, scope.from - settings.lookbackHours * HOUR_MS, lastSeq)) - 1;
    while (seq < lastSeq) {
      const { events } = await store.eventsSince(seq, Math.min(settings.eventPage, lastSeq - seq));
      if (events.length === 0) break;
      addEventFacts(history, events, historyScope);
      seq = events.at(-1)!.seq;
    }
  }

  const tally = new ItemTally(scope, beats, await keptDays(store, query.from, query.to));
  await pageItems(store, query.from, scope.to + settings.lateFetchHours * HOUR_MS, settings.itemPage, (page) => tally.add(page));

  const stories = await storiesById(store, new Set([...storyIds, ...tally.storyIds()]));
  const records: MeasurementRecords = {
    opportunities,
    drafts,
    reviews,
    posts,
    beats,
    stories,
    sources: sources.map(({ id, name }) => ({ id, name })),
    history,
  };
  return assembleDashboard(scope, records, tally);
}

/** The tallies of the period's days, read a day at a time (a month of days at once). */
export async function keptDays(store: Pick<Store, 'listRecords'>, from: string, to: string): Promise<KeptDays> {
  const tallies: ItemDay[] = [];
  const days = daysOf(from, to);
  for (let i = 0; i < days.length; i += 31) {
    const found = await Promise.all(days.slice(i, i + 31).map((day) => store.listRecords('itemDay', { day })));
    tallies.push(...found.flat());
  }
  return { days: new Set(tallies.map((t) => t.day)), tallies };
}

/** The first event at or after a time (ms), by a binary search over the log (events are in time order); lastSeq + 1 when none. */
export async function firstSeqAtOrAfter(store: Pick<Store, 'eventsSince'>, at: number, lastSeq: number): Promise<number> {
  let lo = 1;
  let hi = lastSeq + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const event: AnyEvent | undefined = (await store.eventsSince(mid - 1, 1)).events[0];
    if (event === undefined || Date.parse(event.at) >= at) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Hands every item fetched since `from` to `take`, a page at a time, until the items fetched
 * after `stopAt` (ms) begin. Pages follow `fetchedAt`; items sharing the boundary time are
 * remembered so none is handed over twice, and a page made only of them doubles the next.
 * A `take` that returns a promise is awaited before the next page.
 */
export async function pageItems(store: Pick<Store, 'itemsFetchedSince'>, from: string, stopAt: number, pageSize: number, take: (items: Item[]) => unknown): Promise<void> {
  let since = from;
  let limit = pageSize;
  let atBoundary = new Set<string>();
  for (;;) {
    const page = await store.itemsFetchedSince(since, limit);
    const fresh = page.filter((item) => !(item.fetchedAt === since && atBoundary.has(item.id)));
    await take(fresh);
    if (page.length < limit) return;
    let latest = since;
    for (const item of page) if (item.fetchedAt > latest) latest = item.fetchedAt;
    if (latest === since) {
      for (const item of fresh) atBoundary.add(item.id);
      if (fresh.length === 0) limit *= 2;
      continue;
    }
    since = latest;
    atBoundary = new Set(page.filter((item) => item.fetchedAt === latest).map((item) => item.id));
    // The next page starts with the items at the boundary again: ask for that many more.
    limit = pageSize + atBoundary.size;
    if (Date.parse(since) > stopAt) return;
  }
}

async function storiesById(store: Pick<Store, 'getStory'>, ids: ReadonlySet<string>): Promise<Story[]> {
  const stories: Story[] = [];
  const all = [...ids];
  for (let i = 0; i < all.length; i += 50) {
    const found = await Promise.all(all.slice(i, i + 50).map((id) => store.getStory(id)));
    for (const story of found) if (story) stories.push(story);
  }
  return stories;
}
