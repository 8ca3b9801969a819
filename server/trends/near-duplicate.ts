import { IdTable, IntTable } from './int-table.js';
import { bandKeysInto, GOES_ON_WITH_WORD, hashWordsInto, MinHasher, readWords, similarityToLowBits, STARTS_WORD, WordHashes } from './minhash.js';
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

/** Global, so that test() leaves where a match ends in lastIndex (and builds no match array). */
const RETWEET = /^\s*(?:rt|mt)\s*@[\p{L}\p{N}_]+:?\s*/giu;
const VIA = /\s*(?:via|cc|h\/t)\s+@[\p{L}\p{N}_]+\s*$/iu;

/** The words of a text as a copy would repeat them. */
export function copyWords(text: string): string[] {
  return (copyText(text).match(WORD) ?? []) as string[];
}

/** The text as a copy would repeat it, folded: its words (copyWords) are the matches of WORD. */
function copyText(text: string): string {
  return fold(copyBody(text));
}

/** copyText() before folding. */
function copyBody(text: string): string {
  let body = stripUrls(text);
  // A retweet's prefix and a trailing credit change nothing about what is said (both name an
  // account: without "@", neither is there).
  if (body.includes('@')) {
    for (let i = 0; i < 3 && mayStartRetweet(body); i++) {
      RETWEET.lastIndex = 0;
      if (!RETWEET.test(body)) break;
      body = body.slice(RETWEET.lastIndex);
    }
    if (mayEndInCredit(body)) body = body.replace(VIA, '');
  }
  return body;
}

/** False when RETWEET cannot match: the text does not start with "rt" or "mt" (non-ASCII is left to the pattern). */
function mayStartRetweet(body: string): boolean {
  let i = 0;
  while (i < body.length && isAsciiSpace(body.charCodeAt(i))) i++;
  const c = body.charCodeAt(i);
  return c > 127 || (c | 0x20) === 0x72 /* r */ || (c | 0x20) === 0x6d; /* m */
}

/**
 * False when VIA cannot match: the text does not end in a mention. Tried at every position, the
 * pattern costs more than the rest of the text's reading; this reads only the last word.
 * Non-ASCII characters are left to the pattern.
 */
function mayEndInCredit(body: string): boolean {
  let i = body.length - 1;
  while (i >= 0 && isAsciiSpace(body.charCodeAt(i))) i--;
  const end = i;
  for (; i >= 0; i--) {
    const c = body.charCodeAt(i);
    if (c > 127) return true;
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95)) break;
  }
  return i >= 0 && i < end && body.charCodeAt(i) === 64; /* @ */
}

/**
 * A non-ASCII code unit as readWords() takes it: what fold() makes of it on its own (a unit,
 * or none for a combining mark) and whether it is a word character (see STARTS_WORD), or −1
 * when only folding the whole text tells: the unit becomes several, or changes between word
 * character and not, or its fold depends on its neighbours (a capital sigma, Hangul jamo that
 * compose, a surrogate). Folding unit by unit then finds the words fold() and WORD would.
 */
function readUnit(unit: number): number {
  if (readBlocks[unit >> 8] === 0) readBlock(unit >> 8);
  return READ_UNITS[unit]!;
}

/** readUnit() by unit, filled a block of 256 units at a time when a text first uses one. */
const READ_UNITS = new Int32Array(0x10000);
const readBlocks = new Uint8Array(0x100);
const WORD_START = /^[\p{L}\p{N}]$/u;
const WORD_GOES_ON = /^[\p{L}\p{M}\p{N}]$/u;
const ANY_WORD_CHARACTER = /[\p{L}\p{M}\p{N}]/u;
const NEEDS_WHOLE_TEXT = /[\u03a3\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\ud7b0-\udfff]/;

function readBlock(block: number): void {
  for (let unit = block * 256; unit < (block + 1) * 256; unit++) READ_UNITS[unit] = readAlone(String.fromCharCode(unit));
  readBlocks[block] = 1;
}

/** readUnit() of a character, worked out. */
function readAlone(char: string): number {
  if (NEEDS_WHOLE_TEXT.test(char)) return -1;
  const folded = fold(char);
  // No word character: stays none (and does not vanish, which would join its neighbours).
  if (!WORD_GOES_ON.test(char)) return folded.length > 0 && !ANY_WORD_CHARACTER.test(folded) ? 0 : -1;
  const starts = WORD_START.test(char);
  // A combining mark: goes on with a word, hashed as nothing.
  if (folded.length === 0) return starts ? -1 : GOES_ON_WITH_WORD;
  if (folded.length > 1 || WORD_START.test(folded) !== starts || !WORD_GOES_ON.test(folded)) return -1;
  return folded.charCodeAt(0) | GOES_ON_WITH_WORD | (starts ? STARTS_WORD : 0);
}

function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

export class NearDuplicateIndex {
  private readonly options: NearDuplicateOptions;
  /**
   * The low 32 bits of a fingerprint → handle of the first remembered item with it, confirmed
   * against its whole fingerprint (two fingerprints sharing 32 bits: the later one goes
   * unfiled, about once in 86,000 items with 50,000 remembered, and its copies are found as
   * near copies).
   */
  private readonly exact = new IntTable();
  /** Band key → handle of the first remembered item with that band. */
  private readonly buckets = new IntTable();
  /**
   * Remembered ids → their handles (small numbers: what the tables hold). A forgotten item's
   * handle is reused: by then no table holds it any more. What is kept of an item is in arrays
   * by handle, rather than an object per item.
   */
  private readonly ids = new IdTable();
  private count = 0;
  /** Handles ever given out (the next new one). */
  private handles = 0;
  /**
   * The remembered items in the order remembered, as a list linked through `newer` and
   * `older` by handle (−1 ends it): the oldest is forgotten first.
   */
  private oldest = -1;
  private newest = -1;
  private newer: Int32Array;
  private older: Int32Array;
  private fingerprints: Float64Array;
  /**
   * The bands each item filed itself (bit b for band b): only those are its to delete. An
   * exact copy files none (it has no signature: its original's is the same).
   */
  private filedBands: Int32Array;
  /**
   * The signatures of the remembered items, the one of handle h at [h × size, (h + 1) × size):
   * one array grown by doubling rather than a typed array per item (each costs an allocation
   * far slower than the copy). Kept in 16 bits a value (see similarityToLowBits): half the
   * memory to read and write. Their band keys alike, so forgetting needs not compute them.
   */
  private signatures: Uint16Array;
  private bandKeys: Int32Array;
  /** Handles the arrays above have room for. */
  private capacity = 64;
  private readonly freeHandles: number[] = [];
  private readonly hasher: MinHasher;
  /** The words of a text folded whole (see read), and the hashes of the words at hand (reused: one probe at a time). */
  private readonly words = new TokenSpans();
  private readonly wordHashes = new WordHashes();
  /** The signature of the text at hand, and its band keys (reused: one probe at a time). */
  private readonly signature: Uint32Array;
  private readonly keys: Int32Array;
  /** The bands the probe at hand filed (see filedBands). */
  private filed = 0;
  /** Handles of the candidates of the probe at hand, to skip one met in several bands (reused). */
  private readonly candidates: number[] = [];

  constructor(options: Partial<NearDuplicateOptions> = {}) {
    this.options = { ...DEFAULT_NEAR_DUPLICATE_OPTIONS, ...options };
    // A mask of filed bands is one 32-bit number.
    if (this.options.bands > 32) throw new RangeError(`at most 32 bands, not ${this.options.bands}`);
    this.hasher = new MinHasher(this.options.rows * this.options.bands);
    this.signature = new Uint32Array(this.hasher.size);
    this.keys = new Int32Array(this.options.bands);
    this.newer = new Int32Array(this.capacity);
    this.older = new Int32Array(this.capacity);
    this.fingerprints = new Float64Array(this.capacity);
    this.filedBands = new Int32Array(this.capacity);
    this.signatures = new Uint16Array(this.hasher.size * this.capacity);
    this.bandKeys = new Int32Array(this.options.bands * this.capacity);
  }

  get size(): number {
    return this.count;
  }

  /** The remembered item this text copies, if any, without remembering it. */
  find(text: string): DuplicateMatch | null {
    return this.probe(this.read(text), -1);
  }

  /**
   * Finds the remembered item this text copies and remembers the text under `itemId`
   * (a copy is remembered too: the next copy may resemble it more than the original).
   */
  check(itemId: string, text: string): DuplicateMatch | null {
    const fingerprint = this.read(text);
    // An item to remember takes its handle first: the probe files its bands as it reads them.
    const handle = this.wordHashes.count > 0 && this.ids.get(itemId) < 0 ? (this.freeHandles.pop() ?? this.handles++) : -1;
    if (handle >= this.capacity) this.grow();
    const match = this.probe(fingerprint, handle);
    if (handle >= 0) this.remember(itemId, handle, fingerprint);
    return match;
  }

  forgetItem(itemId: string): void {
    const handle = this.ids.get(itemId);
    if (handle >= 0) this.forget(handle);
  }

  /**
   * Hashes the words of the text as a copy would repeat them (copyWords) into `wordHashes`;
   * returns their fingerprint. Folding a text costs more than all the rest: its units are
   * folded one by one as they are read (readUnit), and only a text with a unit whose fold
   * depends on more than itself is folded whole.
   */
  private read(text: string): number {
    const body = copyBody(text);
    const fingerprint = readWords(body, this.wordHashes, readUnit);
    if (fingerprint >= 0) return fingerprint;
    const folded = fold(body);
    findWords(folded, this.words);
    return hashWordsInto(folded, this.words, this.wordHashes);
  }

  /**
   * The remembered item the words at hand (`wordHashes`, of this fingerprint) copy. With
   * `fileAs` (a handle, or −1), also files the fingerprint and each band of the words under that
   * handle where no remembered item has them yet, and keeps their signature and band keys
   * there: one lookup for both (a band the words file themselves is no candidate: it was
   * empty). An exact copy is neither signed nor filed: its original stands for it.
   */
  private probe(fingerprint: number, fileAs: number): DuplicateMatch | null {
    this.filed = 0;
    const words = this.wordHashes;
    if (words.count === 0) return null;
    // Fingerprints are integers below 2^53: `| 0` keeps their low 32 bits.
    const held = fileAs >= 0 ? this.exact.getOrPut(fingerprint | 0, fileAs) : this.exact.get(fingerprint | 0);
    if (held >= 0 && this.fingerprints[held] === fingerprint) return { of: this.ids.idOf(held)!, exact: true, similarity: 1 };
    if (words.count < this.options.minWords) return null;
    const size = this.hasher.size;
    const signature = this.signature;
    const keys = this.keys;
    this.hasher.sign(words.values, words.count, this.options.shingle, signature, 0);
    bandKeysInto(signature, 0, this.options.rows, keys);
    this.buckets.prefetch(keys, 0, keys.length);
    if (fileAs >= 0) {
      this.signatures.set(signature, fileAs * size);
      this.bandKeys.set(keys, fileAs * keys.length);
    }
    let best: DuplicateMatch | null = null;
    const candidates = this.candidates;
    candidates.length = 0;
    for (let b = 0; b < keys.length; b++) {
      const candidate = fileAs >= 0 ? this.buckets.getOrPut(keys[b]!, fileAs) : this.buckets.get(keys[b]!);
      if (candidate < 0) {
        if (fileAs >= 0) this.filed |= 1 << b;
        continue;
      }
      // At most one candidate per band: a scan of the few met so far beats a Set per probe.
      if (candidate === fileAs || candidates.includes(candidate)) continue;
      candidates.push(candidate);
      const similarity = similarityToLowBits(signature, this.signatures, candidate * size, size);
      if (similarity >= this.options.minSimilarity && (!best || similarity > best.similarity)) best = { of: this.ids.idOf(candidate)!, exact: false, similarity };
    }
    return best;
  }

  /** Remembers an item the probe has filed under `handle`. */
  private remember(itemId: string, handle: number, fingerprint: number): void {
    this.ids.set(itemId, handle);
    this.fingerprints[handle] = fingerprint;
    this.filedBands[handle] = this.filed;
    this.count += 1;
    this.older[handle] = this.newest;
    this.newer[handle] = -1;
    if (this.newest >= 0) this.newer[this.newest] = handle;
    else this.oldest = handle;
    this.newest = handle;
    while (this.count > this.options.maxRemembered) this.forget(this.oldest);
  }

  private forget(handle: number): void {
    this.ids.delete(handle);
    this.count -= 1;
    const older = this.older[handle]!;
    const newer = this.newer[handle]!;
    if (older >= 0) this.newer[older] = newer;
    else this.oldest = newer;
    if (newer >= 0) this.older[newer] = older;
    else this.newest = older;
    this.exact.deleteIf(this.fingerprints[handle]! | 0, handle);
    const filed = this.filedBands[handle]!;
    if (filed !== 0) {
      const bands = this.options.bands;
      const at = handle * bands;
      this.buckets.prefetch(this.bandKeys, at, at + bands);
      for (let b = 0; b < bands; b++) if ((filed >>> b) & 1) this.buckets.deleteIf(this.bandKeys[at + b]!, handle);
    }
    this.freeHandles.push(handle);
  }

  /** Doubles the room of the arrays by handle. */
  private grow(): void {
    this.capacity *= 2;
    this.newer = grown(this.newer, new Int32Array(this.capacity));
    this.older = grown(this.older, new Int32Array(this.capacity));
    this.fingerprints = grown(this.fingerprints, new Float64Array(this.capacity));
    this.filedBands = grown(this.filedBands, new Int32Array(this.capacity));
    this.signatures = grown(this.signatures, new Uint16Array(this.capacity * this.hasher.size));
    this.bandKeys = grown(this.bandKeys, new Int32Array(this.capacity * this.options.bands));
  }
}

function grown<T extends Float64Array | Int32Array | Uint16Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same += 1;
  return same / a.length;
}
