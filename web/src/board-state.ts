import type { Allowed, AnyEvent, Beat, Item, Member, Opportunity, PublicSource, Story } from '../../server/realtime/protocol.js';
import type { Snapshot } from './api.js';

/** What changed, so the page can redraw only that part and highlight what is new. */
export type BoardChange =
  | { kind: 'reset' }
  | { kind: 'stories'; created: string[]; updated: string[] }
  | { kind: 'items'; created: string[] }
  | { kind: 'sources'; updated: string[] }
  | { kind: 'opportunities'; created: string[]; updated: string[] }
  | { kind: 'team' }
  /** Any workflow event, so views that fetch their own rows (inbox, schedule) know to ask again. */
  | { kind: 'workflow'; event: AnyEvent }
  | { kind: 'allowed'; ids: string[] }
  | { kind: 'seq' }
  /**
   * Records were deleted or rewritten in place (retention, an erasure): no event says which, so
   * the board must load a fresh snapshot (main.tsx asks the resync for one).
   */
  | { kind: 'stale' };

export type BoardListener = (change: BoardChange) => void;

/** A redacted payload or item: a stub that keeps only ids and digests (server/domain/audit-chain.ts). */
function isRedacted(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { redacted?: unknown }).redacted === true;
}

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

/** Soonest deadline first: the board is about what runs out next. */
export function compareOpportunities(a: Opportunity, b: Opportunity): number {
  return Date.parse(a.deadline) - Date.parse(b.deadline) || b.score - a.score || a.id.localeCompare(b.id);
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
  private readonly opportunities = new Map<string, Opportunity>();
  /** The verbs the signed-in member may use on each opportunity, as the server last said. */
  private readonly allowed = new Map<string, string[]>();
  private readonly members = new Map<string, Member>();
  private readonly beats = new Map<string, Beat>();
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
    this.opportunities.clear();
    this.allowed.clear();
    for (const { allowed, ...opportunity } of snapshot.opportunities) {
      this.opportunities.set(opportunity.id, opportunity);
      this.allowed.set(opportunity.id, allowed);
    }
    this.members.clear();
    for (const member of snapshot.members) this.members.set(member.id, member);
    this.beats.clear();
    for (const beat of snapshot.beats) this.beats.set(beat.id, beat);
    this.seq = seq;
    this.loaded = true;
    this.emit({ kind: 'reset' });
  }

  /** Apply one event from the log and move `lastSeq` to it. */
  apply(event: AnyEvent): void {
    // A payload redacted since it was written (docs/architecture.md, "Redaction") says nothing
    // any more: the snapshot the next erasures.create or items.expire brings has what is left.
    if (isRedacted(event.data)) {
      this.advanceTo(event.seq);
      return;
    }
    switch (event.action) {
      case 'items.create':
        this.addItems(event.data.items.filter((item) => !isRedacted(item)));
        break;
      case 'erasures.create':
      case 'items.expire':
        this.emit({ kind: 'stale' });
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
      case 'opportunities.create':
      case 'opportunities.pitch':
      case 'opportunities.claim':
      case 'opportunities.assign':
      case 'opportunities.dismiss':
      case 'opportunities.expire':
      case 'opportunities.update':
      case 'opportunities.watch':
        this.upsertOpportunity(event.data.opportunity);
        this.emit({ kind: 'workflow', event });
        break;
      case 'members.create':
      case 'members.update':
        this.members.set(event.data.member.id, event.data.member);
        this.emit({ kind: 'team' });
        break;
      case 'beats.create':
      case 'beats.update':
        this.beats.set(event.data.beat.id, event.data.beat);
        this.emit({ kind: 'team' });
        break;
      default:
        // Drafts, reviews, posts and comments: the views that show them fetch their own rows
        // (with the verbs the member may use) and ask again when one of these goes by.
        this.emit({ kind: 'workflow', event });
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

  story(id: string): Story | undefined {
    return this.stories.get(id);
  }

  opportunitiesInOrder(): Opportunity[] {
    return [...this.opportunities.values()].sort(compareOpportunities);
  }

  opportunity(id: string): Opportunity | undefined {
    return this.opportunities.get(id);
  }

  /** The verbs the member may use on an opportunity; unknown until the server says. */
  allowedOn(id: string): readonly string[] {
    return this.allowed.get(id) ?? [];
  }

  /** Fresh verbs from the server for opportunities that changed. */
  setAllowed(records: ReadonlyArray<Allowed<Opportunity>>): void {
    for (const { allowed, ...opportunity } of records) {
      this.allowed.set(opportunity.id, allowed);
      // The fetched record may be newer than the last event; a later event wins by rev.
      const known = this.opportunities.get(opportunity.id);
      if (!known || known.rev <= opportunity.rev) this.opportunities.set(opportunity.id, opportunity);
    }
    this.emit({ kind: 'allowed', ids: records.map((record) => record.id) });
  }

  member(id: string): Member | undefined {
    return this.members.get(id);
  }

  membersInOrder(): Member[] {
    return [...this.members.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  beat(id: string): Beat | undefined {
    return this.beats.get(id);
  }

  beatsInOrder(): Beat[] {
    return [...this.beats.values()].sort((a, b) => a.name.localeCompare(b.name));
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

  private upsertOpportunity(opportunity: Opportunity): void {
    const known = this.opportunities.get(opportunity.id);
    // Events can be replayed after a snapshot or a fetch that already holds a later rev.
    if (known && known.rev > opportunity.rev) return;
    this.opportunities.set(opportunity.id, opportunity);
    this.emit({ kind: 'opportunities', created: known ? [] : [opportunity.id], updated: known ? [opportunity.id] : [] });
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

