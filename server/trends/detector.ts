import { createHash } from 'node:crypto';
import type { Channel, Engagement, Story } from '../domain/index.js';
import { ArrivalOrder } from './arrival-order.js';
import { burstScore } from './burst.js';
import { Centroid } from './centroid.js';
import { DocumentFrequencies } from './document-frequencies.js';
import { NearDuplicateIndex } from './near-duplicate.js';
import { ScatteredVector } from './scattered-vector.js';
import { SerialTable } from './serial-table.js';
import { StampedSet } from './stamped-set.js';
import { TermIndex } from './term-index.js';
import { mutualBestPairs, type BestMatch } from './story-merge.js';
import {
  addBigram,
  addBigramAt,
  addWeight,
  cohesion,
  decayFactor,
  emptyBucket,
  moveEpoch,
  strongestFirst,
  topBigrams,
  topTerms,
  trimCentroid,
  type BucketFigures,
  type StoryCore,
  type StoryState,
} from './story-state.js';
import { endsBigram, normalizeText, tokenizeNormalized, urlTokens, type Token } from './tokenize.js';

export { poissonSurprise, burstScore } from './burst.js';

/** What the detector needs of an item; times are ms since the epoch. */
export interface DetectorItem {
  id: string;
  sourceId: string;
  channel: Channel;
  author: string | null;
  title: string | null;
  text: string;
  publishedAt: number;
  /** The item's link: a readable slug adds words, the host identifies the publisher. */
  url?: string | null;
  /** Likes, reposts, replies…, or one number already summed. */
  engagement?: Engagement | number | null;
  language?: string | null;
}

export interface DetectorOptions {
  bucketMs: number;
  /** How many buckets of history figures and sparklines cover. */
  bucketsKept: number;
  /**
   * Cosine similarity an item needs to join a story rather than start one, for headlines and
   * short posts; longer texts spread their weight over more terms and need less (see joinFloor).
   */
  joinThreshold: number;
  /** The lowest threshold a long text can get. */
  joinFloor: number;
  /** Cosine between two stories' centroids for the merge pass to make them one. */
  mergeThreshold: number;
  /** How often (clock time) the merge pass runs. */
  mergeEveryMs: number;
  /** Candidate stories remembered per term: keeps assignment cheap on common words. */
  candidatesPerTerm: number;
  /** At most this many candidate stories are scored per item. */
  maxCandidates: number;
  /** How many of an item's rarest terms look up candidates. */
  probeTerms: number;
  /** Half-life of a term's weight in a story's centroid. */
  centroidHalfLifeMs: number;
  /** Half-life of document frequencies. */
  documentHalfLifeMs: number;
  maxStories: number;
  maxTerms: number;
  /** A story idle this long is forgotten; a story of one item sooner. */
  storyTtlMs: number;
  singletonTtlMs: number;
  maxRememberedItems: number;
  /** Item ids kept per story for storyItems(). */
  maxItemsPerStory: number;
  /** Volume and combination: this many items from this many independent voices in the last hour… */
  trendMinItems: number;
  trendMinSources: number;
  /** …of which this many are not copies (one loud post reposted is not a trend)… */
  trendMinOriginals: number;
  /** …and a burst score (−log10 p against the story's own decayed baseline) at least this high. */
  trendMinBurst: number;
  /** Items per story-hour expected by chance: the baseline of a story without history. */
  baselinePerHour: number;
  /** Half-life of a story's baseline rate. */
  baselineHalfLifeMs: number;
  /**
   * Share of the whole stream's hourly volume a story can gather by chance (chatter that
   * happens to share words): a story must stand out against that too, so a busy stream needs
   * more items per story than a quiet one.
   */
  chanceShare: number;
  /**
   * The same where most of a story's voices are anonymous (social posts without an author):
   * their independence cannot be checked, so chance must be ruled out more firmly.
   */
  anonymousChanceShare: number;
}

const HOUR = 3_600_000;

export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = {
  bucketMs: 5 * 60_000,
  bucketsKept: 24,
  joinThreshold: 0.15,
  joinFloor: 0.1,
  mergeThreshold: 0.3,
  mergeEveryMs: 10 * 60_000,
  candidatesPerTerm: 32,
  maxCandidates: 48,
  probeTerms: 10,
  centroidHalfLifeMs: 12 * HOUR,
  documentHalfLifeMs: 24 * HOUR,
  maxStories: 5_000,
  maxTerms: 100_000,
  storyTtlMs: 48 * HOUR,
  singletonTtlMs: 6 * HOUR,
  maxRememberedItems: 200_000,
  maxItemsPerStory: 20_000,
  trendMinItems: 3,
  trendMinSources: 3,
  trendMinOriginals: 2,
  trendMinBurst: 1.5,
  baselinePerHour: 0.5,
  baselineHalfLifeMs: 6 * HOUR,
  chanceShare: 0.01,
  anonymousChanceShare: 0.025,
};

export interface Assignment {
  itemId: string;
  storyId: string;
  /** True when the item repeats one already seen (a repost or syndicated copy). */
  duplicate: boolean;
  /** The item it repeats, when it is a copy. */
  duplicateOf: string | null;
}

/** A merge the periodic pass made: the items of `from` now belong to `into`. */
export interface StoryMerge {
  from: string;
  into: string;
  at: number;
}

interface ItemVector {
  /** Interned term ids, in the order the terms first occur. */
  ids: number[];
  weights: number[];
  /** The id of each token's key, parallel to the tokens. */
  tokenIds: number[];
}

const EMPTY_VECTOR: ItemVector = { ids: [], weights: [], tokenIds: [] };


/**
 * The trend detector: pure and synchronous, with the clock passed in, so a recorded stream
 * replays faster than real time and gives the same answer every time.
 *
 * Per item: normalize, exact and near-duplicate check (a copy joins its original's story as
 * one more report), tokenize, weigh by TF-IDF on document frequencies kept here (decayed),
 * find candidate stories through an inverted index over the item's rarest terms (capped
 * lists), join the best by cosine against the story's decayed centroid or start a story.
 * Periodically: merge stories that turn out to be one (mutual best match only), roll the
 * figures (velocity, acceleration, burst against a decayed baseline), forget idle stories.
 */
export class TrendDetector {
  private readonly options: DetectorOptions;
  private readonly stories = new Map<string, StoryState>();
  /** Terms interned to small integers: term → id, id → term. Ids never in use are reclaimed by compactTerms(). */
  private termIds = new Map<string, number>();
  private termKeys: string[] = [];
  /**
   * The first character code of each term's key, by id: its sigil (a mention's "@", a link
   * host's "~") decides how a term weighs and whether it probes, and reading it here spares a
   * read of a string scattered in the heap for every term of every item and core.
   */
  private termInitials = new Uint16Array(1_024);
  private compactTermsAt: number;
  /** The item (bestStory) or story core (bestMatch) being scored against its candidates. */
  private readonly scattered = new ScatteredVector();
  /** term id → story serials, most recent last. */
  private index = new TermIndex();
  /** Stories by serial, for the index's entries (a serial of a forgotten story finds nothing). */
  private readonly bySerial = new SerialTable<StoryState>();
  /** Document frequencies by term id, forward-decayed like the centroids (scaled to `dfEpoch`). */
  private documentFrequency = new DocumentFrequencies();
  private documents = 0;
  private dfEpoch = 0;
  private readonly itemStory = new Map<string, string>();
  /** itemStory's ids, oldest first: the ones forgotten when it is full. */
  private readonly itemArrivals = new ArrivalOrder<string>();
  private readonly duplicates: NearDuplicateIndex;
  private readonly changed = new Set<string>();
  /**
   * Stories whose figures can still change as time passes (items in the last two hours, or
   * trending); the stories themselves, so a tick need not look each up by id (removeStory()
   * takes a story out, so the set never outlives it).
   */
  private readonly active = new Set<StoryState>();
  private readonly merges: StoryMerge[] = [];
  private nextMerge = -Infinity;
  private nextSweep = -Infinity;
  private storySeq = 0;
  /** Forward-decayed count of all items (mean life one hour), for the stream's hourly rate. */
  private streamMass = 0;
  private streamEpoch = NaN;
  private streamStart = NaN;
  /** weigh()'s term counts by term id (zero between items) and the item's distinct ids in order. */
  private termCounts = new Int32Array(0);
  private readonly distinctTerms: number[] = [];
  /** ingest()'s tokens and weigh()'s vector, reused from item to item (see weigh()). */
  private readonly itemTokens: Token[] = [];
  private readonly vector: ItemVector = { ids: [], weights: [], tokenIds: [] };
  /** bestStory()'s buffers, reused from item to item. */
  private readonly order: number[] = [];
  private readonly candidates: StoryState[] = [];
  /**
   * Marks a story as already looked at by the current search (bestStory, bestMatch): a counter
   * stamped on the story instead of a set to clear. Serials of forgotten stories, which still
   * count against the caps as they did when candidates were a set, go in `staleSeen`.
   */
  private stamp = 0;
  private readonly staleSeen = new StampedSet();
  /** Stories whose centroid changed since the merge pass last looked at them. */
  private readonly dirty = new Set<StoryState>();
  /** bucketDecay(), once computed. */
  private alpha = NaN;
  /** The last streamRate() and what it was computed from: a tick asks it for every active story at one clock. */
  private rateAt = NaN;
  private rateMass = NaN;
  private rateEpoch = NaN;
  private rate = 0;
  /** The bucket the last tick updated every active story in. */
  private tickBucket = NaN;
  /** Where touchCentroids() leaves what it read, so the reads are not optimized away. */
  private touched = 0;
  /** Buckets in an hour: the span of velocity and of the voices counted. */
  private readonly bucketsPerHour: number;

  constructor(options: Partial<DetectorOptions> = {}) {
    this.options = { ...DEFAULT_DETECTOR_OPTIONS, ...options };
    this.duplicates = new NearDuplicateIndex({ maxRemembered: Math.min(50_000, this.options.maxRememberedItems) });
    this.compactTermsAt = Math.max(2 * this.options.maxTerms, 1_024);
    this.bucketsPerHour = Math.max(1, Math.round(HOUR / this.options.bucketMs));
  }

  ingest(item: DetectorItem, now: number): Assignment | null {
    if (this.itemStory.has(item.id)) return null;
    const at = Math.min(item.publishedAt, now);
    const title = item.title ? normalizeText(item.title) : '';
    const text = normalizeText(item.text.length > 1_000 ? item.text.slice(0, 1_000) : item.text);
    const whole = title && text ? `${title} ${text}` : title || text;

    this.countStreamItem(at);
    const copy = this.duplicates.check(item.id, whole);
    const copyStory = copy ? this.storyOf(copy.of) : null;
    const original = copyStory ? this.stories.get(copyStory) : undefined;
    if (original && copy) {
      this.addToStory(original, item, EMPTY_VECTOR, [], at, true);
      this.remember(item.id, original);
      this.updateFigures(original, now);
      this.maintain(now);
      return { itemId: item.id, storyId: original.id, duplicate: true, duplicateOf: copy.of };
    }

    // The title counts twice: it is what the item is about.
    const language = item.language ?? undefined;
    // One array reused from item to item (the tokens are used up within this call): no spread
    // copies of the parts, the same tokens in the same order.
    const tokens = this.itemTokens;
    tokens.length = 0;
    if (title) {
      const titleTokens = tokenizeNormalized(title, language);
      appendTokens(tokens, titleTokens);
      appendTokens(tokens, titleTokens);
    }
    appendTokens(tokens, tokenizeNormalized(text, language));
    if (item.url) appendTokens(tokens, urlTokens(item.url));
    if (tokens.length === 0) return null;
    const vector = this.weigh(tokens, at);
    const best = this.bestStory(vector);
    const joinAt = this.joinThreshold(vector);
    let story: StoryState;
    if (best && best.score >= joinAt) {
      story = best.story;
    } else {
      story = this.createStory(item, at);
    }
    this.addToStory(story, item, vector, tokens, at, false, best && best.story === story ? best.score : 1);
    this.remember(item.id, story);
    this.updateFigures(story, now);
    this.maintain(now);
    return { itemId: item.id, storyId: story.id, duplicate: false, duplicateOf: null };
  }

  /**
   * Recomputes figures as time passes, merges stories that turned out to be one and forgets
   * idle ones. Returns the ids whose figures this tick changed; they also stay marked for the
   * next drainChanged().
   */
  tick(now: number): string[] {
    this.maintain(now);
    const changed: string[] = [];
    // A story that takes an item has its figures updated by ingest(); the others are brought up
    // to the clock as it enters each bucket, not at every tick: between two, only the stream's
    // rate drifts, and recomputing every active story for it cost more than all the rest.
    const bucket = Math.floor(now / this.options.bucketMs);
    if (bucket === this.tickBucket) return changed;
    this.tickBucket = bucket;
    const horizon = now - 2 * HOUR - this.options.bucketMs;
    for (const story of this.active) {
      // Compared field by field rather than as one joined string: formatting numbers for every
      // active story on every tick cost more than the figures themselves.
      const velocity = story.velocity;
      const trending = story.trending;
      const burst = story.burstScore;
      const itemCount = story.itemCount;
      this.updateFigures(story, now);
      if (!sameNumber(story.velocity, velocity) || story.trending !== trending || !sameNumber(story.burstScore, burst) || story.itemCount !== itemCount) changed.push(story.id);
      if (story.lastSeen < horizon && !story.trending && story.velocity === 0 && story.acceleration === 0) this.active.delete(story);
    }
    changed.forEach((id) => this.changed.add(id));
    return changed;
  }

  /** Ids of stories changed since the last call (stories merged away are not among them). */
  drainChanged(): string[] {
    const ids = [...this.changed].filter((id) => this.stories.has(id));
    this.changed.clear();
    return ids;
  }

  /** Merges made since the last call, oldest first: the items of `from` now belong to `into`. */
  drainMerges(): StoryMerge[] {
    return this.merges.splice(0, this.merges.length);
  }

  story(id: string, now: number): Story | null {
    const state = this.stories.get(id);
    return state ? this.snapshot(state, now) : null;
  }

  /**
   * The story an item belongs to now, after merges; null for an item never seen or long
   * forgotten. A story forgotten for idleness still answers with its id.
   */
  storyOf(itemId: string): string | null {
    return this.itemStory.get(itemId) ?? null;
  }

  /** The figures of a story without building a snapshot: cheap enough to poll after every tick. */
  storyFigures(id: string): { itemCount: number; velocity: number; burstScore: number; trending: boolean; trendingAt: number | null; cohesion: number } | null {
    const state = this.stories.get(id);
    return state ? { itemCount: state.itemCount, velocity: state.velocity, burstScore: state.burstScore, trending: state.trending, trendingAt: state.trendingAt, cohesion: round(cohesion(state)) } : null;
  }

  /** Ids of a story's items, oldest first (the most recent maxItemsPerStory). */
  storyItems(id: string): string[] {
    return [...(this.stories.get(id)?.items ?? [])];
  }

  /** A story's characteristic words and phrases, as written, strongest first. */
  storyTerms(id: string, count = 10): { terms: string[]; phrases: string[] } | null {
    const state = this.stories.get(id);
    return state ? { terms: topTerms(state, count, this.keyOf), phrases: topBigrams(state, count) } : null;
  }

  get size(): number {
    return this.stories.size;
  }

  /** How much the detector holds, for tests of its caps. */
  get memory(): { stories: number; terms: number; items: number; duplicates: number } {
    return { stories: this.stories.size, terms: this.documentFrequency.size, items: this.itemStory.size, duplicates: this.duplicates.size };
  }

  // ——— terms ———

  private readonly keyOf = (id: number): string => this.termKeys[id]!;

  private intern(key: string): number {
    let id = this.termIds.get(key);
    if (id === undefined) {
      id = this.termKeys.length;
      this.termKeys.push(key);
      if (id === this.termInitials.length) {
        const initials = new Uint16Array(2 * id);
        initials.set(this.termInitials);
        this.termInitials = initials;
      }
      this.termInitials[id] = key.charCodeAt(0);
      this.termIds.set(key, id);
    }
    return id;
  }

  /**
   * Renumbers the terms still in use (document frequencies, the index, centroids, surfaces) and
   * forgets the others, so the term table stays bounded on an endless stream. Every map keeps its
   * order; runs when the table has grown to twice what was in use after the last compaction.
   */
  private compactTerms(): void {
    const remap = new Int32Array(this.termKeys.length).fill(-1);
    const keys: string[] = [];
    const ids = new Map<string, number>();
    const map = (id: number): number => {
      let next = remap[id]!;
      if (next < 0) {
        next = keys.length;
        remap[id] = next;
        keys.push(this.termKeys[id]!);
        ids.set(this.termKeys[id]!, next);
      }
      return next;
    };
    // The frequencies' terms first, in their order: the ids they had in a Map's order.
    for (const id of this.documentFrequency.ids()) map(id);
    // Then the index's (a term pruned from the frequencies can come back in a merge). In id
    // order rather than the order the lists were made: an id is only a name, no answer depends
    // on the numbers themselves or on their order.
    for (const id of this.index.ids()) map(id);
    for (const story of this.stories.values()) {
      const { ids, weights, size } = story.centroid;
      const mapped = new Int32Array(size);
      for (let i = 0; i < size; i++) mapped[i] = map(ids[i]!);
      story.centroid = Centroid.from(mapped, weights, size);
      const surfaces = new Map<number, string>();
      for (const [id, surface] of story.surfaces) surfaces.set(map(id), surface);
      story.surfaces = surfaces;
    }
    this.documentFrequency = this.documentFrequency.renumbered(remap, keys.length);
    this.index = this.index.renumbered(remap);
    this.termKeys = keys;
    for (let id = 0; id < keys.length; id++) this.termInitials[id] = keys[id]!.charCodeAt(0);
    this.termIds = ids;
    for (const story of this.stories.values()) story.core = null;
    this.compactTermsAt = Math.max(2 * keys.length, 2 * this.options.maxTerms, 1_024);
  }

  // ——— assignment ———

  private weigh(tokens: Token[], at: number): ItemVector {
    if (this.termKeys.length > this.compactTermsAt) this.compactTerms();
    // The vector's arrays are reused from item to item: ingest() uses a vector up before it
    // weighs the next item, and nothing keeps one.
    const vector = this.vector;
    const { tokenIds, ids, weights } = vector;
    tokenIds.length = 0;
    ids.length = 0;
    weights.length = 0;
    const distinct = this.distinctTerms;
    distinct.length = 0;
    for (let t = 0; t < tokens.length; t++) tokenIds.push(this.intern(tokens[t]!.key));
    if (this.termCounts.length < this.termKeys.length) this.termCounts = new Int32Array(Math.max(this.termKeys.length, 2 * this.termCounts.length));
    const counts = this.termCounts;
    for (let t = 0; t < tokens.length; t++) if (counts[tokenIds[t]!]!++ === 0) distinct.push(tokenIds[t]!);
    // Document frequencies decay: a word common last week can be news today.
    let exponent = (at - this.dfEpoch) / (this.options.documentHalfLifeMs / Math.LN2);
    if (exponent > 40 || this.documents === 0) {
      this.rebaseFrequencies(at);
      exponent = 0;
    }
    const scale = Math.exp(exponent);
    this.documents += scale;
    const documents = this.documents / scale;
    let norm = 0;
    for (const id of distinct) {
      const count = counts[id]!;
      counts[id] = 0;
      const df = this.documentFrequency.add(id, scale);
      const idf = Math.log((documents + 1) / (df / scale + 0.5));
      // Mentions (often the account retweeted) and link hosts cross topics: they weigh less.
      const first = this.termInitials[id]!;
      const kind = first === 64 /* @ */ || first === 126 /* ~ */ ? 0.3 : 1;
      const weight = (1 + Math.log(count)) * Math.max(idf, 0.05) * kind;
      ids.push(id);
      weights.push(weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < weights.length; i++) weights[i]! /= norm;
    if (this.documentFrequency.size > this.options.maxTerms) this.pruneTerms();
    return vector;
  }

  /** Texts with many distinct terms spread their weight thinner: they need a lower cosine. */
  private joinThreshold(vector: ItemVector): number {
    const { joinThreshold, joinFloor } = this.options;
    const terms = vector.ids.length;
    return Math.max(joinFloor, joinThreshold * Math.min(1, Math.sqrt(8 / Math.max(terms, 1))));
  }

  private bestStory(vector: ItemVector): { story: StoryState; score: number } | undefined {
    const ids = vector.ids;
    const weights = vector.weights;
    if (ids.length === 0) return undefined;
    // Rare terms find candidates; common ones would make every story a candidate. The buffers
    // are reused from item to item.
    const order = this.order;
    order.length = 0;
    for (let i = 0; i < ids.length; i++) if (this.termInitials[ids[i]!] !== 64) order.push(i);
    heaviestFirst(order, weights);
    const candidates = this.candidates;
    candidates.length = 0;
    const stamp = this.nextStamp();
    const { maxCandidates } = this.options;
    const probes = Math.min(order.length, this.options.probeTerms);
    let looked = 0;
    for (let p = 0; p < probes; p++) {
      const list = this.index.get(ids[order[p]!]!);
      if (!list) continue;
      for (let j = list.length - 1; j >= 0 && looked < maxCandidates; j--) {
        const story = this.lookAt(list[j]!, stamp);
        if (story === null) continue;
        looked += 1;
        if (story !== undefined) candidates.push(story);
      }
    }
    let bestStory: StoryState | undefined;
    let bestScore = 0;
    const scattered = this.scattered;
    scattered.scatter(ids, weights, this.termKeys.length);
    this.touchCentroids(candidates);
    for (const story of candidates) {
      if (story.norm2 <= 0) continue;
      const score = scattered.dot(story.centroid) / Math.sqrt(story.norm2);
      if (!bestStory || score > bestScore) {
        bestStory = story;
        bestScore = score;
      }
    }
    scattered.clear();
    return bestStory ? { story: bestStory, score: bestScore } : undefined;
  }

  /**
   * Reads the first terms of each candidate's centroid before any is scored: the reads of
   * different candidates do not wait for each other, so their cache misses (the centroid, its
   * arrays) overlap instead of coming one candidate after another, when scoring one is a walk
   * too long for the processor to look ahead to the next.
   */
  private touchCentroids(candidates: readonly StoryState[]): void {
    let touched = 0;
    for (let c = 0; c < candidates.length; c++) {
      const centroid = candidates[c]!.centroid;
      touched ^= centroid.ids[0]! ^ centroid.weights[0]!;
    }
    this.touched = touched;
  }

  private createStory(item: DetectorItem, at: number): StoryState {
    this.storySeq += 1;
    const id = `st-${createHash('sha1').update(item.id).digest('hex').slice(0, 16)}`;
    const perBucket = (this.options.baselinePerHour * this.options.bucketMs) / HOUR;
    const story: StoryState = {
      id: this.stories.has(id) ? `${id}-${this.storySeq}` : id,
      label: labelOf(item),
      serial: this.storySeq,
      labelScore: 0,
      centroid: new Centroid(),
      norm2: 0,
      mass: 0,
      epoch: at,
      surfaces: new Map(),
      bigrams: new Map(),
      channels: new Set(),
      sources: new Set(),
      authors: new Set(),
      itemCount: 0,
      duplicateCount: 0,
      firstSeen: at,
      lastSeen: at,
      buckets: new Map(),
      baseline: perBucket,
      baselineBucket: Math.floor(at / this.options.bucketMs) - this.bucketsPerHour,
      trending: false,
      trendingAt: null,
      velocity: 0,
      acceleration: 0,
      burstScore: 0,
      items: [],
      figuresBucket: NaN,
      hourOriginals: 0,
      hourVoices: 0,
      hourAnonymous: 0,
      core: null,
      stamp: 0,
      burstCount: NaN,
      burstExpected: NaN,
    };
    this.stories.set(story.id, story);
    this.bySerial.add(story.serial, story);
    this.dirty.add(story);
    if (this.stories.size > this.options.maxStories) this.evictLeastRecent();
    return story;
  }

  private addToStory(story: StoryState, item: DetectorItem, vector: ItemVector, tokens: Token[], at: number, duplicate: boolean, score = 0): void {
    story.itemCount += 1;
    if (duplicate) story.duplicateCount += 1;
    story.channels.add(item.channel);
    if (story.sources.size < 10_000) story.sources.add(item.sourceId);
    if (item.author && story.authors.size < 10_000) story.authors.add(item.author);
    story.firstSeen = Math.min(story.firstSeen, at);
    story.lastSeen = Math.max(story.lastSeen, at);
    story.items.push(item.id);
    if (story.items.length > this.options.maxItemsPerStory * 1.25) story.items.splice(0, story.items.length - this.options.maxItemsPerStory);

    const bucketIndex = Math.floor(at / this.options.bucketMs);
    let bucket = story.buckets.get(bucketIndex);
    if (!bucket) {
      bucket = emptyBucket();
      story.buckets.set(bucketIndex, bucket);
    }
    const voice = voiceOf(item);
    // An item in the last hour as of the bucket the tallies were counted at adds to them in place,
    // to exactly what a recount would give there (one more item in the hour, and in acceleration,
    // which subtracts the hour before; one more voice only if no bucket of the hour has it yet):
    // most items land in the current hour of a story whose tallies are current. Otherwise (never
    // counted: NaN) the tallies are counted again. Buckets are only deleted past both hours, so
    // a recount would delete nothing here either.
    if (story.figuresBucket - bucketIndex < this.bucketsPerHour) {
      story.velocity += 1;
      story.acceleration += 1;
      if (!duplicate) story.hourOriginals += 1;
      if (!bucket.voices.has(voice) && !this.heardInHour(story, voice, story.figuresBucket)) {
        story.hourVoices += 1;
        if (voice.charCodeAt(0) === 1) story.hourAnonymous += 1;
      }
    } else {
      story.figuresBucket = NaN;
    }
    bucket.items += 1;
    if (!duplicate) bucket.originals += 1;
    bucket.engagement += engagementOf(item.engagement);
    bucket.voices.add(voice);
    bucket.sources.add(item.sourceId);
    if (item.author) bucket.authors.add(item.author);

    if (vector.ids.length > 0) {
      const factor = decayFactor(story, at, this.options.centroidHalfLifeMs / Math.LN2);
      story.mass += factor;
      for (let i = 0; i < vector.ids.length; i++) {
        const key = vector.ids[i]!;
        addWeight(story, key, vector.weights[i]! * factor);
        // Every term refreshes the story's place in its list: lists keep the active stories.
        this.index.refresh(key, story.serial, this.options.candidatesPerTerm);
      }
      for (let t = 0; t < tokens.length; t++) {
        const token = tokens[t]!;
        const id = vector.tokenIds[t]!;
        if (token.word && !story.surfaces.has(id)) story.surfaces.set(id, token.surface);
      }
      for (let t = 1; t < tokens.length; t++) if (endsBigram(tokens, t)) addBigramAt(story, tokens, t, factor);
      if (story.surfaces.size > 400) {
        for (const key of story.surfaces.keys()) if (!story.centroid.has(key)) story.surfaces.delete(key);
      }
      trimCentroid(story);
      this.dirty.add(story);
      story.core = null;
      if (score > story.labelScore && (item.title || item.text)) {
        story.label = labelOf(item);
        story.labelScore = score;
      }
    }
    this.changed.add(story.id);
    this.active.add(story);
  }

  private remember(itemId: string, story: StoryState): void {
    // Only new ids arrive here (ingest() returns early for an id it knows), so the queue and the map hold the same ids.
    this.itemStory.set(itemId, story.id);
    this.itemArrivals.push(itemId);
    while (this.itemStory.size > this.options.maxRememberedItems) this.itemStory.delete(this.itemArrivals.shift()!);
  }

  private countStreamItem(at: number): void {
    if (Number.isNaN(this.streamEpoch)) {
      this.streamEpoch = at;
      this.streamStart = at;
    }
    let exponent = (at - this.streamEpoch) / HOUR;
    if (exponent > 40) {
      this.streamMass *= Math.exp(-exponent);
      this.streamEpoch = at;
      exponent = 0;
    }
    this.streamMass += Math.exp(exponent);
  }

  /** Items per hour in the whole stream lately (corrected for a short observation). */
  private streamRate(now: number): number {
    if (Number.isNaN(this.streamEpoch)) return 0;
    if (now === this.rateAt && this.streamMass === this.rateMass && this.streamEpoch === this.rateEpoch) return this.rate;
    const mass = this.streamMass * Math.exp(-(now - this.streamEpoch) / HOUR);
    const observed = 1 - Math.exp(-Math.max(now - this.streamStart, this.options.bucketMs) / HOUR);
    this.rateAt = now;
    this.rateMass = this.streamMass;
    this.rateEpoch = this.streamEpoch;
    this.rate = mass / observed;
    return this.rate;
  }

  // ——— maintenance ———

  /** Periodic work, on the clock passed in: merges, forgetting, term pruning. */
  private maintain(now: number): void {
    if (now >= this.nextSweep) {
      this.nextSweep = now + this.options.bucketMs;
      // Deleting the entry at hand while iterating a Map is safe: no copy of every story needed.
      for (const story of this.stories.values()) {
        const ttl = story.itemCount <= 1 ? this.options.singletonTtlMs : this.options.storyTtlMs;
        if (now - story.lastSeen > ttl) this.forget(story.id);
      }
    }
    if (now >= this.nextMerge) {
      this.nextMerge = now + this.options.mergeEveryMs;
      this.mergePass(now);
    }
  }

  /**
   * Stories that turn out to be one: each story changed since the last pass finds its best
   * match among the stories sharing its strongest terms; a pair merges only when each is the
   * other's best match and their centroids are close. A story merges at most once per pass,
   * so merges never chain.
   */
  private mergePass(now: number): void {
    const cache = new Map<string, BestMatch | null>();
    const best = (id: string): BestMatch | null => {
      let match = cache.get(id);
      if (match === undefined) {
        const story = this.stories.get(id);
        match = story ? this.bestMatch(story) : null;
        cache.set(id, match);
      }
      return match;
    };
    // In the order the stories were made (the stories map's order), whatever order they changed in.
    const dirty: StoryState[] = [];
    for (const story of this.dirty) if (story.itemCount - story.duplicateCount >= 2) dirty.push(story);
    dirty.sort((a, b) => a.serial - b.serial);
    for (const story of dirty) this.dirty.delete(story);
    const pairs = mutualBestPairs(
      dirty.map((s) => s.id),
      best,
      this.options.mergeThreshold,
    );
    for (const [a, b] of pairs) {
      const first = this.stories.get(a);
      const second = this.stories.get(b);
      if (!first || !second) continue;
      const [into, from] = second.itemCount > first.itemCount ? [second, first] : [first, second];
      this.merge(from, into, now);
    }
  }

  private bestMatch(story: StoryState): { id: string; score: number } | null {
    // The strongest few terms find the candidates: stories that are one share their core.
    const norm = Math.sqrt(story.norm2);
    if (norm === 0) return null;
    const core = this.core(story);
    let best: StoryState | null = null;
    let bestScore = 0;
    const stamp = this.nextStamp();
    story.stamp = stamp;
    let looked = 1;
    const scattered = this.scattered;
    scattered.scatter(core.ids, core.weights, this.termKeys.length);
    for (const key of core.probe) {
      const list = this.index.get(key);
      if (!list) continue;
      for (let j = list.length - 1; j >= 0 && looked <= this.options.maxCandidates; j--) {
        const other = this.lookAt(list[j]!, stamp);
        if (other === null) continue;
        looked += 1;
        if (other === undefined || other.norm2 <= 0 || other.itemCount - other.duplicateCount < 2) continue;
        const otherCore = this.core(other);
        const score = scattered.dotAlong(otherCore.ids, otherCore.weights);
        if (!best || score > bestScore) {
          best = other;
          bestScore = score;
        }
      }
    }
    scattered.clear();
    return best ? { id: best.id, score: bestScore } : null;
  }

  private nextStamp(): number {
    this.staleSeen.clear();
    this.stamp += 1;
    return this.stamp;
  }

  /**
   * A story an index list names, the first time the current search meets it: null when already
   * met, undefined for a forgotten story (met for the first time), the story otherwise.
   */
  private lookAt(serial: number, stamp: number): StoryState | null | undefined {
    const story = this.bySerial.get(serial);
    if (story === undefined) {
      return this.staleSeen.add(serial) ? undefined : null;
    }
    if (story.stamp === stamp) return null;
    story.stamp = stamp;
    return story;
  }

  /** A story's strongest terms, normalised: enough to tell whether two stories are one. */
  private core(story: StoryState): StoryCore {
    return story.core ?? (story.core = this.computeCore(story));
  }

  private computeCore(story: StoryState): StoryCore {
    const centroid = story.centroid;
    let sorted = strongestFirst(centroid, CORE_TERMS);
    const size = sorted.length;
    let norm = 0;
    for (let i = 0; i < size; i++) norm += centroid.weights[sorted[i]!]! * centroid.weights[sorted[i]!]!;
    norm = Math.sqrt(norm) || 1;
    // Plain arrays: a core is rebuilt for most stories in every merge pass, and typed arrays this
    // small cost more to allocate (a buffer outside the heap each) than to read.
    const ids: number[] = [];
    const weights: number[] = [];
    let words = 0;
    for (let i = 0; i < size; i++) {
      const id = centroid.ids[sorted[i]!]!;
      ids.push(id);
      weights.push(centroid.weights[sorted[i]!]! / norm);
      if (this.termInitials[id] !== 64) words += 1;
    }
    // Mentions never probe: past the core's terms only when its mentions crowd out the words.
    if (size < centroid.size && words < this.options.probeTerms) sorted = strongestFirst(centroid);
    const probe: number[] = [];
    for (let i = 0; i < sorted.length && probe.length < this.options.probeTerms; i++) {
      const id = centroid.ids[sorted[i]!]!;
      if (this.termInitials[id] !== 64) probe.push(id);
    }
    return { ids, weights, probe };
  }

  private merge(from: StoryState, into: StoryState, now: number): void {
    const tau = this.options.centroidHalfLifeMs / Math.LN2;
    const epoch = Math.max(from.epoch, into.epoch);
    moveEpoch(from, epoch, tau);
    moveEpoch(into, epoch, tau);
    const { ids, weights, size } = from.centroid;
    for (let i = 0; i < size; i++) {
      const key = ids[i]!;
      if (addWeight(into, key, weights[i]!)) this.index.refresh(key, into.serial, this.options.candidatesPerTerm);
      if (!into.surfaces.has(key)) {
        const surface = from.surfaces.get(key);
        if (surface) into.surfaces.set(key, surface);
      }
    }
    into.mass += from.mass;
    for (const [key, bigram] of from.bigrams) addBigram(into, key, bigram.surface, bigram.weight);
    trimCentroid(into);
    for (const channel of from.channels) into.channels.add(channel);
    for (const source of from.sources) if (into.sources.size < 10_000) into.sources.add(source);
    for (const author of from.authors) if (into.authors.size < 10_000) into.authors.add(author);
    into.itemCount += from.itemCount;
    into.duplicateCount += from.duplicateCount;
    into.firstSeen = Math.min(into.firstSeen, from.firstSeen);
    into.lastSeen = Math.max(into.lastSeen, from.lastSeen);
    into.figuresBucket = NaN;
    for (const [index, bucket] of from.buckets) {
      const target = into.buckets.get(index);
      if (!target) {
        into.buckets.set(index, bucket);
        continue;
      }
      target.items += bucket.items;
      target.originals += bucket.originals;
      target.engagement += bucket.engagement;
      for (const v of bucket.voices) target.voices.add(v);
      for (const s of bucket.sources) target.sources.add(s);
      for (const a of bucket.authors) target.authors.add(a);
    }
    // Two stories' baselines add up, folded to the same bucket.
    const base = Math.max(into.baselineBucket, from.baselineBucket);
    const alpha = this.bucketDecay();
    into.baseline = into.baseline * alpha ** (base - into.baselineBucket) + from.baseline * alpha ** (base - from.baselineBucket);
    into.baselineBucket = base;
    if (from.trendingAt !== null && (into.trendingAt === null || from.trendingAt < into.trendingAt)) into.trendingAt = from.trendingAt;
    if (from.labelScore > into.labelScore && from.itemCount > into.itemCount / 2) {
      into.label = from.label;
      into.labelScore = from.labelScore;
    }
    for (const itemId of from.items) if (this.itemStory.get(itemId) === from.id) this.itemStory.set(itemId, into.id);
    into.items.push(...from.items);
    if (into.items.length > this.options.maxItemsPerStory) into.items.splice(0, into.items.length - this.options.maxItemsPerStory);
    this.dirty.add(into);
    this.removeStory(from);
    into.core = null;
    this.merges.push({ from: from.id, into: into.id, at: now });
    if (this.merges.length > 10_000) this.merges.splice(0, this.merges.length - 10_000);
    this.updateFigures(into, now);
    this.changed.add(into.id);
  }

  /** Fixed by the options: computed once rather than for every story on every tick. */
  private bucketDecay(): number {
    if (Number.isNaN(this.alpha)) this.alpha = Math.exp((-Math.LN2 * this.options.bucketMs) / this.options.baselineHalfLifeMs);
    return this.alpha;
  }

  private rebaseFrequencies(at: number): void {
    if (this.documents > 0) {
      const factor = Math.exp(-(at - this.dfEpoch) / (this.options.documentHalfLifeMs / Math.LN2));
      this.documentFrequency.scale(factor);
      this.documents *= factor;
    }
    this.dfEpoch = at;
  }

  /** Over the cap: forget the rarest terms (down to 80 % of the cap). */
  private pruneTerms(): void {
    const keep = Math.floor(this.options.maxTerms * 0.8);
    // A stable sort of the ids in insertion order: ties break as they did over a Map's entries.
    const sorted = this.documentFrequency.ids().sort((a, b) => this.documentFrequency.get(b) - this.documentFrequency.get(a));
    for (const key of sorted.slice(keep)) {
      this.documentFrequency.delete(key);
      this.index.delete(key);
    }
  }

  private evictLeastRecent(): void {
    // In batches (a tenth of the cap), so eviction costs little per story created.
    const target = this.options.maxStories - Math.floor(this.options.maxStories / 10);
    const count = Math.max(1, this.stories.size - target);
    const oldest = [...this.stories.values()].sort((a, b) => a.lastSeen - b.lastSeen).slice(0, count);
    for (const story of oldest) this.forget(story.id);
  }

  private forget(id: string): void {
    const story = this.stories.get(id);
    if (story) this.removeStory(story);
  }

  private removeStory(story: StoryState): void {
    this.stories.delete(story.id);
    this.bySerial.delete(story.serial);
    this.dirty.delete(story);
    this.active.delete(story);
    const { ids, size } = story.centroid;
    for (let i = 0; i < size; i++) this.index.remove(ids[i]!, story.serial);
  }

  // ——— figures ———

  private updateFigures(story: StoryState, now: number): void {
    const { bucketMs, bucketsKept } = this.options;
    const current = Math.floor(now / bucketMs);
    const perHour = this.bucketsPerHour;
    // Buckets leaving the last hour fold into the decayed baseline.
    const alpha = this.bucketDecay();
    const foldUpTo = current - perHour;
    if (foldUpTo > story.baselineBucket) {
      let baseline = story.baseline;
      // No bucket is newer than the story's last item: past it, no need to look.
      const newest = Math.floor(story.lastSeen / bucketMs);
      for (let b = story.baselineBucket + 1; b <= foldUpTo; b++) {
        const count = b > newest ? 0 : (story.buckets.get(b)?.items ?? 0);
        if (count === 0 && b < foldUpTo - 10 * perHour) {
          // Long idle stretches decay in one step.
          const skip = foldUpTo - 10 * perHour - b;
          baseline *= alpha ** skip;
          b += skip - 1;
          continue;
        }
        baseline = alpha * baseline + (1 - alpha) * count;
      }
      story.baseline = baseline;
      story.baselineBucket = foldUpTo;
    }
    if (story.figuresBucket !== current) {
      // The tallies change only when the story takes items or the clock enters another bucket.
      let lastHour = 0;
      let previousHour = 0;
      let originals = 0;
      // The last hour's voices change only when the story took items (figuresBucket is NaN), a
      // bucket left the hour, or the clock went back (older buckets come back into the hour):
      // most ticks move the clock past a story's quiet buckets and need not count them again.
      let voicesChanged = !(current > story.figuresBucket);
      for (const [index, bucket] of story.buckets) {
        const age = current - index;
        if (age >= perHour && index > story.figuresBucket - perHour) voicesChanged = true;
        if (age >= Math.max(bucketsKept, 2 * perHour)) {
          story.buckets.delete(index);
        } else if (age < perHour) {
          lastHour += bucket.items;
          originals += bucket.originals;
        } else if (age < 2 * perHour) {
          previousHour += bucket.items;
        }
      }
      story.velocity = lastHour;
      story.acceleration = lastHour - previousHour;
      if (voicesChanged) this.countHourVoices(story, current);
      story.figuresBucket = current;
      story.hourOriginals = originals;
    }
    const lastHour = story.velocity;
    const originals = story.hourOriginals;
    const voiceCount = story.hourVoices;
    const share = story.hourAnonymous * 2 > voiceCount ? this.options.anonymousChanceShare : this.options.chanceShare;
    const expected = Math.max(this.options.baselinePerHour, story.baseline * perHour, this.streamRate(now) * share);
    // Most ticks move neither the count nor what is expected: the tail sum need not run again.
    if (lastHour !== story.burstCount || expected !== story.burstExpected) {
      story.burstScore = round(burstScore(lastHour, expected));
      story.burstCount = lastHour;
      story.burstExpected = expected;
    }
    const combined = lastHour >= this.options.trendMinItems && voiceCount >= this.options.trendMinSources && originals >= this.options.trendMinOriginals;
    // A story becomes trending on a burst, and stays so while the volume and combination last and
    // the burst has not faded to half the threshold (a steady pace becomes the baseline).
    const trending = combined && story.burstScore >= (story.trending ? this.options.trendMinBurst / 2 : this.options.trendMinBurst);
    if (trending && story.trendingAt === null) story.trendingAt = now;
    story.trending = trending;
  }

  /** Whether a bucket in the hour up to `current` has the voice (the hour countHourVoices() counts). */
  private heardInHour(story: StoryState, voice: string, current: number): boolean {
    for (const [index, bucket] of story.buckets) if (current - index < this.bucketsPerHour && bucket.voices.has(voice)) return true;
    return false;
  }

  /** The distinct (and anonymous) voices of the story's buckets in the hour up to `current`. */
  private countHourVoices(story: StoryState, current: number): void {
    const voices = new Set<string>();
    for (const [index, bucket] of story.buckets) if (current - index < this.bucketsPerHour) for (const voice of bucket.voices) voices.add(voice);
    let anonymous = 0;
    for (const voice of voices) if (voice.charCodeAt(0) === 1) anonymous += 1;
    story.hourVoices = voices.size;
    story.hourAnonymous = anonymous;
  }

  private snapshot(state: StoryState, now: number): Story {
    const { bucketMs, bucketsKept } = this.options;
    const current = Math.floor(now / bucketMs);
    const buckets = Array.from({ length: bucketsKept }, (_, i) => state.buckets.get(current - bucketsKept + 1 + i)?.items ?? 0);
    return {
      id: state.id,
      label: state.label,
      terms: topTerms(state, 8, this.keyOf),
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
}

const CORE_TERMS = 40;

/**
 * Sorts positions by weight, heaviest first, ties in the order given (as a stable sort would):
 * an insertion sort, for an item's terms (about ten, a few hundred at most), where
 * Array.prototype.sort with a comparator cost more to set up than the sorting itself.
 */
function heaviestFirst(positions: number[], weights: readonly number[]): void {
  for (let i = 1; i < positions.length; i++) {
    const position = positions[i]!;
    const weight = weights[position]!;
    let at = i;
    while (at > 0 && weights[positions[at - 1]!]! < weight) {
      positions[at] = positions[at - 1]!;
      at -= 1;
    }
    positions[at] = position;
  }
}

/** Pushes `from` onto `to` one by one: a spread push puts every token on the stack as an argument. */
function appendTokens(to: Token[], from: readonly Token[]): void {
  for (let i = 0; i < from.length; i++) to.push(from[i]!);
}

/** An independent voice: a source's author when known; for a social post without one, the post. */
function voiceOf(item: DetectorItem): string {
  if (item.author) return `${item.sourceId}\u0000${item.author}`;
  return item.channel === 'news' ? item.sourceId : `\u0001${item.id}`;
}

function engagementOf(engagement: DetectorItem['engagement']): number {
  if (engagement === null || engagement === undefined) return 0;
  if (typeof engagement === 'number') return Math.max(0, engagement);
  return (engagement.likes ?? 0) + (engagement.reposts ?? 0) + (engagement.replies ?? 0) + Math.max(0, engagement.score ?? 0);
}

function labelOf(item: DetectorItem): string {
  const text = normalizeText(item.title || item.text).replace(/^\s*(?:rt|mt)\s*@[\p{L}\p{N}_]+:?\s*/iu, '');
  const clean = text.replace(/\bhttps?:\/\/\S+/gi, '').replace(/\s+/g, ' ').trim();
  return clean.length > 140 ? `${clean.slice(0, 139).replace(/\s+\S*$/, '')}…` : clean;
}

/** Equal as the figures would print: NaN equals NaN (and 0 equals −0, as === has it). */
function sameNumber(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export type { BucketFigures };
