import type { AnyEvent, Item, RecordKind, RecordMap, Source, Story } from '../domain/index.js';
import type { Store } from './store.js';

/**
 * One piece of a store as `tidewatch export|import` move it. A snapshot holds them in this order:
 * sources, items, stories, the records of each kind (RECORD_KINDS order), then the event log; within
 * a kind, in the order the store keeps them (sources and stories as first saved, items by arrival,
 * records as created), so a store loaded from a snapshot lists everything as the original did.
 */
export type SnapshotEntry =
  | { kind: 'source'; data: Source }
  | { kind: 'item'; data: Item }
  | { kind: 'story'; data: Story }
  | { [K in RecordKind]: { kind: K; data: RecordMap[K] } }[RecordKind]
  | { kind: 'event'; data: AnyEvent };

export interface SnapshotCounts {
  sources: number;
  items: number;
  stories: number;
  records: Record<RecordKind, number>;
  events: number;
}

/** What a snapshot holds, known before its first entry is read. */
export interface SnapshotSummary {
  counts: SnapshotCounts;
  /** The last event of the log and its hash: the head a loaded store must end at. */
  lastSeq: number;
  head: string;
}

/** One moment of a store, read entry by entry, so a large store never sits in memory twice. */
export interface SnapshotView {
  summary: SnapshotSummary;
  entries(): AsyncIterable<SnapshotEntry>;
  close(): Promise<void>;
}

/**
 * What the adapters offer besides the Store port, for `tidewatch export|import` only: the server
 * and the other commands get a plain Store from openStore and never see these.
 */
export interface StoreSnapshots {
  /** A consistent view of the whole store; close it when done. */
  readSnapshot(): Promise<SnapshotView>;
  /**
   * Loads a snapshot into an empty store as it is: records with their revs, events with their
   * seq, time, actor and hashes, the log's head at the last event. Commits only when `entries`
   * ends without throwing, so a source that checks as it goes can still refuse everything;
   * refuses (StoreImportError) a store that holds anything.
   */
  importSnapshot(entries: AsyncIterable<SnapshotEntry>): Promise<void>;
}

export type SnapshotStore = Store & StoreSnapshots;

/** Every line of a snapshot after its header. */
export function snapshotSize(counts: SnapshotCounts): number {
  return counts.sources + counts.items + counts.stories + recordCount(counts) + counts.events;
}

export function recordCount(counts: SnapshotCounts): number {
  return Object.values(counts.records).reduce((sum, n) => sum + n, 0);
}

/** "3 sources, 12 items and 40 events": what a store or a snapshot holds, in words (kinds it lacks left out). */
export function describeContents({ sources, items, stories, records, events }: Omit<SnapshotCounts, 'records'> & { records: number }): string {
  const parts = [
    [sources, 'source'],
    [items, 'item'],
    [stories, 'story'],
    [records, 'workflow record'],
    [events, 'event'],
  ]
    .filter(([count]) => (count as number) > 0)
    .map(([count, noun]) => `${count} ${count === 1 ? noun : noun === 'story' ? 'stories' : `${noun}s`}`);
  if (parts.length === 0) return 'nothing';
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
