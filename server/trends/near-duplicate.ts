import { fold, stripUrls } from './tokenize.js';

/**
 * Exact and near-duplicate detection: a repost, a retweet or a syndicated copy of an item
 * already seen. Exact copies meet on a fingerprint of the text as read (case, punctuation,
 * URLs and the "RT @user:" prefix ignored); near copies through MinHash over word shingles with
 * LSH banding, confirmed by the estimated Jaccard similarity of the two signatures.
 * Memory is bounded: the oldest remembered items are forgotten first.
 */
export interface NearDuplicateOptions {
  /** Rows per LSH band and number of bands: the signature has rows × bands hashes. */
  rows: number;
  bands: number;
  /** Words per shingle. */
  shingle: number;
  /** Estimated Jaccard similarity a candidate needs to count as a copy. */
  minSimilarity: number;
  /** Texts shorter than this (in words) are only matched exactly: short texts collide by chance. */
  minWords: number;
  maxRemembered: number;
}

export const DEFAULT_NEAR_DUPLICATE_OPTIONS: NearDuplicateOptions = {
  rows: 3,
  bands: 16,
  shingle: 2,
  minSimilarity: 0.65,
  minWords: 5,
  maxRemembered: 50_000,
};

export interface DuplicateMatch {
  /** The remembered item this one copies. */
  of: string;
  exact: boolean;
  similarity: number;
}

interface Remembered {
  fingerprint: number;
  signature: Uint32Array | null;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;
const RETWEET = /^\s*(?:rt|mt)\s*@[\p{L}\p{N}_]+:?\s*/iu;
const VIA = /\s*(?:via|cc|h\/t)\s+@[\p{L}\p{N}_]+\s*$/iu;

/** The words of a text as a copy would repeat them. */
export function copyWords(text: string): string[] {
  let body = stripUrls(text);
  // A retweet's prefix and a trailing credit change nothing about what is said.
  for (let i = 0; i < 3 && RETWEET.test(body); i++) body = body.replace(RETWEET, '');
  body = body.replace(VIA, '');
  return (fold(body).match(WORD) ?? []) as string[];
}

export class NearDuplicateIndex {
  private readonly options: NearDuplicateOptions;
  private readonly exact = new Map<number, string>();
  private readonly buckets = new Map<number, string>();
  private readonly items = new Map<string, Remembered>();
  private readonly seeds: Uint32Array;
  /** Band keys of the signature at hand (reused: one probe at a time). */
  private readonly keys: Int32Array;

  constructor(options: Partial<NearDuplicateOptions> = {}) {
    this.options = { ...DEFAULT_NEAR_DUPLICATE_OPTIONS, ...options };
    // Fixed seeds: the same stream gives the same answer on every replay.
    const count = this.options.rows * this.options.bands;
    this.seeds = new Uint32Array(count * 2);
    let state = 0x9e3779b9;
    for (let i = 0; i < this.seeds.length; i++) {
      state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x297a2d39) >>> 0;
      this.seeds[i] = state | 1;
    }
    this.keys = new Int32Array(this.options.bands);
  }

  get size(): number {
    return this.items.size;
  }

  /** The remembered item this text copies, if any, without remembering it. */
  find(text: string): DuplicateMatch | null {
    return this.probe(copyWords(text)).match;
  }

  /**
   * Finds the remembered item this text copies and remembers the text under `itemId`
   * (a copy is remembered too: the next copy may resemble it more than the original).
   */
  check(itemId: string, text: string): DuplicateMatch | null {
    const words = copyWords(text);
    const { match, fingerprint, signature } = this.probe(words);
    if (words.length === 0) return match;
    this.remember(itemId, fingerprint, signature);
    return match;
  }

  forgetItem(itemId: string): void {
    const entry = this.items.get(itemId);
    if (!entry) return;
    this.items.delete(itemId);
    if (this.exact.get(entry.fingerprint) === itemId) this.exact.delete(entry.fingerprint);
    if (entry.signature) {
      for (const key of this.bandKeys(entry.signature)) if (this.buckets.get(key) === itemId) this.buckets.delete(key);
    }
  }

  private probe(words: string[]): { match: DuplicateMatch | null; fingerprint: number; signature: Uint32Array | null } {
    const fingerprint = hashString(words.join(' '));
    const signature = words.length >= this.options.minWords ? this.signature(words) : null;
    if (words.length === 0) return { match: null, fingerprint, signature };
    const exactOf = this.exact.get(fingerprint);
    if (exactOf !== undefined) return { match: { of: exactOf, exact: true, similarity: 1 }, fingerprint, signature };
    if (!signature) return { match: null, fingerprint, signature };
    let best: DuplicateMatch | null = null;
    const seen = new Set<string>();
    for (const key of this.bandKeys(signature)) {
      const candidate = this.buckets.get(key);
      if (candidate === undefined || seen.has(candidate)) continue;
      seen.add(candidate);
      const other = this.items.get(candidate)?.signature;
      if (!other) continue;
      const similarity = estimateJaccard(signature, other);
      if (similarity >= this.options.minSimilarity && (!best || similarity > best.similarity)) best = { of: candidate, exact: false, similarity };
    }
    return { match: best, fingerprint, signature };
  }

  private remember(itemId: string, fingerprint: number, signature: Uint32Array | null): void {
    if (this.items.has(itemId)) return;
    this.items.set(itemId, { fingerprint, signature });
    // The first copy stays the one others point to.
    if (!this.exact.has(fingerprint)) this.exact.set(fingerprint, itemId);
    if (signature) for (const key of this.bandKeys(signature)) if (!this.buckets.has(key)) this.buckets.set(key, itemId);
    while (this.items.size > this.options.maxRemembered) this.forgetItem(this.items.keys().next().value!);
  }

  private signature(words: string[]): Uint32Array {
    const count = this.options.rows * this.options.bands;
    const signature = new Uint32Array(count).fill(0xffffffff);
    const k = Math.min(this.options.shingle, words.length);
    for (let i = 0; i + k <= words.length; i++) {
      let base = 0x811c9dc5;
      for (let j = i; j < i + k; j++) base = hashInto(base, words[j]!);
      for (let h = 0; h < count; h++) {
        const value = mix((mix(base ^ this.seeds[2 * h]!) + this.seeds[2 * h + 1]!) | 0);
        if (value < signature[h]!) signature[h] = value;
      }
    }
    return signature;
  }

  /** The signature's band keys, in a buffer reused by the next call. */
  private bandKeys(signature: Uint32Array): Int32Array {
    const { rows, bands } = this.options;
    const keys = this.keys;
    for (let b = 0; b < bands; b++) {
      let key = Math.imul(b + 1, 0x9e3779b1);
      for (let r = 0; r < rows; r++) key = mix(key ^ signature[b * rows + r]!);
      // Small integers as map keys (the 32 bits read as signed): cheaper than strings or larger
      // numbers; band collisions are confirmed by similarity.
      keys[b] = key;
    }
    return keys;
  }
}

export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same += 1;
  return same / a.length;
}

function hashInto(seed: number, text: string): number {
  let h = seed ^ 0x20;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ 0x20, 0x01000193);
}

/** A 53-bit hash (two 32-bit ones): collisions stay negligible over the remembered items. */
function hashString(text: string): number {
  const high = mix(hashInto(0x811c9dc5, text)) >>> 11;
  const low = mix(hashInto(0x01234567, text));
  return high * 0x100000000 + low;
}

function mix(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
