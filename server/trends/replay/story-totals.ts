import { Column } from './columns.js';

/** What stories.jsonl says of a story's items. */
export interface StoryTotal {
  items: number;
  sources: number;
  /** Time of the story's earliest item (ms). */
  firstSeen: number;
  /** The longest relevance window (hours) among the channels of its items. */
  windowHours: number;
}

/**
 * Running totals of the items in each story, by the replay's story number, kept as items arrive
 * so the end of a replay needs no pass over every item to count them. Merges are applied at the
 * end (fold), when it is known where each story's items went.
 */
export class StoryTotals {
  private readonly items = new Column(Int32Array);
  private readonly firstSeen = new Column(Float64Array);
  private readonly windowHours = new Column(Float64Array);
  /** A story's source while it has one; −1 once it has several, which are then in `manySources`. */
  private readonly oneSource = new Column(Int32Array);
  private readonly manySources = new Map<number, Set<number>>();

  /** Counts an item (source by number) in story n; stories are numbered 0, 1, 2… as met. */
  add(n: number, source: number, at: number, windowHours: number): void {
    this.reach(n);
    const hours = Math.max(0, windowHours);
    if (this.items.get(n) === 0) {
      this.oneSource.set(n, source);
    } else {
      this.addSource(n, source);
    }
    this.items.set(n, this.items.get(n) + 1);
    if (at < this.firstSeen.get(n)) this.firstSeen.set(n, at);
    if (hours > this.windowHours.get(n)) this.windowHours.set(n, hours);
  }

  /** Moves story `from`'s items into story `into`. */
  fold(from: number, into: number): void {
    if (from === into || from >= this.items.size || this.items.get(from) === 0) return;
    this.reach(into);
    if (this.items.get(into) === 0) {
      // `into` holds no item yet: it takes `from`'s sources as they are.
      this.oneSource.set(into, this.oneSource.get(from));
      const many = this.manySources.get(from);
      if (many) this.manySources.set(into, many);
    } else {
      const many = this.manySources.get(from);
      if (many) for (const source of many) this.addSource(into, source);
      else this.addSource(into, this.oneSource.get(from));
    }
    this.items.set(into, this.items.get(into) + this.items.get(from));
    this.firstSeen.set(into, Math.min(this.firstSeen.get(into), this.firstSeen.get(from)));
    this.windowHours.set(into, Math.max(this.windowHours.get(into), this.windowHours.get(from)));
    this.items.set(from, 0);
    this.manySources.delete(from);
  }

  /** Story n's totals; null when it holds no item. */
  get(n: number): StoryTotal | null {
    if (n >= this.items.size || this.items.get(n) === 0) return null;
    const many = this.manySources.get(n);
    return { items: this.items.get(n), sources: many ? many.size : 1, firstSeen: this.firstSeen.get(n), windowHours: this.windowHours.get(n) };
  }

  /** Time of story n's earliest item (Infinity when it holds none). */
  firstSeenOf(n: number): number {
    return n < this.firstSeen.size ? this.firstSeen.get(n) : Infinity;
  }

  /** Room for story n. */
  private reach(n: number): void {
    while (this.items.size <= n) {
      this.items.push(0);
      this.firstSeen.push(Infinity);
      this.windowHours.push(0);
      this.oneSource.push(-1);
    }
  }

  private addSource(n: number, source: number): void {
    const many = this.manySources.get(n);
    if (many) {
      many.add(source);
      return;
    }
    const one = this.oneSource.get(n);
    if (one === source) return;
    this.manySources.set(n, new Set([one, source]));
  }
}
