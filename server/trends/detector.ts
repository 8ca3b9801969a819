import { createHash } from 'node:crypto';
import type { Channel, Story } from '../domain/index.js';
import { trimCentroid, topTerms, type StoryState } from './story-state.js';
import { normalizeText, tokenize } from './tokenize.js';

/** What the detector needs of an item; times are ms since the epoch. */
export interface DetectorItem {
  id: string;
  sourceId: string;
  channel: Channel;
  author: string | null;
  title: string | null;
  text: string;
  publishedAt: number;
}

export interface DetectorOptions {
  bucketMs: number;
  /** How many buckets of history figures and sparklines cover. */
  bucketsKept: number;
  /** Cosine similarity an item needs to join a story rather than start one. */
  joinThreshold: number;
  /** Candidate stories remembered per term: keeps assignment cheap on common words. */
  candidatesPerTerm: number;
  maxStories: number;
  /** A story idle this long is forgotten. */
  storyTtlMs: number;
  maxRememberedItems: number;
  /** Volume and combination: this many items from this many distinct sources in the last hour. */
  trendMinItems: number;
  trendMinSources: number;
  /** Items per story-hour expected by chance, the Poisson baseline of the burst score. */
  baselinePerHour: number;
}

export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = {
  bucketMs: 5 * 60_000,
  bucketsKept: 24,
  joinThreshold: 0.3,
  candidatesPerTerm: 40,
  maxStories: 5_000,
  storyTtlMs: 48 * 3_600_000,
  maxRememberedItems: 200_000,
  trendMinItems: 3,
  trendMinSources: 3,
  baselinePerHour: 0.5,
};

const HOUR = 3_600_000;

export interface Assignment {
  itemId: string;
  storyId: string;
  /** True when the item repeats one already seen (a repost or syndicated copy). */
  duplicate: boolean;
}

/**
 * The trend detector: pure and synchronous, with the clock passed in, so a recorded stream
 * replays faster than real time and gives the same answer every time.
 */
export class TrendDetector {
  private readonly options: DetectorOptions;
  private readonly stories = new Map<string, StoryState>();
  /** term → story ids, most recent last. */
  private readonly index = new Map<string, string[]>();
  /** Document frequencies we keep ourselves (natural's TfIdf rescans every document). */
  private readonly documentFrequency = new Map<string, number>();
  private documents = 0;
  private readonly itemStory = new Map<string, string>();
  private readonly fingerprintStory = new Map<string, string>();
  private readonly changed = new Set<string>();

  constructor(options: Partial<DetectorOptions> = {}) {
    this.options = { ...DEFAULT_DETECTOR_OPTIONS, ...options };
  }

  ingest(item: DetectorItem, now: number): Assignment | null {
    if (this.itemStory.has(item.id)) return null;
    const at = Math.min(item.publishedAt, now);
    const fingerprint = createHash('sha1').update(normalizeText(`${item.title ?? ''} ${item.text}`).toLowerCase().replace(/\W+/g, ' ').trim()).digest('hex');
    const copyOf = this.fingerprintStory.get(fingerprint);
    const tokens = tokenize(`${item.title ?? ''} ${item.title ?? ''} ${item.text.slice(0, 600)}`);
    if (tokens.length === 0 && !copyOf) return null;

    const counts = new Map<string, number>();
    const surfaces = new Map<string, string>();
    for (const token of tokens) {
      counts.set(token.key, (counts.get(token.key) ?? 0) + 1);
      if (!surfaces.has(token.key)) surfaces.set(token.key, token.surface);
    }
    if (!copyOf) {
      this.documents += 1;
      for (const key of counts.keys()) this.documentFrequency.set(key, (this.documentFrequency.get(key) ?? 0) + 1);
    }
    const vector = this.weigh(counts);

    const existing = copyOf ? this.stories.get(copyOf) : this.bestStory(vector);
    const story = existing ?? this.createStory(item, at);
    this.addToStory(story, item, vector, surfaces, at);
    this.remember(item.id, fingerprint, story.id);
    this.updateFigures(story, now);
    return { itemId: item.id, storyId: story.id, duplicate: copyOf !== undefined };
  }

  /**
   * Recomputes figures as time passes and forgets idle stories. Returns the ids whose figures
   * this tick changed; they also stay marked for the next drainChanged().
   */
  tick(now: number): string[] {
    const changed: string[] = [];
    for (const story of this.stories.values()) {
      if (now - story.lastSeen > this.options.storyTtlMs) {
        this.forget(story.id);
        continue;
      }
      const before = `${story.velocity}|${story.trending}|${story.burstScore}`;
      this.updateFigures(story, now);
      if (`${story.velocity}|${story.trending}|${story.burstScore}` !== before) changed.push(story.id);
    }
    changed.forEach((id) => this.changed.add(id));
    return changed;
  }

  /** Ids of stories changed since the last call. */
  drainChanged(): string[] {
    const ids = [...this.changed].filter((id) => this.stories.has(id));
    this.changed.clear();
    return ids;
  }

  story(id: string, now: number): Story | null {
    const state = this.stories.get(id);
    return state ? this.snapshot(state, now) : null;
  }

  get size(): number {
    return this.stories.size;
  }

  private weigh(counts: Map<string, number>): Map<string, number> {
    const vector = new Map<string, number>();
    let norm = 0;
    for (const [key, count] of counts) {
      const idf = Math.log((this.documents + 1) / ((this.documentFrequency.get(key) ?? 0) + 1)) + 1;
      const weight = (1 + Math.log(count)) * idf;
      vector.set(key, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [key, weight] of vector) vector.set(key, weight / norm);
    return vector;
  }

  private bestStory(vector: Map<string, number>): StoryState | undefined {
    // Rare terms find candidates; common ones would make every story a candidate.
    const probes = [...vector.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
    const candidates = new Set<string>();
    for (const [key] of probes) for (const id of this.index.get(key) ?? []) candidates.add(id);
    let best: StoryState | undefined;
    let bestScore = this.options.joinThreshold;
    for (const id of candidates) {
      const story = this.stories.get(id);
      if (!story) continue;
      const score = cosine(vector, story.centroid);
      if (score >= bestScore) {
        best = story;
        bestScore = score;
      }
    }
    return best;
  }

  private createStory(item: DetectorItem, at: number): StoryState {
    const id = `st-${createHash('sha1').update(item.id).digest('hex').slice(0, 16)}`;
    const story: StoryState = {
      id,
      label: (item.title ?? item.text).replace(/\s+/g, ' ').trim().slice(0, 140),
      centroid: new Map(),
      surfaces: new Map(),
      channels: new Set(),
      sources: new Set(),
      authors: new Set(),
      itemCount: 0,
      firstSeen: at,
      lastSeen: at,
      buckets: new Map(),
      bucketSources: new Map(),
      trending: false,
      trendingAt: null,
      velocity: 0,
      acceleration: 0,
      burstScore: 0,
    };
    this.stories.set(id, story);
    if (this.stories.size > this.options.maxStories) this.evictOldest();
    return story;
  }

  private addToStory(story: StoryState, item: DetectorItem, vector: Map<string, number>, surfaces: Map<string, string>, at: number): void {
    story.itemCount += 1;
    story.channels.add(item.channel);
    story.sources.add(item.sourceId);
    if (item.author) story.authors.add(item.author);
    story.firstSeen = Math.min(story.firstSeen, at);
    story.lastSeen = Math.max(story.lastSeen, at);
    const bucket = Math.floor(at / this.options.bucketMs);
    story.buckets.set(bucket, (story.buckets.get(bucket) ?? 0) + 1);
    const bucketSources = story.bucketSources.get(bucket) ?? new Set<string>();
    bucketSources.add(item.sourceId);
    story.bucketSources.set(bucket, bucketSources);
    for (const [key, weight] of vector) {
      const isNew = !story.centroid.has(key);
      story.centroid.set(key, (story.centroid.get(key) ?? 0) + weight);
      if (!story.surfaces.has(key)) story.surfaces.set(key, surfaces.get(key) ?? key);
      if (isNew) this.indexTerm(key, story.id);
    }
    trimCentroid(story);
    this.changed.add(story.id);
  }

  private indexTerm(key: string, storyId: string): void {
    const list = this.index.get(key) ?? [];
    list.push(storyId);
    if (list.length > this.options.candidatesPerTerm) list.shift();
    this.index.set(key, list);
  }

  private remember(itemId: string, fingerprint: string, storyId: string): void {
    this.itemStory.set(itemId, storyId);
    this.fingerprintStory.set(fingerprint, storyId);
    // Maps iterate in insertion order: the first keys are the oldest.
    for (const memory of [this.itemStory, this.fingerprintStory]) {
      while (memory.size > this.options.maxRememberedItems) memory.delete(memory.keys().next().value!);
    }
  }

  private updateFigures(story: StoryState, now: number): void {
    const { bucketMs, bucketsKept } = this.options;
    const current = Math.floor(now / bucketMs);
    const perHour = Math.max(1, Math.round(HOUR / bucketMs));
    let lastHour = 0;
    let previousHour = 0;
    const recentSources = new Set<string>();
    for (const [bucket, count] of story.buckets) {
      const age = current - bucket;
      if (age >= Math.max(bucketsKept, 2 * perHour)) {
        story.buckets.delete(bucket);
        story.bucketSources.delete(bucket);
      } else if (age < perHour) {
        lastHour += count;
        for (const source of story.bucketSources.get(bucket) ?? []) recentSources.add(source);
      } else if (age < 2 * perHour) {
        previousHour += count;
      }
    }
    story.velocity = lastHour;
    story.acceleration = lastHour - previousHour;
    story.burstScore = round(poissonSurprise(lastHour, this.options.baselinePerHour));
    const trending = lastHour >= this.options.trendMinItems && recentSources.size >= this.options.trendMinSources;
    if (trending && !story.trending) story.trendingAt = now;
    story.trending = trending;
  }

  private snapshot(state: StoryState, now: number): Story {
    const { bucketMs, bucketsKept } = this.options;
    const current = Math.floor(now / bucketMs);
    const buckets = Array.from({ length: bucketsKept }, (_, i) => state.buckets.get(current - bucketsKept + 1 + i) ?? 0);
    return {
      id: state.id,
      label: state.label,
      terms: topTerms(state, 8),
      channels: [...state.channels],
      firstSeenAt: new Date(state.firstSeen).toISOString(),
      lastSeenAt: new Date(state.lastSeen).toISOString(),
      itemCount: state.itemCount,
      sourceCount: state.sources.size,
      authorCount: state.authors.size,
      velocity: state.velocity,
      acceleration: state.acceleration,
      burstScore: state.burstScore,
      buckets,
      trending: state.trending,
      trendingAt: state.trendingAt === null ? null : new Date(state.trendingAt).toISOString(),
      updatedAt: new Date(now).toISOString(),
    };
  }

  private evictOldest(): void {
    let oldest: StoryState | undefined;
    for (const story of this.stories.values()) if (!oldest || story.lastSeen < oldest.lastSeen) oldest = story;
    if (oldest) this.forget(oldest.id);
  }

  private forget(id: string): void {
    const story = this.stories.get(id);
    if (!story) return;
    this.stories.delete(id);
    for (const key of story.centroid.keys()) {
      const list = this.index.get(key);
      if (!list) continue;
      const kept = list.filter((storyId) => storyId !== id);
      if (kept.length === 0) this.index.delete(key);
      else this.index.set(key, kept);
    }
  }
}

function cosine(vector: Map<string, number>, centroid: Map<string, number>): number {
  let dot = 0;
  let norm = 0;
  for (const weight of centroid.values()) norm += weight * weight;
  for (const [key, weight] of vector) dot += weight * (centroid.get(key) ?? 0);
  return norm === 0 ? 0 : dot / Math.sqrt(norm);
}

/** −log10 P(X ≥ k) for X ~ Poisson(λ): how surprising k items in an hour are by chance. */
export function poissonSurprise(k: number, lambda: number): number {
  if (k <= 0) return 0;
  // Summing the tail upward from k (in logs) keeps precision where 1 − P(X < k) would round to 0.
  let logTerm = -lambda + k * Math.log(lambda) - logFactorial(k);
  let tail = 0;
  for (let i = k; i < k + 200; i++) {
    const term = Math.exp(logTerm);
    tail += term;
    if (term < tail * 1e-12) break;
    logTerm += Math.log(lambda / (i + 1));
  }
  return tail > 0 ? -Math.log10(tail) : 300;
}

function logFactorial(n: number): number {
  let sum = 0;
  for (let i = 2; i <= n; i++) sum += Math.log(i);
  return sum;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
