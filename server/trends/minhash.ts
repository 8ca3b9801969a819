import type { TokenSpans } from './token-scanner.js';

/**
 * The hashing behind the duplicate index: a fingerprint of a text's words, MinHash signatures
 * over word shingles, and LSH band keys. Arranged to be cheap (no strings built, no arrays
 * allocated): a text's words are hashed where they stand, in one pass (see readWords), and the
 * signature is made of their hashes.
 */

/** Bins at most: the densification table holds size² bytes. */
const MAX_BINS = 256;

/** The least value of an empty bin (values are kept with the top bit flipped: see sign()). */
const EMPTY = 0x7fffffff;

/**
 * One-permutation MinHash with optimal densification (Shrivastava & Li 2014; Shrivastava 2017):
 * the top bits of an element's hash choose its bin and each bin keeps its least hash, so a
 * signature costs one hash per element rather than one per element and bin. Two signatures agree
 * at a bin with probability the Jaccard similarity of the two sets, as with one permutation per
 * bin. A value carries its bin in its top bits, so values of different bins never agree.
 *
 * The elements are the shingles, each counted four times under different hashes: the Jaccard
 * similarity of the sets stays the same, and a short text fills more bins (13 words on average
 * against 48 bins: one hash per shingle leaves three bins in four empty). On word-bigram sets of
 * the dev streams (pairs of true Jaccard similarity 0.2 to 1) the root mean square error of the
 * estimate is 0.075 with one copy, 0.066 with two, 0.062 with four (0.064 with 48 independent
 * permutations); with two to four a signature costs the same, fewer bins being left to fill.
 *
 * An empty bin takes the value of the first filled bin in a fixed random order of the bins of
 * its own. Both texts of a pair follow the same order, so at a bin empty in both they reach the
 * same first bin filled in either, and agree exactly when its least hash is a shared element's:
 * the agreement stays an unbiased estimate. (Taking the next filled bin instead makes runs of
 * empty bins copy one value: an error half again as large on the dev streams.)
 */
export class MinHasher {
  readonly size: number;
  /** Bin i's order of the other bins at [i × size, (i + 1) × size). */
  private readonly orders: Uint8Array;
  /**
   * The least value per bin of the text at hand (reused). Kept with the top bit flipped, so the
   * signed order of the values is the unsigned order of the hashes: what Math.imul works in.
   */
  private readonly least: Int32Array;

  constructor(size: number) {
    if (!(size >= 1 && size <= MAX_BINS)) throw new RangeError(`a signature has 1 to ${MAX_BINS} bins, not ${size}`);
    this.size = size;
    this.least = new Int32Array(size);
    this.orders = new Uint8Array(size * size);
    // Fixed orders (a seeded shuffle per bin): the same stream gives the same answer on every replay.
    let state = 0x9e3779b9;
    for (let bin = 0; bin < size; bin++) {
      const order = this.orders.subarray(bin * size, (bin + 1) * size);
      for (let i = 0; i < size; i++) order[i] = i;
      for (let i = size - 1; i > 0; i--) {
        state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x297a2d39) >>> 0;
        const j = (mix32(state) >>> 0) % (i + 1);
        const swap = order[i]!;
        order[i] = order[j]!;
        order[j] = swap;
      }
    }
  }

  /**
   * Writes the signature of the shingles of `shingle` words (all the words when there are
   * fewer) at out[offset…offset + size), from the hashes of the words (see readWords).
   */
  sign(wordHashes: Int32Array, count: number, shingle: number, out: Uint32Array, offset: number): void {
    const size = this.size;
    const least = this.least;
    least.fill(EMPTY);
    const k = Math.min(shingle, count);
    // (No words make one empty shingle: some bin is always filled.)
    for (let i = 0; i + k <= count; i++) {
      // Order matters ("a b" is not "b a"): FNV-style over the word hashes, mixed per copy.
      let base = 0x811c9dc5;
      for (let j = i; j < i + k; j++) base = Math.imul(base ^ wordHashes[j]!, 0x01000193);
      // Written out: a loop over the copies' seeds costs a third more.
      const h0 = mix32(base ^ 0x3c6ef372);
      const b0 = ((h0 >>> 16) * size) >>> 16;
      least[b0] = Math.min(least[b0]!, h0 ^ 0x80000000);
      const h1 = mix32(base ^ 0x5ab00ac6);
      const b1 = ((h1 >>> 16) * size) >>> 16;
      least[b1] = Math.min(least[b1]!, h1 ^ 0x80000000);
      const h2 = mix32(base ^ 0x510e527f);
      const b2 = ((h2 >>> 16) * size) >>> 16;
      least[b2] = Math.min(least[b2]!, h2 ^ 0x80000000);
      const h3 = mix32(base ^ 0x64fa9774);
      const b3 = ((h3 >>> 16) * size) >>> 16;
      least[b3] = Math.min(least[b3]!, h3 ^ 0x80000000);
    }
    const orders = this.orders;
    for (let bin = 0; bin < size; bin++) {
      let value = least[bin]!;
      for (let p = bin * size, end = p + size; value === EMPTY && p < end; p++) value = least[orders[p]!]!;
      out[offset + bin] = value ^ 0x80000000;
    }
  }
}

/** The words of one text, hashed: readWords() or hashWordsInto() fills it. */
export class WordHashes {
  count = 0;
  /** The hash of each word (FNV-1a of its characters, ASCII capitals as small letters). */
  values: Int32Array = new Int32Array(64);
}

/**
 * The words of a text (found by findWords) hashed into `hashes`, ASCII capitals as small
 * letters, and their fingerprint (see fingerprintOf).
 */
export function hashWordsInto(text: string, words: TokenSpans, hashes: WordHashes): number {
  if (hashes.values.length < words.count) hashes.values = new Int32Array(Math.max(words.count, hashes.values.length * 2));
  const values = hashes.values;
  hashes.count = words.count;
  for (let w = 0; w < words.count; w++) {
    let word = 0x811c9dc5;
    const end = words.ends[w]!;
    for (let i = words.starts[w]!; i < end; i++) {
      let c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) c += 32;
      word = Math.imul(word ^ c, 0x01000193);
    }
    values[w] = word;
  }
  return fingerprintOf(values, words.count);
}

/**
 * How readWords() takes a code unit: the unit to hash in its place (0: none), with these bits
 * for whether it starts a word and whether it goes on with one (WORD: [\p{L}\p{N}] and
 * [\p{L}\p{M}\p{N}]); −1 when it cannot tell.
 */
export const STARTS_WORD = 1 << 16;
export const GOES_ON_WITH_WORD = 1 << 17;

/** readWords()'s reading of ASCII: letters and digits (capitals as small letters), no other word character. */
const ASCII_UNITS = new Int32Array(128);
for (let c = 48; c <= 57; c++) ASCII_UNITS[c] = c | STARTS_WORD | GOES_ON_WITH_WORD;
for (let c = 97; c <= 122; c++) ASCII_UNITS[c] = ASCII_UNITS[c - 32] = c | STARTS_WORD | GOES_ON_WITH_WORD;

/**
 * hashWordsInto() of the matches of WORD in a text, found as they are hashed: one pass over
 * the text, rather than findWords' and then another over the words. ASCII is read here, other
 * units as `readUnit` takes them (see STARTS_WORD); −1 when it gives −1 for one.
 *
 * Without a branch on what the characters are (a word's end is where branches would go wrong,
 * some 30 times a text, and cost more than the hashing): each unit updates the word's hash
 * through masks.
 */
export function readWords(text: string, hashes: WordHashes, readUnit: (unit: number) => number): number {
  const length = text.length;
  // A text has fewer words than units: every store below stays in bounds.
  if (hashes.values.length <= length) hashes.values = new Int32Array(Math.max(length + 1, hashes.values.length * 2));
  const values = hashes.values;
  let word = 0x811c9dc5;
  let inWord = 0;
  let count = 0;
  for (let i = 0; i < length; i++) {
    const unit = text.charCodeAt(i);
    const read = unit < 128 ? ASCII_UNITS[unit]! : readUnit(unit);
    if (read < 0) return -1;
    // A unit starts a word, or goes on with the one it follows.
    const isWord = (read >>> (16 + inWord)) & 1;
    const value = read & 0xffff;
    const hashed = (value + 0xffff) >> 16;
    const next = (Math.imul(word ^ value, 0x01000193) & -hashed) | (word & (hashed - 1));
    // The word so far is stored at each unit; the one after a word keeps it, moving on.
    values[count] = word;
    count += inWord & (isWord ^ 1);
    word = (next & -isWord) | (0x811c9dc5 & (isWord - 1));
    inWord = isWord;
  }
  if (inWord !== 0) values[count++] = word;
  hashes.count = count;
  return fingerprintOf(values, count);
}

/**
 * A 53-bit fingerprint of a text's words from their hashes, in order: two 32-bit chains (the
 * bits of one, 21 of the other), so collisions stay negligible over the remembered items.
 * Texts of other words share it only when those words' 32-bit hashes are the same (a changed
 * word: once in four billion) or by chance (once in 2^53).
 */
function fingerprintOf(values: Int32Array, count: number): number {
  let high = 0x3c6ef372;
  let low = 0x510e527f;
  for (let w = 0; w < count; w++) {
    high = mix32(high ^ values[w]!);
    low = mix32((low + values[w]!) | 0);
  }
  return (high >>> 11) * 0x100000000 + (low >>> 0);
}

const scratch = new WordHashes();

/** The fingerprint of the words (see hashWordsInto). */
export function hashWords(text: string, words: TokenSpans): number {
  return hashWordsInto(text, words, scratch);
}

/**
 * The LSH band keys of the signature at signature[offset…], into `keys` (one per band): the
 * band's rows FNV-style, then mixed once. Small integers as table keys (the 32 bits read as
 * signed); band collisions are confirmed by similarity.
 */
export function bandKeysInto(signature: Uint32Array, offset: number, rows: number, keys: Int32Array): void {
  for (let b = 0; b < keys.length; b++) {
    let key = Math.imul(b + 1, 0x9e3779b1);
    for (let r = 0; r < rows; r++) key = Math.imul(key ^ signature[offset + b * rows + r]!, 0x01000193);
    keys[b] = mix32(key);
  }
}

/**
 * The share of equal hashes of a signature (of `size` hashes) and one kept as the low 16 bits
 * of its hashes, at kept[offset…]. Two different hashes agree in them once in 65,536: an
 * estimate of 48 hashes moves by 0.001 at most on average.
 */
export function similarityToLowBits(signature: Uint32Array, kept: Uint16Array, offset: number, size: number): number {
  let same = 0;
  for (let i = 0; i < size; i++) if ((signature[i]! & 0xffff) === kept[offset + i]) same += 1;
  return same / size;
}

/** The share of equal hashes of two signatures of `size` hashes, at their offsets. */
export function similarityAt(a: Uint32Array, aOffset: number, b: Uint32Array, bOffset: number, size: number): number {
  let same = 0;
  for (let i = 0; i < size; i++) if (a[aOffset + i] === b[bOffset + i]) same += 1;
  return same / size;
}

/** The murmur3 finalizer, in signed 32 bits. */
function mix32(value: number): number {
  let h = value;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
