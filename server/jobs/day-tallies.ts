import { digestOf, type AnyNewEvent, type ItemDay, type RecordChange } from '../domain/index.js';
import { parseBeats } from '../measurement/beat-matcher.js';
import { utcDay } from '../measurement/calendar.js';
import { pageItems } from '../measurement/dashboard-load.js';
import { DayTallies, toItemDay } from '../measurement/day-tally.js';
import type { Store } from '../store/store.js';

const DAY_MS = 86_400_000;
const EPOCH = new Date(0).toISOString();

export interface TallyReport {
  /** The UTC days tallied in this pass, in order. */
  days: string[];
  /** Records written (one per day and channel with items). */
  tallies: number;
  /** Items counted into them. */
  items: number;
}

export interface TallyOptions {
  /** Items read per page. */
  itemPage?: number;
}

/**
 * Keeps the item figures of every UTC day that begins before `cutoff` (and has ended by `at`) and
 * has no tally yet, as `itemDay` records (one per channel), counted from every item still stored
 * that was published that day, attached to an opportunity or about to be deleted. Retention
 * deletes only items fetched before the cutoff, so (published before they were fetched) they all
 * fall on days tallied here first. A day with a tally is never counted again: each day's records
 * go in one commit, created only if absent, so a crash between this and the deletion, or a
 * second pass, counts nothing twice. Items are paged; only the counts of the days are held.
 */
export async function tallyDaysBefore(store: Store, cutoff: string, at: string, actor: string, options: TallyOptions = {}): Promise<TallyReport> {
  const last = Math.min(Date.parse(cutoff), Date.parse(at) - DAY_MS + 1);
  const beats = parseBeats(await store.listRecords('beat'));
  /** Day → whether it still needs a tally (absent: not asked yet). */
  const open = new Map<string, boolean>();
  const tallies = new DayTallies(beats, (item) => open.get(utcDay(item.publishedAt)) === true);
  await pageItems(store, EPOCH, Number.POSITIVE_INFINITY, options.itemPage ?? 1000, async (page) => {
    const unasked = new Set<string>();
    for (const item of page) {
      const day = utcDay(item.publishedAt);
      if (!open.has(day) && Date.parse(`${day}T00:00:00.000Z`) < last) unasked.add(day);
    }
    const found = await Promise.all([...unasked].map(async (day) => [day, (await store.listRecords('itemDay', { day })).length === 0] as const));
    for (const [day, untallied] of found) open.set(day, untallied);
    tallies.add(page);
  });

  const byDay = new Map<string, ItemDay[]>();
  for (const counts of tallies.all()) {
    const record = toItemDay(counts, at);
    byDay.set(record.day, [...(byDay.get(record.day) ?? []), record]);
  }
  const report: TallyReport = { days: [], tallies: 0, items: 0 };
  for (const [day, records] of byDay) {
    const changes: RecordChange[] = records.map((record) => ({ kind: 'itemDay', record, expectedRev: null }));
    const events: AnyNewEvent[] = records.map((tally) => ({
      at,
      actor,
      action: 'tallies.create',
      record: { type: 'itemDay', id: tally.id },
      digest: { before: null, after: digestOf(tally) },
      data: { tally },
    }));
    await store.commit(changes, events);
    report.days.push(day);
    report.tallies += records.length;
    for (const record of records) report.items += record.all.items;
  }
  return report;
}
