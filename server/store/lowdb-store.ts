import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Low } from 'lowdb';
import { z } from 'zod';
import {
  chainEvent,
  digestOf,
  GENESIS_HASH,
  publicSource,
  RECORD_KINDS,
  type AnyEvent,
  type AnyNewEvent,
  type AnyRecord,
  type Item,
  type RecordChange,
  type RecordKind,
  type RecordMap,
  type Source,
  type Story,
} from '../domain/index.js';
import { articleUrlOf } from './article-url.js';
import { DurableJsonFile } from './durable-json-file.js';
import { EventLogFile } from './event-log-file.js';
import { loadLowdbSnapshot, lowdbSnapshotView } from './lowdb-snapshot.js';
import { acquireProcessLock } from './process-lock.js';
import { upgradeRecords } from './record-upgrades.js';
import type { ItemQuery, RecordFilter, StoreInfo, StoryAssignment, StoryQuery } from './store.js';
import { RecordConflictError, StoreCorruptError, StoreImportError, StoreWriteError } from './store-errors.js';
import { describeContents, type SnapshotEntry, type SnapshotStore, type SnapshotView } from './store-snapshot.js';
import {
  applyRedaction,
  attachmentsOf,
  byAuthor,
  ErasedText,
  erasureEvent,
  expires,
  expiryEvent,
  opportunityEvent,
  planRedaction,
  relabelStory,
  retitleOpportunity,
  storyEvent,
  type ErasureReport,
  type ErasureRequest,
  type RedactionSpec,
  type RetentionReport,
} from './stewardship.js';
import { compareStories } from './story-order.js';

export const DATA_FILE_NAME = 'tidewatch.json';
export const EVENT_LOG_FILE_NAME = 'events.jsonl';

type RecordTables = { [K in RecordKind]: Record<string, RecordMap[K]> };

export interface StoreData {
  format: 2;
  /** The last committed event, and its hash: the commit point the event log is checked against. */
  seq: number;
  head: string;
  sources: Source[];
  /** In arrival order. */
  items: Item[];
  stories: Story[];
  records: RecordTables;
  /**
   * Redactions committed (their items deleted, their erasure or expiry event written) whose log
   * lines are not rewritten yet: done right after the commit, or at the next open after a crash.
   */
  pendingRedactions?: RedactionSpec[];
}

/** The first format kept the event log inside the data file; opening one moves the log out. */
interface StoreDataV1 extends Omit<StoreData, 'format' | 'head' | 'records'> {
  format: 1;
  events: Array<Omit<AnyEvent, 'prevHash' | 'hash'>>;
}

// Only the frame is checked at open: records were validated on their way in.
const frame = {
  seq: z.number().int().nonnegative(),
  sources: z.array(z.object({ id: z.string() }).passthrough()),
  items: z.array(z.object({ id: z.string() }).passthrough()),
  stories: z.array(z.object({ id: z.string() }).passthrough()),
};
const storeDataSchema = z.discriminatedUnion('format', [
  z.object({ format: z.literal(1), ...frame, events: z.array(z.object({ seq: z.number() }).passthrough()) }),
  z.object({
    format: z.literal(2),
    ...frame,
    head: z.string(),
    records: z.record(z.string(), z.record(z.string(), z.object({ id: z.string() }).passthrough())),
    pendingRedactions: z.array(z.object({ seq: z.number().int().positive() }).passthrough()).optional(),
  }),
]);

const emptyRecords = (): RecordTables => Object.fromEntries(RECORD_KINDS.map((kind) => [kind, {}])) as RecordTables;
const emptyData = (): StoreData => ({ format: 2, seq: 0, head: GENESIS_HASH, sources: [], items: [], stories: [], records: emptyRecords() });

export interface LowdbStoreOptions {
  dataDir: string;
  /**
   * Opens without the directory lock and refuses writes: for reading beside a running server
   * (audit checks, exports). It sees the last commit on disk when it opened.
   */
  readOnly?: boolean;
}

/** Opens (or creates) the store in a data directory, refusing a damaged file or a busy directory. */
export async function openLowdbStore({ dataDir, readOnly = false }: LowdbStoreOptions): Promise<SnapshotStore> {
  const directory = resolve(dataDir);
  if (!readOnly) await mkdir(directory, { recursive: true });
  const path = join(directory, DATA_FILE_NAME);
  const logPath = join(directory, EVENT_LOG_FILE_NAME);
  const release = readOnly ? async () => undefined : await acquireProcessLock(join(directory, 'tidewatch.lock'), directory);
  try {
    const adapter = new DurableJsonFile<StoreData | StoreDataV1>(path, (text) => parseStoreData(text, path));
    const db = new Low<StoreData | StoreDataV1>(adapter, emptyData());
    await db.read();
    const stored = db.data;
    const data = stored.format === 1 ? await migrateFromV1(stored, logPath, readOnly) : stored;
    for (const kind of RECORD_KINDS) (data.records as Record<string, unknown>)[kind] ??= {};
    upgradeRecords(data.records);
    const log = await EventLogFile.open(logPath, { seq: data.seq, head: data.head }, readOnly);
    const store = new LowdbStore(data, adapter, log, path, release, readOnly);
    if (stored.format === 1 && !readOnly) await adapter.writeText(JSON.stringify(data));
    // A redaction committed before a crash, whose log lines were not rewritten yet.
    if (!readOnly && (data.pendingRedactions?.length ?? 0) > 0) await store.finishRedactions();
    return store;
  } catch (error) {
    await release();
    throw error;
  }
}

async function migrateFromV1(old: StoreDataV1, logPath: string, readOnly: boolean): Promise<StoreData> {
  const { events, format: _format, ...rest } = old;
  let head = GENESIS_HASH;
  const chained = events.map((event) => {
    const { seq: _seq, ...unnumbered } = event;
    const next = chainEvent(unnumbered as AnyNewEvent, event.seq, head);
    head = next.hash;
    return next;
  });
  if (readOnly) throw new Error(`the data in ${logPath} is in an older format; start Tidewatch once to upgrade it, then try again`);
  {
    await writeFile(logPath, chained.map((event) => `${JSON.stringify(event)}\n`).join(''), { flush: true });
  }
  return { ...rest, format: 2, head, records: emptyRecords() };
}

function parseStoreData(text: string, path: string): StoreData | StoreDataV1 {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new StoreCorruptError(path, text.trim() === '' ? 'the file is empty' : `not valid JSON: ${(error as Error).message}`);
  }
  const parsed = storeDataSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoreCorruptError(path, `unexpected content at ${issue?.path.join('.') || 'the top level'}: ${issue?.message}`);
  }
  return parsed.data as unknown as StoreData | StoreDataV1;
}

class LowdbStore implements SnapshotStore {
  /** Item id → its position in the items array. */
  private readonly itemIndex = new Map<string, number>();
  /** Canonical URL of each stored news article → its item id: one article through two feeds is one item. */
  private readonly articleUrls = new Map<string, string>();
  /**
   * How much of the append-only parts (items, events) is on disk. Reads stop there, so nobody is
   * shown an item or event that a crash could still take back.
   */
  private durable = { items: 0, seq: 0 };
  /** Events numbered in memory and not yet handed to a write. */
  private pending: AnyEvent[] = [];
  private readonly listeners = new Set<(events: AnyEvent[]) => void>();
  private writing: Promise<void> | null = null;
  private nextWrite: Promise<void> | null = null;
  private failure: StoreWriteError | null = null;
  private closed = false;
  /** An import is loading: nothing else may write until it has committed or given up. */
  private importing = false;

  constructor(
    private readonly data: StoreData,
    private readonly file: DurableJsonFile<unknown>,
    private readonly log: EventLogFile,
    private readonly path: string,
    private readonly release: () => Promise<void>,
    private readonly readOnly: boolean,
  ) {
    this.indexItems();
  }

  private indexItems(): void {
    this.itemIndex.clear();
    this.articleUrls.clear();
    this.data.items.forEach((item, index) => {
      this.itemIndex.set(item.id, index);
      const url = articleUrlOf(item);
      if (url !== null) this.articleUrls.set(url, item.id);
    });
    this.durable = { items: this.data.items.length, seq: this.data.seq };
  }

  info(): StoreInfo {
    return { kind: 'lowdb', location: this.path };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.nextWrite?.catch(() => undefined);
    await this.writing?.catch(() => undefined);
    await this.log.close();
    await this.release();
  }

  onEvents(listener: (events: AnyEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async listSources(): Promise<Source[]> {
    return structuredClone(this.data.sources);
  }

  async getSource(id: string): Promise<Source | null> {
    const found = this.data.sources.find((s) => s.id === id);
    return found ? structuredClone(found) : null;
  }

  async saveSource(source: Source, actor: string): Promise<AnyEvent> {
    const [event] = await this.commitChange((data) => {
      const index = data.sources.findIndex((s) => s.id === source.id);
      const before = index >= 0 ? data.sources[index] : null;
      const copy = structuredClone(source);
      if (index >= 0) data.sources[index] = copy;
      else data.sources.push(copy);
      return [
        this.event(data, {
          at: new Date().toISOString(),
          actor,
          action: 'sources.update',
          record: { type: 'source', id: source.id },
          digest: { before: digestOf(before), after: digestOf(copy) },
          data: { source: publicSource(copy) },
        }),
      ];
    });
    return event!;
  }

  async removeSource(id: string, actor: string): Promise<AnyEvent | null> {
    const events = await this.commitChange((data) => {
      const index = data.sources.findIndex((s) => s.id === id);
      if (index < 0) return [];
      const [before] = data.sources.splice(index, 1);
      return [
        this.event(data, {
          at: new Date().toISOString(),
          actor,
          action: 'sources.remove',
          record: { type: 'source', id },
          digest: { before: digestOf(before), after: null },
          data: { source: publicSource(before!) },
        }),
      ];
    });
    return events[0] ?? null;
  }

  async addItems(sourceId: string, items: Item[], actor: string): Promise<{ inserted: Item[]; event: AnyEvent | null }> {
    const events = await this.commitChange((data) => {
      const inserted: Item[] = [];
      for (const item of items) {
        const url = articleUrlOf(item);
        if (this.itemIndex.has(item.id) || (url !== null && this.articleUrls.has(url))) continue;
        const copy = structuredClone(item);
        this.itemIndex.set(copy.id, data.items.push(copy) - 1);
        if (url !== null) this.articleUrls.set(url, copy.id);
        inserted.push(copy);
      }
      if (inserted.length === 0) return [];
      return [
        this.event(data, {
          at: new Date().toISOString(),
          actor,
          action: 'items.create',
          record: { type: 'source', id: sourceId },
          digest: { before: null, after: digestOf(inserted.map((i) => i.id)) },
          data: { sourceId, items: inserted },
        }),
      ];
    });
    const event = events[0] ?? null;
    return { inserted: event?.action === 'items.create' ? structuredClone(event.data.items) : [], event };
  }

  async getItem(id: string): Promise<Item | null> {
    const index = this.itemIndex.get(id);
    return index !== undefined && index < this.durable.items ? structuredClone(this.data.items[index]!) : null;
  }

  async listItems({ limit, sourceId, storyId }: ItemQuery): Promise<Item[]> {
    const found: Item[] = [];
    const items = this.data.items;
    for (let i = this.durable.items - 1; i >= 0 && found.length < limit; i--) {
      const item = items[i]!;
      if (sourceId && item.sourceId !== sourceId) continue;
      if (storyId && item.storyId !== storyId) continue;
      found.push(item);
    }
    return structuredClone(found);
  }

  async itemsFetchedSince(since: string, limit: number): Promise<Item[]> {
    const found = this.data.items.slice(0, this.durable.items).filter((item) => item.fetchedAt >= since);
    return structuredClone(found.slice(0, limit));
  }

  async countItems(): Promise<number> {
    return this.durable.items;
  }

  async saveStories(stories: Story[], assignments: StoryAssignment[], actor: string): Promise<AnyEvent[]> {
    return this.commitChange((data) => {
      for (const { itemId, storyId } of assignments) {
        const index = this.itemIndex.get(itemId);
        if (index !== undefined) data.items[index]!.storyId = storyId;
      }
      return stories.map((story) => {
        const index = data.stories.findIndex((s) => s.id === story.id);
        const before = index >= 0 ? data.stories[index] : null;
        const copy = structuredClone(story);
        if (index >= 0) data.stories[index] = copy;
        else data.stories.push(copy);
        return this.event(data, {
          at: new Date().toISOString(),
          actor,
          action: 'stories.update',
          record: { type: 'story', id: story.id },
          digest: { before: digestOf(before), after: digestOf(copy) },
          data: { story: copy },
        });
      });
    }, assignments.length > 0);
  }

  async getStory(id: string): Promise<Story | null> {
    const found = this.data.stories.find((s) => s.id === id);
    return found ? structuredClone(found) : null;
  }

  async listStories({ limit }: StoryQuery): Promise<Story[]> {
    return structuredClone([...this.data.stories].sort(compareStories).slice(0, limit));
  }

  async getRecord<K extends RecordKind>(kind: K, id: string): Promise<RecordMap[K] | null> {
    const found = ownRecord(this.data.records[kind], id);
    return found ? structuredClone(found) : null;
  }

  async listRecords<K extends RecordKind>(kind: K, where: RecordFilter<K> = {}): Promise<RecordMap[K][]> {
    const conditions = Object.entries(where) as Array<[string, unknown]>;
    const found = Object.values(this.data.records[kind]).filter((record) =>
      conditions.every(([field, value]) => (record as unknown as Record<string, unknown>)[field] === value),
    );
    return structuredClone(found);
  }

  async commit(changes: RecordChange[], events: AnyNewEvent[]): Promise<AnyEvent[]> {
    return this.commitChange((data) => {
      // Every rev is checked before anything is touched: a conflict writes nothing.
      for (const change of changes) {
        const current = ownRecord(data.records[change.kind] as Record<string, AnyRecord>, recordIdOf(change)) ?? null;
        if ((current?.rev ?? null) !== change.expectedRev) {
          throw new RecordConflictError(change.kind, recordIdOf(change), change.expectedRev, structuredClone(current));
        }
      }
      for (const change of changes) {
        const table = data.records[change.kind] as Record<string, AnyRecord>;
        // Assigning "__proto__" would replace the table's prototype rather than store a record.
        if (recordIdOf(change) === '__proto__') throw new Error('a record cannot have the id "__proto__"');
        if ('remove' in change) delete table[change.id];
        else table[change.record.id] = structuredClone(change.record);
      }
      return events.map((event) => this.event(data, event));
    }, changes.length > 0);
  }

  async applyRetention(cutoff: string, actor: string): Promise<RetentionReport> {
    const candidates = this.expiring(cutoff);
    if (candidates.size === 0) return { cutoff, items: [], redactedEvents: [], event: null };
    const at = new Date().toISOString();
    return this.redacting(
      (event) => planRedaction(event, candidates, null, { at, reason: 'retention' }),
      (data) => {
        // Decided again at the commit: an opportunity raised meanwhile keeps its items.
        const doomed = this.expiring(cutoff, candidates);
        return { doomed, events: (redacted) => (doomed.size > 0 ? [expiryEvent(cutoff, actor, at, doomed.size, redacted)] : []) };
      },
      (doomed, redactedEvents, events) => ({ cutoff, items: [...doomed], redactedEvents, event: events.at(-1) ?? null }),
    );
  }

  async eraseAuthor(request: ErasureRequest, actor: string): Promise<ErasureReport> {
    const items = this.data.items.filter((item) => byAuthor(item, request));
    const ids = new Set(items.map((item) => item.id));
    const erased = new ErasedText(items, request.author);
    const at = new Date().toISOString();
    const relabelled: string[] = [];
    const retitled: string[] = [];
    return this.redacting(
      (event) => (ids.size === 0 ? null : planRedaction(event, ids, erased, { at, reason: 'erasure', erasureId: request.erasureId })),
      (data) => {
        const doomed = new Set(data.items.filter((item) => ids.has(item.id) && byAuthor(item, request)).map((item) => item.id));
        const changes: AnyNewEvent[] = [];
        if (ids.size > 0) {
          data.stories = data.stories.map((story) => {
            const after = relabelStory(story, erased, at);
            if (!after) return story;
            relabelled.push(story.id);
            changes.push(storyEvent(story, after, actor, at));
            return after;
          });
          for (const opportunity of Object.values(data.records.opportunity)) {
            const story = data.stories.find((s) => s.id === opportunity.storyId) ?? null;
            const after = retitleOpportunity(opportunity, erased, story, at);
            if (!after) continue;
            retitled.push(opportunity.id);
            data.records.opportunity[opportunity.id] = after;
            changes.push(opportunityEvent(opportunity, after, actor, at));
          }
        }
        return {
          doomed,
          events: (redacted) => [
            ...changes,
            erasureEvent(request, actor, at, { items: doomed.size, redactedEvents: redacted, labelsReplaced: relabelled.length + retitled.length }),
          ],
        };
      },
      (doomed, redactedEvents, events) => ({
        erasureId: request.erasureId,
        channel: request.channel,
        items: [...doomed],
        redactedEvents,
        storiesRelabelled: relabelled,
        opportunitiesRetitled: retitled,
        event: events.at(-1) ?? null,
      }),
    );
  }

  /** Items fetched before the cutoff that no opportunity holds (within `among`, when given). */
  private expiring(cutoff: string, among?: ReadonlySet<string>): Set<string> {
    const attachments = attachmentsOf(Object.values(this.data.records.opportunity));
    return new Set(this.data.items.filter((item) => (!among || among.has(item.id)) && expires(item, cutoff, attachments)).map((item) => item.id));
  }

  /**
   * One retention or erasure: with no other write in flight, reads the committed log for the events
   * to redact, then (without waiting in between) plans the record changes, deletes the items,
   * writes the accounting event with the pending redactions (the commit point: from here the
   * redaction happens, at the latest at the next open), rewrites the log lines, and clears them.
   * Events numbered by other callers during the read are checked too, before they are written.
   */
  private async redacting<R>(
    plan: (event: AnyEvent) => RedactionSpec | null,
    change: (data: StoreData) => { doomed: Set<string>; events(redactedEvents: number[]): AnyNewEvent[] },
    report: (doomed: Set<string>, redactedEvents: number[], events: AnyEvent[]) => R,
  ): Promise<R> {
    return this.exclusive(async () => {
      const specs = new Map<number, RedactionSpec>();
      const upTo = this.durable.seq;
      for (let since = 0; since < upTo; ) {
        const page = await this.log.readSince(since, 2_000);
        if (page.length === 0) break;
        for (const event of page) {
          if (event.seq > upTo) break;
          const spec = plan(event);
          if (spec) specs.set(event.seq, spec);
        }
        since = page.at(-1)!.seq;
      }
      const { doomed, events: makeEvents } = change(this.data);
      for (const event of this.pending) {
        const spec = plan(event);
        if (spec) specs.set(event.seq, spec);
      }
      // Only what is really deleted is redacted: an item kept at the commit keeps its payload.
      const kept = [...specs.values()].flatMap((spec) => {
        if (!spec.items) return [spec];
        const items = spec.items.filter((id) => doomed.has(id));
        return items.length > 0 ? [{ ...spec, items }] : [];
      });
      const redactedEvents = kept.map((spec) => spec.seq).sort((a, b) => a - b);
      const drafts = makeEvents(redactedEvents);
      if (drafts.length === 0) return report(doomed, [], []);
      const durableItems = this.data.items.slice(0, this.durable.items).filter((item) => !doomed.has(item.id)).length;
      const durableSeq = this.durable.seq;
      this.data.items = this.data.items.filter((item) => !doomed.has(item.id));
      this.indexItems();
      this.durable = { items: durableItems, seq: durableSeq };
      // In the pending list (not yet appended) lines are redacted before they are written.
      this.pending = this.pending.map((event) => {
        const spec = kept.find((s) => s.seq === event.seq);
        return spec ? applyRedaction(event, spec) : event;
      });
      this.data.pendingRedactions = kept.filter((spec) => spec.seq <= upTo);
      const events = drafts.map((draft) => this.event(this.data, draft));
      await this.persist();
      await this.finishRedactions();
      for (const listener of this.listeners) {
        try {
          listener(structuredClone(events));
        } catch (error) {
          console.error(`a store listener failed: ${(error as Error).stack ?? String(error)}`);
        }
      }
      return report(doomed, redactedEvents, structuredClone(events));
    });
  }

  /** Rewrites the log lines of committed redactions, then says so in the data file. */
  async finishRedactions(): Promise<void> {
    const specs = this.data.pendingRedactions ?? [];
    if (specs.length === 0) return;
    try {
      await this.log.rewrite(new Map(specs.map((spec) => [spec.seq, (event: AnyEvent) => applyRedaction(event, spec)])));
    } catch (error) {
      throw (this.failure = new StoreWriteError(this.path, error));
    }
    this.data.pendingRedactions = [];
    await this.persist();
  }

  /** Appends the events numbered so far and writes the data file: one write, as flush() does. */
  private async persist(): Promise<void> {
    const covers = { items: this.data.items.length, seq: this.data.seq };
    const events = this.pending;
    this.pending = [];
    const text = JSON.stringify(this.data);
    try {
      await this.log.append(events);
      await this.file.writeText(text);
    } catch (error) {
      throw (this.failure = new StoreWriteError(this.path, error));
    }
    this.durable = covers;
  }

  /** Runs `work` with no write in flight; writes asked for meanwhile wait for it. */
  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error('the store is closed');
    if (this.readOnly) throw new Error(`the store at ${this.path} is open read-only`);
    if (this.importing) throw new Error(`the store at ${this.path} is loading an import`);
    for (let busy = this.nextWrite ?? this.writing; busy; busy = this.nextWrite ?? this.writing) await busy.catch(() => undefined);
    if (this.failure) throw this.failure;
    const run = work();
    const slot = run.then(
      () => undefined,
      () => undefined,
    );
    this.writing = slot;
    void slot.finally(() => {
      if (this.writing === slot) this.writing = null;
    });
    return run;
  }

  async eventsSince(seq: number, limit: number): Promise<{ events: AnyEvent[]; truncated: boolean }> {
    const page = await this.log.readSince(seq, limit);
    // The whole log is kept, so an answer is never truncated; events of a commit still under way are left out.
    return { events: structuredClone(page.filter((e) => e.seq <= this.durable.seq)), truncated: false };
  }

  async lastSeq(): Promise<number> {
    return this.durable.seq;
  }

  async readSnapshot(): Promise<SnapshotView> {
    if (this.closed) throw new Error('the store is closed');
    // A writable store changes under a long read (items join stories in place); a read-only one
    // holds the last commit on disk when it opened, and that is what the snapshot shows.
    if (!this.readOnly) throw new Error(`open the store at ${this.path} read-only to read a snapshot of it`);
    return lowdbSnapshotView(this.data, this.log);
  }

  async importSnapshot(entries: AsyncIterable<SnapshotEntry>): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error('the store is closed');
    if (this.readOnly) throw new Error(`the store at ${this.path} is open read-only`);
    const { sources, items, stories, seq } = this.data;
    const records = RECORD_KINDS.reduce((sum, kind) => sum + Object.keys(this.data.records[kind]).length, 0);
    if (this.importing || seq > 0 || sources.length + items.length + stories.length + records > 0) {
      const held = describeContents({ sources: sources.length, items: items.length, stories: stories.length, records, events: seq });
      throw new StoreImportError(this.path, `it is not empty (it holds ${held}). Import into a new data directory`);
    }
    this.importing = true;
    const data = emptyData();
    try {
      try {
        await loadLowdbSnapshot(entries, data, this.log, this.path);
      } catch (error) {
        // Nothing names the lines appended so far: they go now, as the next open would cut them off.
        await this.log.clear().catch((cause: unknown) => (this.failure = new StoreWriteError(this.path, cause)));
        throw error;
      }
      // The commit point: until the data file names the last event, the import did not happen.
      await this.file.writeText(JSON.stringify(data)).catch((cause: unknown) => {
        throw (this.failure = new StoreWriteError(this.path, cause));
      });
    } finally {
      this.importing = false;
    }
    Object.assign(this.data, data);
    this.indexItems();
  }

  private event(data: StoreData, draft: AnyNewEvent): AnyEvent {
    const event = chainEvent(draft, data.seq + 1, data.head);
    data.seq = event.seq;
    data.head = event.hash;
    this.pending.push(event);
    return event;
  }

  /**
   * Applies a change in memory, in call order, and resolves once a write that includes it is on
   * disk. Changes made while a write is under way share the next write (group commit), so many
   * concurrent callers cost a few file writes, not one each. A change writes when it made events,
   * or when the caller says it changed data without any (records committed with no event, story
   * assignments alone): those must be durable too before the promise resolves.
   */
  private async commitChange(change: (data: StoreData) => AnyEvent[], changesData = false): Promise<AnyEvent[]> {
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error('the store is closed');
    if (this.readOnly) throw new Error(`the store at ${this.path} is open read-only`);
    if (this.importing) throw new Error(`the store at ${this.path} is loading an import`);
    const events = change(this.data);
    if (events.length === 0 && !changesData) return events;
    await this.flush();
    if (events.length === 0) return events;
    for (const listener of this.listeners) {
      // The change is durable: a listener's failure must not make its caller believe otherwise.
      try {
        listener(structuredClone(events));
      } catch (error) {
        console.error(`a store listener failed: ${(error as Error).stack ?? String(error)}`);
      }
    }
    return structuredClone(events);
  }

  /**
   * One write: the new events are appended to the log and synced, then the data file (the commit
   * point, naming the last event) replaces the old one. A crash between the two leaves log lines
   * past the commit point, which the next open cuts off.
   */
  private flush(): Promise<void> {
    if (!this.writing) {
      // What this write holds is fixed now, before any await.
      const covers = { items: this.data.items.length, seq: this.data.seq };
      const events = this.pending;
      this.pending = [];
      const text = JSON.stringify(this.data);
      this.writing = this.log
        .append(events)
        .then(() => this.file.writeText(text))
        .then(
          () => {
            this.durable = covers;
          },
          (error: unknown) => {
            this.failure = new StoreWriteError(this.path, error);
            throw this.failure;
          },
        );
      void this.writing.finally(() => (this.writing = null)).catch(() => undefined);
      return this.writing;
    }
    // The write under way holds older state: one more write after it covers this change.
    this.nextWrite ??= this.writing
      .catch(() => undefined)
      .then(() => {
        this.nextWrite = null;
        if (this.failure) throw this.failure;
        return this.flush();
      });
    return this.nextWrite;
  }
}

function recordIdOf(change: RecordChange): string {
  return 'remove' in change ? change.id : change.record.id;
}

/**
 * A record of a table kept as a plain object, by id: only the table's own entries, so an id a
 * client chose, such as "constructor" or "__proto__", finds nothing rather than a built-in of
 * Object.prototype (found by tests/hardening/hostile-http-routes.test.ts).
 */
function ownRecord<R>(table: Record<string, R>, id: string): R | undefined {
  return Object.hasOwn(table, id) ? table[id] : undefined;
}
