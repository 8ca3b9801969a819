import type { AnyEvent, Item, PublicSource, Story } from '../../server/realtime/protocol.js';
import type { Snapshot } from './api.js';

/** What changed, so the page can redraw only that part and highlight what is new. */
export type BoardChange =
  | { kind: 'reset' }
  | { kind: 'stories'; created: string[]; updated: string[] }
  | { kind: 'items'; created: string[] }
  | { kind: 'sources'; updated: string[] }
  | { kind: 'seq' };

export type BoardListener = (change: BoardChange) => void;

/** Items kept in memory; the page shows fewer (see render-items). */
export const MAX_ITEMS_IN_MEMORY = 1000;
export const MAX_STORIES_IN_MEMORY = 500;

/** Trending first, then the most recently active. */
export function compareStories(a: Story, b: Story): number {
  if (a.trending !== b.trending) return a.trending ? -1 : 1;
  return (
    Date.parse(b.lastSeenAt) - Date.parse(a.lastSeenAt) ||
    Date.parse(b.updatedAt) - Date.parse(a.updatedAt) ||
    a.id.localeCompare(b.id)
  );
}

/** Latest arrival first; within one poll, latest publication first. */
export function compareItems(a: Item, b: Item): number {
  return (
    (Date.parse(b.fetchedAt) || 0) - (Date.parse(a.fetchedAt) || 0) ||
    (Date.parse(b.publishedAt) || 0) - (Date.parse(a.publishedAt) || 0)
  );
}

/**
 * The board as the client knows it: stories, items, sources and the sequence number of the
 * last event applied. Applying an event twice is harmless (upserts, items deduplicated by id),
 * which is what lets the resync protocol replay events that a snapshot already contains.
 */
export class BoardState {
  private readonly stories = new Map<string, Story>();
  private items: Item[] = [];
  private readonly itemIds = new Set<string>();
  private readonly sources = new Map<string, PublicSource>();
  private seq = 0;
  private loaded = false;
  private readonly listeners = new Set<BoardListener>();

  get lastSeq(): number {
    return this.seq;
  }

  /** True once a full snapshot has been loaded. */
  get isLoaded(): boolean {
    return this.loaded;
  }

  subscribe(listener: BoardListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Replace everything with a snapshot that is at least as fresh as `seq`. */
  reset(snapshot: Snapshot, seq: number): void {
    this.stories.clear();
    for (const story of snapshot.stories) this.stories.set(story.id, story);
    this.items = [];
    this.itemIds.clear();
    for (const item of [...snapshot.items].sort(compareItems)) {
      if (this.itemIds.has(item.id)) continue;
      this.itemIds.add(item.id);
      this.items.push(item);
    }
    this.sources.clear();
    for (const source of snapshot.sources) this.sources.set(source.id, source);
    this.seq = seq;
    this.loaded = true;
    this.emit({ kind: 'reset' });
  }

  /** Apply one event from the log and move `lastSeq` to it. */
  apply(event: AnyEvent): void {
    switch (event.action) {
      case 'items.create':
        this.addItems(event.data.items);
        break;
      case 'stories.update':
        this.upsertStory(event.data.story);
        break;
      case 'sources.update':
        this.upsertSource(event.data.source);
        break;
      case 'sources.remove':
        this.removeSource(event.data.source.id);
        break;
      default:
        // Workflow records and actions this build does not show yet: nothing to draw, but the
        // sequence still moves so it does not look like a gap.
        break;
    }
    this.advanceTo(event.seq);
  }

  /** Record that everything up to `seq` has been applied. */
  advanceTo(seq: number): void {
    if (seq <= this.seq) return;
    this.seq = seq;
    this.emit({ kind: 'seq' });
  }

  storiesInOrder(): Story[] {
    return [...this.stories.values()].sort(compareStories);
  }

  /** Newest first: snapshot items by arrival, then each live batch on top. */
  itemsNewestFirst(): readonly Item[] {
    return this.items;
  }

  sourcesInOrder(): PublicSource[] {
    return [...this.sources.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  source(id: string): PublicSource | undefined {
    return this.sources.get(id);
  }

  get storyCount(): number {
    return this.stories.size;
  }

  get itemCount(): number {
    return this.items.length;
  }

  private addItems(items: readonly Item[]): void {
    const created: Item[] = [];
    for (const item of items) {
      if (this.itemIds.has(item.id)) {
        const index = this.items.findIndex((known) => known.id === item.id);
        if (index >= 0) this.items[index] = item;
      } else {
        created.push(item);
      }
    }
    created.sort(compareItems);
    for (const item of created) this.itemIds.add(item.id);
    this.items = [...created, ...this.items];
    if (this.items.length > MAX_ITEMS_IN_MEMORY) {
      for (const dropped of this.items.splice(MAX_ITEMS_IN_MEMORY)) this.itemIds.delete(dropped.id);
    }
    this.emit({ kind: 'items', created: created.map((item) => item.id) });
  }

  private upsertStory(story: Story): void {
    const isNew = !this.stories.has(story.id);
    this.stories.set(story.id, story);
    if (this.stories.size > MAX_STORIES_IN_MEMORY) {
      const oldest = [...this.stories.values()].sort(compareStories).slice(MAX_STORIES_IN_MEMORY);
      for (const dropped of oldest) this.stories.delete(dropped.id);
    }
    this.emit({ kind: 'stories', created: isNew ? [story.id] : [], updated: isNew ? [] : [story.id] });
  }

  private upsertSource(source: PublicSource): void {
    this.sources.set(source.id, source);
    this.emit({ kind: 'sources', updated: [source.id] });
  }

  private removeSource(id: string): void {
    if (!this.sources.delete(id)) return;
    this.emit({ kind: 'sources', updated: [id] });
  }

  private emit(change: BoardChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

