import { IntTable } from './int-table.js';
import { bandKeysInto, hashWords, MinHasher, similarityAt } from './minhash.js';
import { findWords, TokenSpans, WORD } from './token-scanner.js';
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
  id: string;
  fingerprint: number;
  /** Whether the item has a signature (enough words), kept at its handle in `signatures`. */
  signed: boolean;
  /** The item's number: what the buckets hold (an IntTable holds numbers, not ids). */
  handle: number;
}

const RETWEET = /^\s*(?:rt|mt)\s*@[\p{L}\p{N}_]+:?\s*/iu;
const VIA = /\s*(?:via|cc|h\/t)\s+@[\p{L}\p{N}_]+\s*$/iu;

/** The words of a text as a copy would repeat them. */
export function copyWords(text: string): string[] {
  return (copyText(text).match(WORD) ?? []) as string[];
}

/** The text as a copy would repeat it, folded: its words (copyWords) are the matches of WORD. */
function copyText(text: string): string {
  let body = stripUrls(text);
  // A retweet's prefix and a trailing credit change nothing about what is said (both name an
  // account: without "@", neither is there).
  if (body.includes('@')) {
    for (let i = 0; i < 3 && RETWEET.test(body); i++) body = body.replace(RETWEET, '');
    body = body.replace(VIA, '');
  }
  return fold(body);
}

export class NearDuplicateIndex {
  private readonly options: NearDuplicateOptions;
  private readonly exact = new Map<number, string>();
  /** Band key → handle of the first remembered item with that band. */
  private readonly buckets = new IntTable();
  private readonly items = new Map<string, Remembered>();
  /**
   * Remembered items by handle. A forgotten item's handle is reused: by then none of the
   * buckets holds it any more.
   */
  private readonly byHandle: Array<Remembered | undefined> = [];
  private readonly freeHandles: number[] = [];
  private readonly hasher: MinHasher;
  /**
   * The signatures of the remembered items, the one of handle h at [h × size, (h + 1) × size):
   * one array grown by doubling rather than a typed array per item (each costs an allocation
   * far slower than the copy).
   */
  private signatures: Uint32Array;
  /** The words of the text at hand (reused: one probe at a time). */
  private readonly words = new TokenSpans();
  /** The signature of the text at hand, and its band keys (reused: one probe at a time). */
  private readonly signature: Uint32Array;
  private readonly keys: Int32Array;
  /** Handles of the candidates of the probe at hand, to skip one met in several bands (reused). */
  private readonly candidates: number[] = [];
  /**
   * A live iterator over `items`, kept from one eviction to the next. Asking a fresh
   * `items.keys()` for the oldest item walks past every deleted slot at the front of the Map's
   * table each time (O(n) per eviction in V8); a kept iterator walks past each slot once. Every
   * item it has passed was evicted, so its next one is always the oldest remembered.
   */
  private oldest: IterableIterator<Remembered> | null = null;

  constructor(options: Partial<NearDuplicateOptions> = {}) {
    this.options = { ...DEFAULT_NEAR_DUPLICATE_OPTIONS, ...options };
    this.hasher = new MinHasher(this.options.rows * this.options.bands);
    this.signature = new Uint32Array(this.hasher.size);
    this.signatures = new Uint32Array(this.hasher.size * 64);
    this.keys = new Int32Array(this.options.bands);
  }

  get size(): number {
    return this.items.size;
  }

  /** The remembered item this text copies, if any, without remembering it. */
  find(text: string): DuplicateMatch | null {
    const body = copyText(text);
    findWords(body, this.words);
    return this.probe(body, -1).match;
  }

  /**
   * Finds the remembered item this text copies and remembers the text under `itemId`
   * (a copy is remembered too: the next copy may resemble it more than the original).
   */
  check(itemId: string, text: string): DuplicateMatch | null {
    const body = copyText(text);
    findWords(body, this.words);
    // An item to remember takes its handle first: the probe files its bands as it reads them.
    const handle = this.words.count > 0 && !this.items.has(itemId) ? (this.freeHandles.pop() ?? this.byHandle.length) : -1;
    const { match, fingerprint, signed } = this.probe(body, handle);
    if (handle >= 0) this.remember(itemId, handle, fingerprint, signed, match === null || !match.exact);
    return match;
  }

  forgetItem(itemId: string): void {
    const entry = this.items.get(itemId);
    if (entry) this.forget(entry);
  }

  private forget(entry: Remembered): void {
    this.items.delete(entry.id);
    if (this.exact.get(entry.fingerprint) === entry.id) this.exact.delete(entry.fingerprint);
    if (entry.signed) {
      const keys = this.keys;
      bandKeysInto(this.signatures, entry.handle * this.hasher.size, this.options.rows, keys);
      this.buckets.prefetch(keys, keys.length);
      for (let b = 0; b < keys.length; b++) this.buckets.deleteIf(keys[b]!, entry.handle);
    }
    this.byHandle[entry.handle] = undefined;
    this.freeHandles.push(entry.handle);
  }

  /**
   * The remembered item the words of `body` (in `this.words`) copy. With `fileAs` (a handle,
   * or −1), also files each band of the words under that handle where no remembered item has
   * it yet, and keeps their signature there: one lookup per band for both (a band the words
   * file themselves is no candidate: it was empty before).
   */
  private probe(body: string, fileAs: number): { match: DuplicateMatch | null; fingerprint: number; signed: boolean } {
    const words = this.words;
    const fingerprint = hashWords(body, words);
    const signed = words.count >= this.options.minWords;
    const size = this.hasher.size;
    const signature = this.signature;
    if (signed) {
      this.hasher.sign(body, words, this.options.shingle, signature, 0);
      if (fileAs >= 0) this.keepSignature(fileAs);
    }
    if (words.count === 0) return { match: null, fingerprint, signed };
    const keys = this.keys;
    if (signed) {
      bandKeysInto(signature, 0, this.options.rows, keys);
      this.buckets.prefetch(keys, keys.length);
    }
    const exactOf = this.exact.get(fingerprint);
    if (exactOf !== undefined) {
      if (signed && fileAs >= 0) for (let b = 0; b < keys.length; b++) this.buckets.getOrPut(keys[b]!, fileAs);
      return { match: { of: exactOf, exact: true, similarity: 1 }, fingerprint, signed };
    }
    if (!signed) return { match: null, fingerprint, signed };
    let best: DuplicateMatch | null = null;
    const candidates = this.candidates;
    candidates.length = 0;
    for (let b = 0; b < keys.length; b++) {
      const candidate = fileAs >= 0 ? this.buckets.getOrPut(keys[b]!, fileAs) : this.buckets.get(keys[b]!);
      // At most one candidate per band: a scan of the few met so far beats a Set per probe.
      if (candidate < 0 || candidate === fileAs || candidates.includes(candidate)) continue;
      candidates.push(candidate);
      const similarity = similarityAt(signature, 0, this.signatures, candidate * size, size);
      if (similarity >= this.options.minSimilarity && (!best || similarity > best.similarity)) best = { of: this.byHandle[candidate]!.id, exact: false, similarity };
    }
    return { match: best, fingerprint, signed };
  }

  /** Copies the signature at hand to the place of `handle`. */
  private keepSignature(handle: number): void {
    const size = this.hasher.size;
    if ((handle + 1) * size > this.signatures.length) {
      const grown = new Uint32Array(Math.max((handle + 1) * size, this.signatures.length * 2));
      grown.set(this.signatures);
      this.signatures = grown;
    }
    this.signatures.set(this.signature, handle * size);
  }

  /**
   * Remembers an item whose bands the probe has filed under `handle`; `firstCopy` when the
   * probe found no exact copy of it (the first copy stays the one others point to).
   */
  private remember(itemId: string, handle: number, fingerprint: number, signed: boolean, firstCopy: boolean): void {
    const entry: Remembered = { id: itemId, fingerprint, signed, handle };
    this.items.set(itemId, entry);
    this.byHandle[handle] = entry;
    if (firstCopy) this.exact.set(fingerprint, itemId);
    while (this.items.size > this.options.maxRemembered) this.forget(this.oldestItem());
  }

  /** The item remembered first among those still in `items` (what `items.values().next()` gives). */
  private oldestItem(): Remembered {
    let next = this.oldest?.next();
    // A finished iterator stays finished even when items are added later: start a new one.
    if (!next || next.done) {
      this.oldest = this.items.values();
      next = this.oldest.next();
    }
    return next.value!;
  }
}

export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same += 1;
  return same / a.length;
}
