import { DEFAULT_WINDOW_HOURS, type Channel, type Story } from '../../domain/index.js';
import { TrendDetector, type Assignment, type DetectorOptions } from '../detector.js';
import type { StreamItem } from './stream-item.js';

const HOUR_MS = 3_600_000;

/**
 * Simulated time between ticks. The server ticks every 10 s of real time; a replay ticks at most
 * once per item, when the item's time has crossed into a new minute, so quiet stretches cost
 * nothing and busy ones tick about as often as the server's detector would see figures move.
 */
export const DEFAULT_TICK_MS = 60_000;

/** A line of assignments.jsonl: the story an item ended in, and the item it repeats. */
export interface AssignmentRecord {
  id: string;
  story: string | null;
  duplicateOf: string | null;
}

/** A line of stories.jsonl. */
export interface StoryRecord {
  story: string;
  label: string;
  items: number;
  sources: number;
  firstSeenAt: string;
  /** The first time the story was seen trending; null when it never trended. */
  trendingAt: string | null;
  /** trendingAt + the longest default window of the story's channels. */
  windowClosesAt: string | null;
  /** The highest burst score the story showed at a tick. */
  peakScore: number;
}

export interface ReplayResult {
  assignments: AssignmentRecord[];
  stories: StoryRecord[];
  items: number;
  /** Stories that trended at some point. */
  trending: number;
  /** Simulated time of the first and last item (ms); null for an empty stream. */
  startAt: number | null;
  endAt: number | null;
}

export interface ReplayOptions {
  detector?: Partial<DetectorOptions>;
  /** Simulated time between ticks (default DEFAULT_TICK_MS, a minute). */
  tickMs?: number;
  /** Measure the time spent in ingest, tick and reading stories back (adds a clock read per call). */
  timeStages?: boolean;
  /** Called with each story read back after a tick (and at the end): the hook for opportunity finding. */
  onStory?: (story: Story, now: number) => void;
  /** Called with each item the detector put in a story, as it is ingested. */
  onItem?: (item: StreamItem, storyId: string) => void;
  /** Called when the detector merges story `from` into `into` (its items now belong there). */
  onMerge?: (from: string, into: string) => void;
}

export interface StageTimes {
  ingestMs: number;
  tickMs: number;
  /** Reading back, after each tick, the stories that took items since the last (story()). */
  observeMs: number;
  ticks: number;
}

/** A story's figures without a snapshot. */
interface StoryFigures {
  burstScore: number;
  trending: boolean;
  trendingAt: number | null;
}

/**
 * What the detector may offer beyond its first API, each used when present: an item's story after
 * merges, the merges themselves, and cheap figures to poll after every tick.
 */
type DetectorExtras = TrendDetector & {
  storyOf?: (itemId: string) => string | null | undefined;
  drainMerges?: () => Array<{ from: string; into: string }>;
  storyFigures?: (id: string) => StoryFigures | null;
};
/** The duplicate's original, once the detector names it (today it says only `duplicate`). */
type AssignmentWithOriginal = Assignment & { duplicateOf?: string | null };


/**
 * Feeds items to a trend detector with the clock at each item's time, ticking as simulated time
 * crosses each tick boundary, and records what the replay outputs: every item's story and every
 * story's figures. Synchronous and deterministic: pacing to a wall clock is the caller's business.
 */
export class Replay {
  readonly detector: TrendDetector;
  readonly stages: StageTimes = { ingestMs: 0, tickMs: 0, observeMs: 0, ticks: 0 };
  private readonly tickMs: number;
  private readonly timed: boolean;
  private readonly onStory: ((story: Story, now: number) => void) | undefined;
  private readonly onItem: ((item: StreamItem, storyId: string) => void) | undefined;
  private readonly onMerge: ((from: string, into: string) => void) | undefined;
  private readonly extras: DetectorExtras;
  /** Story merged away → the story it went into. */
  private readonly mergedInto = new Map<string, string>();
  // One entry per item, kept compact (a million items fit in tens of MB): ids packed into chunk
  // strings, stories/sources/channels interned to numbers in typed arrays, copies' originals sparse.
  private readonly ids = new PackedStrings();
  private readonly ingestStory = new Column(Int32Array);
  private readonly duplicateOf = new Map<number, string>();
  private readonly times = new Column(Float64Array);
  private readonly sources = new Column(Int32Array);
  private readonly channels = new Column(Uint8Array);
  private readonly storyNames = new Interner();
  private readonly sourceNames = new Interner();
  private readonly channelNames = new Interner();
  /** Label of each story (by interned number) from its first item, for stories never read back. */
  private readonly firstLabels: string[] = [];
  /**
   * What ticks read back, per story by its interned number, in plain number arrays rather than an
   * object per story (a million-item replay has hundreds of thousands of stories): the highest
   * burst score (NaN: never read back), the first trending time (NaN: none), the label read.
   */
  private readonly peakScores: number[] = [];
  private readonly firstTrending: number[] = [];
  private readonly readLabels = new Map<number, string>();
  /** Stories that took an item since the last tick: the ones read back at the next. */
  private readonly touched = new Set<string>();
  private lastSlot = -Infinity;
  private now = -Infinity;
  private startAt: number | null = null;

  constructor(options: ReplayOptions = {}) {
    this.detector = new TrendDetector(options.detector ?? {});
    this.tickMs = options.tickMs ?? DEFAULT_TICK_MS;
    this.timed = options.timeStages ?? false;
    this.onStory = options.onStory;
    this.onItem = options.onItem;
    this.onMerge = options.onMerge;
    this.extras = this.detector as DetectorExtras;
  }

  get fed(): number {
    return this.ids.size;
  }

  /** Ingests one item at its own time (items must come in time order; a late one is ingested at the current clock). */
  feed(item: StreamItem): void {
    const now = Math.max(this.now, item.publishedAt);
    this.startAt ??= now;
    const slot = Math.floor(now / this.tickMs);
    if (slot > this.lastSlot) {
      if (this.lastSlot !== -Infinity) this.tick(now);
      this.lastSlot = slot;
    }
    this.now = now;
    let assignment: AssignmentWithOriginal | null;
    if (this.timed) {
      const started = performance.now();
      assignment = this.detector.ingest(item, now);
      this.stages.ingestMs += performance.now() - started;
    } else {
      assignment = this.detector.ingest(item, now);
    }
    const index = this.ids.size;
    this.ids.push(item.id);
    let story = -1;
    if (assignment) {
      this.touched.add(assignment.storyId);
      this.onItem?.(item, assignment.storyId);
      // A copy: a slice would keep the item's whole text alive.
      story = this.storyNumber(assignment.storyId, () => copyString((item.title ?? item.text).replace(/\s+/g, ' ').trim().slice(0, 140)));
      if (assignment.duplicateOf != null) this.duplicateOf.set(index, assignment.duplicateOf);
    }
    this.ingestStory.push(story);
    this.times.push(item.publishedAt);
    this.sources.push(this.sourceNames.intern(item.sourceId));
    this.channels.push(this.channelNames.intern(item.channel));
  }

  /**
   * Ticks at the last item's time, reads every story back and returns the replay's outputs. With
   * `onAssignment`, each item's line goes to it, in feed order, instead of into `assignments`
   * (left empty): a long replay's outputs need not all be held at once.
   */
  finish(options: { onAssignment?: (record: AssignmentRecord) => void } = {}): ReplayResult {
    if (this.now !== -Infinity) this.tick(this.now);
    const detector = this.extras;
    const storyOf = typeof detector.storyOf === 'function' ? detector.storyOf.bind(detector) : null;
    const emit = options.onAssignment;
    const assignments: AssignmentRecord[] = emit ? [] : new Array(this.ids.size);
    /** Per story, in the order of its first item: items, sources, first time, longest window. */
    // Most stories have one source (many, one item): a set only once a second source appears, so a
    // million-item replay does not hold hundreds of thousands of one-entry sets.
    const members = new Map<string, { items: number; sources: number | Set<number>; firstSeen: number; windowHours: number; first: number }>();
    const ingestStory = this.ingestStory.values;
    const times = this.times.values;
    const sources = this.sources.values;
    const channels = this.channels.values;
    let i = 0;
    this.ids.forEach((id) => {
      const ingest = ingestStory[i]!;
      // After merges the detector knows better than the ingest's answer (it may have forgotten old
      // items); its answer is followed through the merges too, as a merge renames only the items
      // the story still lists (its newest maxItemsPerStory).
      const story = this.resolve((storyOf ? storyOf(id) : null) ?? (ingest < 0 ? null : this.storyNames.name(ingest)));
      const record: AssignmentRecord = { id, story, duplicateOf: this.duplicateOf.get(i) ?? null };
      if (emit) emit(record);
      else assignments[i] = record;
      if (story !== null) {
        const windowHours = DEFAULT_WINDOW_HOURS[this.channelNames.name(channels[i]!) as Channel];
        const entry = members.get(story);
        if (entry) {
          entry.items += 1;
          const source = sources[i]!;
          if (typeof entry.sources === 'number') {
            if (entry.sources !== source) entry.sources = new Set([entry.sources, source]);
          } else {
            entry.sources.add(source);
          }
          entry.firstSeen = Math.min(entry.firstSeen, times[i]!);
          entry.windowHours = Math.max(entry.windowHours, windowHours);
        } else {
          members.set(story, { items: 1, sources: sources[i]!, firstSeen: times[i]!, windowHours: Math.max(0, windowHours), first: i });
        }
      }
      i += 1;
    });
    const stories: StoryRecord[] = [];
    let trending = 0;
    for (const [story, entry] of members) {
      const live = this.detector.story(story, this.now);
      if (live) this.observe(live, this.now);
      const n = this.storyNames.find(story);
      const first = n === undefined ? NaN : this.firstTrending[n]!;
      const trendingAt = Number.isNaN(first) ? null : first;
      if (trendingAt !== null) trending += 1;
      const peak = n === undefined ? NaN : this.peakScores[n]!;
      stories.push({
        story,
        label: (n === undefined ? undefined : (this.readLabels.get(n) ?? this.firstLabels[n])) ?? '',
        items: entry.items,
        sources: typeof entry.sources === 'number' ? 1 : entry.sources.size,
        firstSeenAt: new Date(entry.firstSeen).toISOString(),
        trendingAt: trendingAt === null ? null : new Date(trendingAt).toISOString(),
        windowClosesAt: trendingAt === null ? null : new Date(trendingAt + entry.windowHours * HOUR_MS).toISOString(),
        peakScore: Number.isNaN(peak) ? 0 : peak,
      });
    }
    stories.sort((a, b) => a.firstSeenAt.localeCompare(b.firstSeenAt) || a.story.localeCompare(b.story));
    return {
      assignments,
      stories,
      items: this.ids.size,
      trending,
      startAt: this.startAt,
      endAt: this.now === -Infinity ? null : this.now,
    };
  }

  private tick(now: number): void {
    this.stages.ticks += 1;
    let started = this.timed ? performance.now() : 0;
    this.detector.tick(now);
    if (this.timed) {
      const ended = performance.now();
      this.stages.tickMs += ended - started;
      started = ended;
    }
    const d = this.extras;
    if (typeof d.drainMerges === 'function') {
      for (const { from, into } of d.drainMerges()) this.merge(from, into);
    }
    const changed = this.detector.drainChanged();
    if (typeof d.storyFigures === 'function') {
      // Cheap figures: every story whose figures changed is read, so a story that starts trending
      // at a tick is seen at that tick. Snapshots only for the hook, for trending stories that took items.
      for (const id of changed) {
        const figures = d.storyFigures(id);
        if (figures) this.track(id, figures.trendingAt, figures.burstScore, null);
      }
      if (this.onStory) {
        for (const id of this.touched) {
          if (!d.storyFigures(id)?.trending) continue;
          const story = this.detector.story(id, now);
          if (story) this.onStory(story, now);
        }
      }
    } else {
      // Only stories that took items since the last tick are read back: with this detector a
      // story's figures rise only when it takes an item (time alone lowers them), and it keeps
      // the time a story started trending, so one read after its items catches both.
      for (const id of this.touched) {
        const story = this.detector.story(id, now);
        if (story) this.observe(story, now);
      }
    }
    this.touched.clear();
    if (this.timed) this.stages.observeMs += performance.now() - started;
  }

  private observe(story: Story, now: number): void {
    this.track(story.id, story.trendingAt === null ? null : Date.parse(story.trendingAt), story.burstScore, story.label);
    this.onStory?.(story, now);
  }

  private track(id: string, trendingAt: number | null, burstScore: number, label: string | null): void {
    const n = this.storyNumber(id);
    if (label !== null) this.readLabels.set(n, label);
    const peak = this.peakScores[n]!;
    this.peakScores[n] = Number.isNaN(peak) ? burstScore : Math.max(peak, burstScore);
    const first = this.firstTrending[n]!;
    if (trendingAt !== null && (Number.isNaN(first) || trendingAt < first)) this.firstTrending[n] = trendingAt;
  }

  /** A story's interned number; a story met for the first time gets its first label (and no figures yet). */
  private storyNumber(id: string, firstLabel?: () => string): number {
    const n = this.storyNames.intern(id);
    if (n === this.firstLabels.length) {
      this.firstLabels.push(firstLabel ? firstLabel() : '');
      this.peakScores.push(NaN);
      this.firstTrending.push(NaN);
    }
    return n;
  }

  /** The merged story keeps the earliest trending time and the highest score of both. */
  private merge(from: string, into: string): void {
    this.mergedInto.set(from, into);
    const gone = this.storyNames.find(from);
    const peak = gone === undefined ? NaN : this.peakScores[gone]!;
    if (gone !== undefined && !Number.isNaN(peak)) {
      const first = this.firstTrending[gone]!;
      this.track(into, Number.isNaN(first) ? null : first, peak, null);
    }
    this.touched.delete(from);
    this.touched.add(into);
    this.onMerge?.(from, into);
  }

  /** Where a story's items are now, following merges. */
  private resolve(id: string | null): string | null {
    let current = id;
    for (let hops = 0; current !== null && hops < 1000; hops++) {
      const next = this.mergedInto.get(current);
      if (next === undefined) break;
      current = next;
    }
    return current;
  }
}

/** A growable typed array. */
class Column<T extends Int32Array | Float64Array | Uint8Array> {
  private data: T;
  private length = 0;
  constructor(private readonly Kind: { new (length: number): T }) {
    this.data = new Kind(1_024);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new this.Kind(this.data.length * 2);
      grown.set(this.data as never);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  /** The values pushed so far (a view; pushing more may replace the buffer). */
  get values(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

/** Strings numbered in order of first appearance. */
class Interner {
  private readonly numbers = new Map<string, number>();
  private readonly names: string[] = [];
  intern(name: string): number {
    let n = this.numbers.get(name);
    if (n === undefined) {
      n = this.names.length;
      this.names.push(name);
      this.numbers.set(name, n);
    }
    return n;
  }
  find(name: string): number | undefined {
    return this.numbers.get(name);
  }
  name(n: number): string {
    return this.names[n]!;
  }
}

/** Many strings in few: joined in chunks, with each one's length. */
class PackedStrings {
  private readonly chunks: Array<{ text: string; count: number }> = [];
  private pending: string[] = [];
  private readonly lengths = new Column(Int32Array);
  get size(): number {
    return this.lengths.values.length;
  }
  push(value: string): void {
    this.pending.push(value);
    this.lengths.push(value.length);
    if (this.pending.length === 4_096) this.seal();
  }
  /** Each string, in the order pushed. */
  forEach(visit: (value: string) => void): void {
    this.seal();
    const lengths = this.lengths.values;
    let n = 0;
    for (const { text, count } of this.chunks) {
      let at = 0;
      for (let k = 0; k < count; k++) {
        const length = lengths[n++]!;
        visit(text.slice(at, at + length));
        at += length;
      }
    }
  }
  private seal(): void {
    if (this.pending.length === 0) return;
    this.chunks.push({ text: this.pending.join(''), count: this.pending.length });
    this.pending = [];
  }
}

/** A string of its own (a slice of a long text would keep the whole text alive). */
function copyString(value: string): string {
  return value.length < 16 ? value : (JSON.parse(JSON.stringify(value)) as string);
}

/** Sorts items by time (stable: equal times keep their input order) and replays them at once. */
export function replayItems(items: readonly StreamItem[], options: ReplayOptions = {}): ReplayResult {
  const replay = new Replay(options);
  for (const item of sortByTime(items)) replay.feed(item);
  return replay.finish();
}

export function sortByTime(items: readonly StreamItem[]): StreamItem[] {
  return [...items].sort((a, b) => a.publishedAt - b.publishedAt);
}
