import { DEFAULT_WINDOW_HOURS, type Story } from '../../domain/index.js';
import { TrendDetector, type Assignment, type DetectorOptions } from '../detector.js';
import { ItemLog } from './item-log.js';
import { Column, Interner } from './columns.js';
import { SpilledStrings } from './spilled-strings.js';
import { StoryTotals } from './story-totals.js';
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
  /** Lines of stories.jsonl: `stories.length`, or how many went to onStoryRecord. */
  storyCount: number;
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

/** Where finish() hands the output lines, one at a time, instead of returning them. */
export interface ReplayOutputs {
  onAssignment?: (record: AssignmentRecord) => void;
  onStoryRecord?: (record: StoryRecord) => void;
}

export interface StageTimes {
  ingestMs: number;
  tickMs: number;
  /** Reading back, after each tick, the stories that took items since the last (story()). */
  observeMs: number;
  ticks: number;
}

/**
 * Feeds items to a trend detector with the clock at each item's time, ticking as simulated time
 * crosses each tick boundary, and records what the replay outputs: every item's story and every
 * story's figures. Synchronous and deterministic: pacing to a wall clock is the caller's business.
 *
 * Memory stays flat in the number of items: each item's id and story go to an ItemLog (on disk
 * past the first megabyte), and what stories.jsonl needs is totalled per story as items arrive.
 */
export class Replay {
  readonly detector: TrendDetector;
  readonly stages: StageTimes = { ingestMs: 0, tickMs: 0, observeMs: 0, ticks: 0 };
  private readonly tickMs: number;
  private readonly timed: boolean;
  private readonly onStory: ((story: Story, now: number) => void) | undefined;
  private readonly onItem: ((item: StreamItem, storyId: string) => void) | undefined;
  private readonly onMerge: ((from: string, into: string) => void) | undefined;
  /** Story merged away → the story it went into. */
  private readonly mergedInto = new Map<string, string>();
  private readonly log = new ItemLog();
  private readonly totals = new StoryTotals();
  private readonly storyNames = new Interner();
  private readonly sourceNames = new Interner();
  /** Label of each story (by number) from its first item, for stories never read back. */
  private readonly firstLabels = new SpilledStrings();
  /**
   * What ticks read back, per story by number: the highest burst score (NaN: never read back),
   * the first trending time (NaN: none), the label read.
   */
  private readonly peakScores = new Column(Float64Array);
  private readonly firstTrending = new Column(Float64Array);
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
    let assignment: Assignment | null;
    if (this.timed) {
      const started = performance.now();
      assignment = this.detector.ingest(item, now);
      this.stages.ingestMs += performance.now() - started;
    } else {
      assignment = this.detector.ingest(item, now);
    }
    let story = -1;
    if (assignment) {
      this.touched.add(assignment.storyId);
      this.onItem?.(item, assignment.storyId);
      story = this.storyNumber(assignment.storyId, () => firstLabel(item));
    } else {
      // An id seen before counts in the story its first copy went into.
      const known = this.detector.storyOf(item.id);
      if (known !== null) story = this.storyNumber(known);
    }
    if (story >= 0) this.totals.add(story, this.sourceNames.intern(item.sourceId), item.publishedAt, DEFAULT_WINDOW_HOURS[item.channel]);
    this.log.push({ id: item.id, story, duplicateOf: assignment?.duplicateOf ?? null });
  }

  /**
   * Ticks at the last item's time, reads every story back and returns the replay's outputs. With
   * `onAssignment` and `onStoryRecord`, each line goes to them in order instead of into
   * `assignments` and `stories` (left empty): a long replay's outputs need not all be held at once.
   */
  finish(options: ReplayOutputs = {}): ReplayResult {
    if (this.now !== -Infinity) this.tick(this.now);
    // Where each story's items are now: a story merged away gives its items to the one it went into.
    const final = new Int32Array(this.storyNames.size);
    for (let n = 0; n < final.length; n++) {
      const target = this.storyNames.find(this.resolve(this.storyNames.name(n)))!;
      final[n] = target;
      if (target !== n) this.totals.fold(n, target);
    }
    const emit = options.onAssignment;
    const assignments: AssignmentRecord[] = emit ? [] : new Array(this.log.size);
    // Stories in the order of their first item, each read from the detector once more if it is
    // still there (the last figures and label, and the hook's last look).
    const order: number[] = [];
    const met = new Uint8Array(final.length);
    let i = 0;
    this.log.forEach(({ id, story, duplicateOf }) => {
      const n = story < 0 ? -1 : final[story]!;
      const record: AssignmentRecord = { id, story: n < 0 ? null : this.storyNames.name(n), duplicateOf };
      if (emit) emit(record);
      else assignments[i] = record;
      i += 1;
      if (n >= 0 && met[n] === 0) {
        met[n] = 1;
        order.push(n);
      }
    });
    this.log.close();
    for (const n of order) {
      const live = this.detector.story(this.storyNames.name(n), this.now);
      if (live) this.observe(live, this.now);
    }
    const name = (n: number) => this.storyNames.name(n);
    order.sort((a, b) => this.totals.firstSeenOf(a) - this.totals.firstSeenOf(b) || name(a).localeCompare(name(b)));
    const stories: StoryRecord[] = [];
    let trending = 0;
    for (const n of order) {
      const record = this.storyRecord(n);
      if (record.trendingAt !== null) trending += 1;
      if (options.onStoryRecord) options.onStoryRecord(record);
      else stories.push(record);
    }
    this.firstLabels.close();
    return {
      assignments,
      stories,
      items: i,
      storyCount: order.length,
      trending,
      startAt: this.startAt,
      endAt: this.now === -Infinity ? null : this.now,
    };
  }

  private storyRecord(n: number): StoryRecord {
    const total = this.totals.get(n)!;
    const first = this.firstTrending.get(n);
    const trendingAt = Number.isNaN(first) ? null : first;
    const peak = this.peakScores.get(n);
    return {
      story: this.storyNames.name(n),
      label: this.readLabels.get(n) ?? this.firstLabels.get(n),
      items: total.items,
      sources: total.sources,
      firstSeenAt: new Date(total.firstSeen).toISOString(),
      trendingAt: trendingAt === null ? null : new Date(trendingAt).toISOString(),
      windowClosesAt: trendingAt === null ? null : new Date(trendingAt + total.windowHours * HOUR_MS).toISOString(),
      peakScore: Number.isNaN(peak) ? 0 : peak,
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
    for (const { from, into } of this.detector.drainMerges()) this.merge(from, into);
    // Cheap figures: every story whose figures changed is read, so a story that starts trending
    // at a tick is seen at that tick. Snapshots only for the hook, for trending stories that took items.
    for (const id of this.detector.drainChanged()) {
      const figures = this.detector.storyFigures(id);
      if (figures) this.track(id, figures.trendingAt, figures.burstScore, null);
    }
    if (this.onStory) {
      for (const id of this.touched) {
        if (!this.detector.storyFigures(id)?.trending) continue;
        const story = this.detector.story(id, now);
        if (story) this.onStory(story, now);
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
    const peak = this.peakScores.get(n);
    this.peakScores.set(n, Number.isNaN(peak) ? burstScore : Math.max(peak, burstScore));
    const first = this.firstTrending.get(n);
    if (trendingAt !== null && (Number.isNaN(first) || trendingAt < first)) this.firstTrending.set(n, trendingAt);
  }

  /** A story's number; a story met for the first time gets its first label (and no figures yet). */
  private storyNumber(id: string, firstLabel?: () => string): number {
    const n = this.storyNames.intern(id);
    if (n === this.firstLabels.size) {
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
    const peak = gone === undefined ? NaN : this.peakScores.get(gone);
    if (gone !== undefined && !Number.isNaN(peak)) {
      const first = this.firstTrending.get(gone);
      this.track(into, Number.isNaN(first) ? null : first, peak, null);
    }
    this.touched.delete(from);
    this.touched.add(into);
    this.onMerge?.(from, into);
  }

  /** Where a story's items are now, following merges. */
  private resolve(id: string): string {
    let current = id;
    for (let hops = 0; hops < 1000; hops++) {
      const next = this.mergedInto.get(current);
      if (next === undefined) break;
      current = next;
    }
    return current;
  }
}

/**
 * A story's label from its first item, as a string of its own: a slice of the item's text would
 * keep the whole text alive while the label waits to be written out.
 */
function firstLabel(item: StreamItem): string {
  const label = (item.title ?? item.text).replace(/\s+/g, ' ').trim().slice(0, 140);
  return label.length < 16 ? label : (JSON.parse(JSON.stringify(label)) as string);
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
