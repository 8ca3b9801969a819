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

interface Tracked {
  label: string | null;
  firstTrendingAt: number | null;
  peakScore: number;
}

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
  private readonly ids: string[] = [];
  private readonly ingestStory: Array<string | null> = [];
  private readonly duplicateOf: Array<string | null> = [];
  private readonly times: number[] = [];
  private readonly sources: string[] = [];
  private readonly channels: Channel[] = [];
  private readonly firstLabels = new Map<string, string>();
  private readonly tracked = new Map<string, Tracked>();
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
    return this.ids.length;
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
    this.ids.push(item.id);
    this.ingestStory.push(assignment?.storyId ?? null);
    if (assignment) {
      this.touched.add(assignment.storyId);
      this.onItem?.(item, assignment.storyId);
    }
    this.duplicateOf.push(assignment?.duplicateOf ?? null);
    this.times.push(item.publishedAt);
    this.sources.push(item.sourceId);
    this.channels.push(item.channel);
    if (assignment && !this.firstLabels.has(assignment.storyId)) {
      this.firstLabels.set(assignment.storyId, (item.title ?? item.text).replace(/\s+/g, ' ').trim().slice(0, 140));
    }
  }

  /** Ticks at the last item's time, reads every story back and returns the replay's outputs. */
  finish(): ReplayResult {
    if (this.now !== -Infinity) this.tick(this.now);
    const detector = this.extras;
    const storyOf = typeof detector.storyOf === 'function' ? detector.storyOf.bind(detector) : null;
    const assignments: AssignmentRecord[] = new Array(this.ids.length);
    const members = new Map<string, number[]>();
    for (let i = 0; i < this.ids.length; i++) {
      const id = this.ids[i]!;
      // After merges the detector knows better than the ingest's answer; it may have forgotten old items.
      const story = (storyOf ? storyOf(id) : null) ?? this.resolve(this.ingestStory[i]!);
      assignments[i] = { id, story, duplicateOf: this.duplicateOf[i]! };
      if (story === null) continue;
      const list = members.get(story);
      if (list) list.push(i);
      else members.set(story, [i]);
    }
    const stories: StoryRecord[] = [];
    let trending = 0;
    for (const [story, indexes] of members) {
      const live = this.detector.story(story, this.now);
      if (live) this.observe(live, this.now);
      const tracked = this.tracked.get(story);
      const sources = new Set<string>();
      let firstSeen = Infinity;
      let windowHours = 0;
      for (const i of indexes) {
        sources.add(this.sources[i]!);
        firstSeen = Math.min(firstSeen, this.times[i]!);
        windowHours = Math.max(windowHours, DEFAULT_WINDOW_HOURS[this.channels[i]!]);
      }
      const trendingAt = tracked?.firstTrendingAt ?? null;
      if (trendingAt !== null) trending += 1;
      stories.push({
        story,
        label: tracked?.label ?? this.firstLabels.get(story) ?? '',
        items: indexes.length,
        sources: sources.size,
        firstSeenAt: new Date(firstSeen).toISOString(),
        trendingAt: trendingAt === null ? null : new Date(trendingAt).toISOString(),
        windowClosesAt: trendingAt === null ? null : new Date(trendingAt + windowHours * HOUR_MS).toISOString(),
        peakScore: tracked?.peakScore ?? 0,
      });
    }
    stories.sort((a, b) => a.firstSeenAt.localeCompare(b.firstSeenAt) || a.story.localeCompare(b.story));
    return {
      assignments,
      stories,
      items: this.ids.length,
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
    const tracked = this.tracked.get(id);
    if (tracked) {
      if (label !== null) tracked.label = label;
      tracked.peakScore = Math.max(tracked.peakScore, burstScore);
      if (trendingAt !== null && (tracked.firstTrendingAt === null || trendingAt < tracked.firstTrendingAt)) tracked.firstTrendingAt = trendingAt;
    } else {
      this.tracked.set(id, { label, firstTrendingAt: trendingAt, peakScore: burstScore });
    }
  }

  /** The merged story keeps the earliest trending time and the highest score of both. */
  private merge(from: string, into: string): void {
    this.mergedInto.set(from, into);
    const gone = this.tracked.get(from);
    if (gone) this.track(into, gone.firstTrendingAt, gone.peakScore, null);
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

/** Sorts items by time (stable: equal times keep their input order) and replays them at once. */
export function replayItems(items: readonly StreamItem[], options: ReplayOptions = {}): ReplayResult {
  const replay = new Replay(options);
  for (const item of sortByTime(items)) replay.feed(item);
  return replay.finish();
}

export function sortByTime(items: readonly StreamItem[]): StreamItem[] {
  return [...items].sort((a, b) => a.publishedAt - b.publishedAt);
}
