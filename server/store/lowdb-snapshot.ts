import { RECORD_KINDS, type AnyEvent, type AnyRecord } from '../domain/index.js';
import { articleUrlOf } from './article-url.js';
import type { EventLogFile } from './event-log-file.js';
import type { StoreData } from './lowdb-store.js';
import type { SnapshotCounts, SnapshotEntry, SnapshotView } from './store-snapshot.js';
import { StoreImportError } from './store-errors.js';

/** Events read back from the log, or appended by an import, at a time: each append costs an fsync. */
const EVENT_PAGE = 1_000;

/** The embedded store's data as a snapshot. `data` must hold still: a read-only store's, fixed when it opened. */
export function lowdbSnapshotView(data: StoreData, log: EventLogFile): SnapshotView {
  const records = Object.fromEntries(RECORD_KINDS.map((kind) => [kind, Object.keys(data.records[kind]).length])) as SnapshotCounts['records'];
  return {
    summary: {
      counts: { sources: data.sources.length, items: data.items.length, stories: data.stories.length, records, events: data.seq },
      lastSeq: data.seq,
      head: data.head,
    },
    async *entries(): AsyncGenerator<SnapshotEntry> {
      for (const source of data.sources) yield { kind: 'source', data: source };
      for (const item of data.items) yield { kind: 'item', data: item };
      for (const story of data.stories) yield { kind: 'story', data: story };
      for (const kind of RECORD_KINDS) {
        for (const record of Object.values(data.records[kind] as Record<string, AnyRecord>)) yield { kind, data: record } as SnapshotEntry;
      }
      // The log stays on disk: a page at a time, up to the commit point.
      for (let since = 0; since < data.seq; ) {
        const page = await log.readSince(since, Math.min(EVENT_PAGE, data.seq - since));
        if (page.length === 0) throw new Error(`the event log ${log.path} ends at event ${since}, before the commit point ${data.seq}`);
        for (const event of page) yield { kind: 'event', data: event };
        since = page.at(-1)!.seq;
      }
    },
    close: async () => undefined,
  };
}

/**
 * Fills `data` (empty) from a snapshot and appends its events to `log` (empty) as they come, a page
 * at a time, so a long log never sits in memory. Commits nothing: the caller writes the data file,
 * the commit point, once this returns. Refuses what the store could not hold as it is: an id twice,
 * one news article twice (the store keeps one item per article), a gap in the log.
 */
export async function loadLowdbSnapshot(entries: AsyncIterable<SnapshotEntry>, data: StoreData, log: EventLogFile, location: string): Promise<void> {
  const seen = { source: new Set<string>(), item: new Set<string>(), article: new Set<string>(), story: new Set<string>() };
  const once = (ids: Set<string>, id: string, what: string) => {
    if (ids.has(id)) throw new StoreImportError(location, `the snapshot holds ${what} ${id} twice`);
    ids.add(id);
  };
  let page: AnyEvent[] = [];
  for await (const entry of entries) {
    switch (entry.kind) {
      case 'source':
        once(seen.source, entry.data.id, 'source');
        data.sources.push(entry.data);
        break;
      case 'item': {
        once(seen.item, entry.data.id, 'item');
        const url = articleUrlOf(entry.data);
        if (url !== null) once(seen.article, url, 'the news article');
        data.items.push(entry.data);
        break;
      }
      case 'story':
        once(seen.story, entry.data.id, 'story');
        data.stories.push(entry.data);
        break;
      case 'event':
        if (entry.data.seq !== data.seq + 1) throw new StoreImportError(location, `event ${entry.data.seq} follows event ${data.seq}: the log must have no gap`);
        data.seq = entry.data.seq;
        data.head = entry.data.hash;
        page.push(entry.data);
        if (page.length >= EVENT_PAGE) {
          await log.append(page);
          page = [];
        }
        break;
      default: {
        const table = data.records[entry.kind] as Record<string, AnyRecord>;
        if (Object.hasOwn(table, entry.data.id)) throw new StoreImportError(location, `the snapshot holds ${entry.kind} ${entry.data.id} twice`);
        table[entry.data.id] = entry.data;
      }
    }
  }
  await log.append(page);
}
