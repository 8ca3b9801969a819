import type { Channel } from '../domain/index.js';
import { Centroid } from './centroid.js';
import type { Token } from './tokenize.js';

/** Figures of one story in one time bucket. */
export interface BucketFigures {
  items: number;
  /** Items that are not copies of another: news, as opposed to reposts. */
  originals: number;
  engagement: number;
  /** Distinct independent voices (a source, or a source's author). */
  voices: Set<string>;
  sources: Set<string>;
  authors: Set<string>;
}

/**
 * The detector's working memory of one story. The centroid is kept with forward decay:
 * an item at time t adds its weights × e^((t − epoch)/τ), so older items fade without touching
 * every term on every item; `norm2` is the centroid's squared length, kept as weights change.
 */
export interface StoryState {
  id: string;
  /** A number never given to another story: what the term index lists hold. */
  serial: number;
  label: string;
  /** How well the label's item matched the story when it joined: a better match replaces it. */
  labelScore: number;
  /** Term id (the detector's interned terms) → decayed weight. */
  centroid: Centroid;
  norm2: number;
  /** Summed (decayed) weight of the items in the centroid: cohesion = √norm2 / mass. */
  mass: number;
  /** Time the centroid's weights are scaled to. */
  epoch: number;
  /** Term id → the word as first written. */
  surfaces: Map<number, string>;
  bigrams: Map<string, { surface: string; weight: number }>;
  channels: Set<Channel>;
  sources: Set<string>;
  authors: Set<string>;
  itemCount: number;
  duplicateCount: number;
  firstSeen: number;
  lastSeen: number;
  buckets: Map<number, BucketFigures>;
  /** Decayed items per bucket before the current hour: what the burst score compares against. */
  baseline: number;
  /** The newest bucket folded into the baseline. */
  baselineBucket: number;
  trending: boolean;
  trendingAt: number | null;
  velocity: number;
  acceleration: number;
  burstScore: number;
  /** Ids of the story's items, oldest first (capped). */
  items: string[];
  /**
   * The bucket the last hour's tallies below (and velocity, acceleration) were counted at; NaN
   * once the buckets change in a way the detector did not add to the tallies in place. Until
   * either moves, a tick recomputes only what depends on the clock.
   */
  figuresBucket: number;
  /** Originals, distinct voices and anonymous voices in the last hour, as of figuresBucket. */
  hourOriginals: number;
  hourVoices: number;
  hourAnonymous: number;
  /** The story's strongest terms, normalised, until its centroid changes (null: to compute). */
  core: StoryCore | null;
  /** The detector's search stamp of the last search that looked at this story. */
  stamp: number;
  /** The count and expectation burstScore was last computed from. */
  burstCount: number;
  burstExpected: number;
}

/**
 * A story's strongest terms, normalised, strongest first: enough to tell whether two stories are
 * one; `probe` are the strongest few words (no mentions) that look up candidates.
 */
export interface StoryCore {
  ids: number[];
  weights: number[];
  probe: number[];
}

/** The strongest terms, so a story stays cheap to compare however many items it holds. */
export const CENTROID_TERMS = 80;
const BIGRAMS_KEPT = 60;
/** Past this exponent the centroid is rescaled to a later epoch, before weights overflow. */
const MAX_EXPONENT = 40;

export function emptyBucket(): BucketFigures {
  return { items: 0, originals: 0, engagement: 0, voices: new Set(), sources: new Set(), authors: new Set() };
}

/** The factor an item at time `at` weighs in a centroid, rescaling the story if needed. */
export function decayFactor(state: StoryState, at: number, tauMs: number): number {
  let exponent = (at - state.epoch) / tauMs;
  if (exponent > MAX_EXPONENT) {
    rescale(state, Math.exp(-exponent));
    state.epoch = at;
    exponent = 0;
  }
  return Math.exp(exponent);
}

function rescale(state: StoryState, factor: number): void {
  state.centroid.scale(factor);
  for (const bigram of state.bigrams.values()) bigram.weight *= factor;
  state.norm2 *= factor * factor;
  state.mass *= factor;
}

/** Brings a story's centroid to another epoch (to add two stories' centroids together). */
export function moveEpoch(state: StoryState, epoch: number, tauMs: number): void {
  if (epoch === state.epoch) return;
  rescale(state, Math.exp((state.epoch - epoch) / tauMs));
  state.epoch = epoch;
}

export function addWeight(state: StoryState, key: number, delta: number): boolean {
  const before = state.centroid.add(key, delta);
  const after = (before ?? 0) + delta;
  state.norm2 += after * after - (before ?? 0) * (before ?? 0);
  return before === undefined;
}

/**
 * Positions of a centroid's strongest terms, strongest first, equal weights in arrival order (as
 * a stable sort would give them); at most `count`. Selected in one pass: a story's core and its
 * trim need the top few, not the whole centroid sorted.
 */
export function strongestFirst(centroid: Centroid, count = centroid.size): number[] {
  const weights = centroid.weights;
  const top: number[] = [];
  for (let i = 0; i < centroid.size; i++) {
    const weight = weights[i]!;
    let at = top.length;
    if (at === count) {
      if (!(weight > weights[top[count - 1]!]!)) continue;
      at = count - 1;
    } else {
      top.push(i);
    }
    while (at > 0 && weights[top[at - 1]!]! < weight) {
      top[at] = top[at - 1]!;
      at -= 1;
    }
    top[at] = i;
  }
  return top;
}

export function addBigram(state: StoryState, key: string, surface: string, weight: number): void {
  const entry = state.bigrams.get(key);
  if (entry) entry.weight += weight;
  else state.bigrams.set(key, { surface, weight });
  if (state.bigrams.size > BIGRAMS_KEPT * 2) {
    state.bigrams = new Map([...state.bigrams.entries()].sort((a, b) => b[1].weight - a[1].weight).slice(0, BIGRAMS_KEPT));
  }
}

/**
 * addBigram() for the pair of tokens ending at `t` (see endsBigram): most pairs an item brings
 * its story has already, and for those the pair's surface is not built at all.
 */
export function addBigramAt(state: StoryState, tokens: readonly Token[], t: number, weight: number): void {
  const first = tokens[t - 1]!;
  const second = tokens[t]!;
  const key = `${first.key} ${second.key}`;
  const entry = state.bigrams.get(key);
  // The story's bigrams are trimmed when one more makes them too many: adding to one is no more.
  if (entry) entry.weight += weight;
  else addBigram(state, key, `${first.surface} ${second.surface}`, weight);
}

/**
 * How tightly a story's items agree, in [0, 1]: the length of the sum of their unit vectors
 * over their number. Items that share their key terms give a high value; chatter that joined
 * on one common word each time, a low one.
 */
export function cohesion(state: StoryState): number {
  return state.mass > 0 ? Math.sqrt(state.norm2) / state.mass : 0;
}

/** Keeps the strongest terms. */
export function trimCentroid(state: StoryState): void {
  if (state.centroid.size <= CENTROID_TERMS * 2) return;
  const { ids, weights } = state.centroid;
  const kept = strongestFirst(state.centroid, CENTROID_TERMS);
  state.centroid = Centroid.from(
    kept.map((at) => ids[at]!),
    kept.map((at) => weights[at]!),
  );
  state.norm2 = 0;
  for (let i = 0; i < state.centroid.size; i++) state.norm2 += state.centroid.weights[i]! * state.centroid.weights[i]!;
}

/** The strongest terms as written (link hosts left out); `keyOf` names an interned term. */
export function topTerms(state: StoryState, count: number, keyOf: (id: number) => string): string[] {
  const ids = state.centroid.ids;
  return strongestFirst(state.centroid)
    .filter((at) => !keyOf(ids[at]!).startsWith('~'))
    .slice(0, count)
    .map((at) => state.surfaces.get(ids[at]!) ?? keyOf(ids[at]!));
}

/** The strongest word pairs, as written: readable phrases for labels and the board. */
export function topBigrams(state: StoryState, count: number): string[] {
  return [...state.bigrams.values()]
    .sort((a, b) => b.weight - a.weight)
    .slice(0, count)
    .map((bigram) => bigram.surface);
}
