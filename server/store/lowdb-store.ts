import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Low } from 'lowdb';
import { z } from 'zod';
import {
  digestOf,
  publicSource,
  type AnyEvent,
  type AnyNewEvent,
  type Item,
  type Source,
  type Story,
} from '../domain/index.js';
import { DurableJsonFile } from './durable-json-file.js';
import { acquireProcessLock } from './process-lock.js';
import type { ItemQuery, Store, StoreInfo, StoryAssignment, StoryQuery } from './store.js';
import { StoreCorruptError, StoreWriteError } from './store-errors.js';
import { compareStories } from './story-order.js';

export const DATA_FILE_NAME = 'tidewatch.json';

/**
 * The embedded store keeps the event log bounded, because lowdb rewrites the whole file on each
 * commit; a client further behind than this reloads its state instead of replaying.
 */
const MAX_EVENTS_KEPT = 20_000;

interface StoreData {
  format: 1;
  seq: number;
  sources: Source[];
  /** In arrival order. */
  items: Item[];
  stories: Story[];
  events: AnyEvent[];
}

// Only the frame is checked at open: records were validated on their way in.
const storeDataSchema = z.object({
  format: z.literal(1),
  seq: z.number().int().nonnegative(),
  sources: z.array(z.object({ id: z.string() }).passthrough()),
  items: z.array(z.object({ id: z.string() }).passthrough()),
  stories: z.array(z.object({ id: z.string() }).passthrough()),
  events: z.array(z.object({ seq: z.number() }).passthrough()),
});

const emptyData = (): StoreData => ({ format: 1, seq: 0, sources: [], items: [], stories: [], events: [] });

export interface LowdbStoreOptions {
  dataDir: string;
}

/** Opens (or creates) the store in a data directory, refusing a damaged file or a busy directory. */
export async function openLowdbStore({ dataDir }: LowdbStoreOptions): Promise<Store> {
  const directory = resolve(dataDir);
  await mkdir(directory, { recursive: true });
  const path = join(directory, DATA_FILE_NAME);
  const release = await acquireProcessLock(join(directory, 'tidewatch.lock'), directory);
  try {
    const adapter = new DurableJsonFile<StoreData>(path, (text) => parseStoreData(text, path));
    const db = new Low<StoreData>(adapter, emptyData());
    await db.read();
    return new LowdbStore(db, path, release);
  } catch (error) {
    await release();
    throw error;
  }
}

function parseStoreData(text: string, path: string): StoreData {
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
  return parsed.data as unknown as StoreData;
}

class LowdbStore implements Store {
  /** Item id → its position in the items array. */
  private readonly itemIndex = new Map<string, number>();
  /**
   * How much of the append-only parts (items, events) is on disk. Reads stop there, so nobody is
   * shown an item or event that a crash could still take back.
   */
  private durable = { items: 0, seq: 0 };
  private readonly listeners = new Set<(events: AnyEvent[]) => void>();
  private writing: Promise<void> | null = null;
  private nextWrite: Promise<void> | null = null;
  private failure: StoreWriteError | null = null;
  private closed = false;

  constructor(
    private readonly db: Low<StoreData>,
    private readonly path: string,
    private readonly release: () => Promise<void>,
  ) {
    db.data.items.forEach((item, index) => this.itemIndex.set(item.id, index));
    this.durable = { items: db.data.items.length, seq: db.data.seq };
  }

  info(): StoreInfo {
    return { kind: 'lowdb', location: this.path };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.nextWrite?.catch(() => undefined);
    await this.writing?.catch(() => undefined);
    await this.release();
  }

  onEvents(listener: (events: AnyEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async listSources(): Promise<Source[]> {
    return structuredClone(this.db.data.sources);
  }

  async getSource(id: string): Promise<Source | null> {
    const found = this.db.data.sources.find((s) => s.id === id);
    return found ? structuredClone(found) : null;
  }

  async saveSource(source: Source, actor: string): Promise<AnyEvent> {
    const [event] = await this.commit((data) => {
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

  async addItems(sourceId: string, items: Item[], actor: string): Promise<{ inserted: Item[]; event: AnyEvent | null }> {
    const events = await this.commit((data) => {
      const inserted: Item[] = [];
      for (const item of items) {
        if (this.itemIndex.has(item.id)) continue;
        const copy = structuredClone(item);
        this.itemIndex.set(copy.id, data.items.push(copy) - 1);
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
    return index !== undefined && index < this.durable.items ? structuredClone(this.db.data.items[index]!) : null;
  }

  async listItems({ limit, sourceId, storyId }: ItemQuery): Promise<Item[]> {
    const found: Item[] = [];
    const items = this.db.data.items;
    for (let i = this.durable.items - 1; i >= 0 && found.length < limit; i--) {
      const item = items[i]!;
      if (sourceId && item.sourceId !== sourceId) continue;
      if (storyId && item.storyId !== storyId) continue;
      found.push(item);
    }
    return structuredClone(found);
  }

  async itemsFetchedSince(since: string, limit: number): Promise<Item[]> {
    const found = this.db.data.items.slice(0, this.durable.items).filter((item) => item.fetchedAt >= since);
    return structuredClone(found.slice(0, limit));
  }

  async countItems(): Promise<number> {
    return this.durable.items;
  }

  async saveStories(stories: Story[], assignments: StoryAssignment[], actor: string): Promise<AnyEvent[]> {
    return this.commit((data) => {
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
    });
  }

  async getStory(id: string): Promise<Story | null> {
    const found = this.db.data.stories.find((s) => s.id === id);
    return found ? structuredClone(found) : null;
  }

  async listStories({ limit }: StoryQuery): Promise<Story[]> {
    return structuredClone([...this.db.data.stories].sort(compareStories).slice(0, limit));
  }

  async eventsSince(seq: number, limit: number): Promise<{ events: AnyEvent[]; truncated: boolean }> {
    const events = this.db.data.events;
    const last = this.durable.seq;
    const oldest = events[0]?.seq ?? last + 1;
    const truncated = seq + 1 < oldest && seq < last;
    const start = events.findIndex((e) => e.seq > seq);
    const page = start < 0 ? [] : events.slice(start, start + limit).filter((e) => e.seq <= last);
    return { events: structuredClone(page), truncated };
  }

  async lastSeq(): Promise<number> {
    return this.durable.seq;
  }

  private event(data: StoreData, draft: AnyNewEvent): AnyEvent {
    data.seq += 1;
    const event = { ...draft, seq: data.seq } as AnyEvent;
    data.events.push(event);
    if (data.events.length > MAX_EVENTS_KEPT) data.events.splice(0, data.events.length - MAX_EVENTS_KEPT);
    return event;
  }

  /**
   * Applies a change in memory, in call order, and resolves once a write that includes it is on
   * disk. Changes made while a write is under way share the next write (group commit), so many
   * concurrent callers cost a few file writes, not one each.
   */
  private async commit(change: (data: StoreData) => AnyEvent[]): Promise<AnyEvent[]> {
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error('the store is closed');
    const events = change(this.db.data);
    if (events.length === 0) return events;
    await this.flush();
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

  private flush(): Promise<void> {
    if (!this.writing) {
      // The adapter serializes the data synchronously when called: this is what the write holds.
      const covers = { items: this.db.data.items.length, seq: this.db.data.seq };
      this.writing = this.db.write().then(
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
    // The write under way serialized older state: one more write after it covers this change.
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
