import type { ErasureReport, ErasureRequest, RetentionReport } from './stewardship.js';
import type { AnyEvent, AnyNewEvent, Item, RecordChange, RecordKind, RecordMap, Source, Story } from '../domain/index.js';

export interface ItemQuery {
  limit: number;
  sourceId?: string;
  storyId?: string;
}

export interface StoryQuery {
  limit: number;
}

export interface StoryAssignment {
  itemId: string;
  storyId: string;
}

/** Equality on scalar top-level fields: enough for every list the workflow needs, on any adapter. */
export type RecordFilter<K extends RecordKind> = Partial<{
  [F in keyof RecordMap[K] as RecordMap[K][F] extends string | number | boolean | null ? F : never]: RecordMap[K][F];
}>;

export interface StoreInfo {
  kind: string;
  /** Where the data lives, in words an operator recognises (a file path, a database name). */
  location: string;
}

/**
 * The storage port. Every command is atomic and durable before its promise resolves, and
 * writes the events that describe it in the same step, numbered by one increasing sequence.
 * Every adapter passes the contract suite in tests/contract.
 */
export interface Store {
  info(): StoreInfo;
  close(): Promise<void>;
  /** Called after each durable commit made through this store, with the events it wrote. */
  onEvents(listener: (events: AnyEvent[]) => void): () => void;

  listSources(): Promise<Source[]>;
  getSource(id: string): Promise<Source | null>;
  /** Creates or replaces a source. */
  saveSource(source: Source, actor: string): Promise<AnyEvent>;
  /** Removes a source (its items stay: they are part of stories); null when there was none. */
  removeSource(id: string, actor: string): Promise<AnyEvent | null>;

  /**
   * Stores the items whose ids are new; returns those, and the event when there were any. A news
   * article already stored under the same canonical URL (the same story in a site's "world" and
   * "top" feeds) is the same item and is not stored again; social posts that share a link are not.
   */
  addItems(sourceId: string, items: Item[], actor: string): Promise<{ inserted: Item[]; event: AnyEvent | null }>;
  getItem(id: string): Promise<Item | null>;
  /** Newest first, by arrival. */
  listItems(query: ItemQuery): Promise<Item[]>;
  /** Oldest first, by arrival: what the trend detector replays when it starts. */
  itemsFetchedSince(since: string, limit: number): Promise<Item[]>;
  countItems(): Promise<number>;

  /** Saves story figures and which story each item joined. */
  saveStories(stories: Story[], assignments: StoryAssignment[], actor: string): Promise<AnyEvent[]>;
  getStory(id: string): Promise<Story | null>;
  /** Trending first, then the most recently active. */
  listStories(query: StoryQuery): Promise<Story[]>;

  getRecord<K extends RecordKind>(kind: K, id: string): Promise<RecordMap[K] | null>;
  /** Every record of a kind whose top-level fields equal those given, oldest first. */
  listRecords<K extends RecordKind>(kind: K, where?: RecordFilter<K>): Promise<RecordMap[K][]>;
  /**
   * Writes records and the events that describe them, all or nothing. Each change names the rev
   * it was based on; when a record moved on meanwhile nothing is written and RecordConflictError
   * carries the record as it is now.
   */
  commit(changes: RecordChange[], events: AnyNewEvent[]): Promise<AnyEvent[]>;

  /**
   * Retention: deletes the items fetched before `cutoff` that no opportunity is attached to (an
   * opportunity on the item's story, or one linking its URL; stewardship.ts), replaces them by
   * stubs (id and digest) in the items.create events that carried them, and writes one
   * items.expire event naming the redacted events. Stories and the rest of the log stay. All or
   * nothing; nothing is written when nothing is old enough.
   */
  applyRetention(cutoff: string, actor: string): Promise<RetentionReport>;
  /**
   * Erasure on request: deletes the author's items on the channel (the handle compared exactly but
   * case-insensitively), redacts them in the log, replaces story labels and opportunity titles or
   * links copied from them (and redacts the events that carried those), and writes one
   * erasures.create event that does not name the author. All or nothing.
   */
  eraseAuthor(request: ErasureRequest, actor: string): Promise<ErasureReport>;

  eventsSince(seq: number, limit: number): Promise<{ events: AnyEvent[]; truncated: boolean }>;
  lastSeq(): Promise<number>;
}
