import type { TokenSpans } from './token-scanner.js';

/**
 * The hashing behind the duplicate index: a fingerprint of a text's words, MinHash signatures
 * over word shingles, and LSH band keys. The numbers are part of the index's behaviour (which
 * items meet, with which similarity), so every function here must keep returning exactly the
 * same values; they are only arranged to be cheap (no strings built, no arrays allocated). The
 * words are spans of one text (see findWords), so each is read where it stands.
 */
export class MinHasher {
  readonly size: number;
  /** The per-hash seeds, split in two: the xor before the first mix, the addend after it. */
  private readonly seedXor: Int32Array;
  private readonly seedAdd: Int32Array;
  /** Shingle hashes of the text at hand (reused, grown as needed). */
  private shingles = new Int32Array(64);

  constructor(size: number) {
    this.size = size;
    this.seedXor = new Int32Array(size);
    this.seedAdd = new Int32Array(size);
    // Fixed seeds: the same stream gives the same answer on every replay.
    let state = 0x9e3779b9;
    for (let i = 0; i < size * 2; i++) {
      state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x297a2d39) >>> 0;
      if (i % 2 === 0) this.seedXor[i >> 1] = state | 1;
      else this.seedAdd[i >> 1] = state | 1;
    }
  }

  /**
   * Writes the signature of the shingles of `shingle` words (all the words when there are
   * fewer) at out[offset…offset + size): per hash, the least over the shingles.
   */
  sign(text: string, words: TokenSpans, shingle: number, out: Uint32Array, offset: number): void {
    const k = Math.min(shingle, words.count);
    const count = words.count - k + 1;
    if (this.shingles.length < count) this.shingles = new Int32Array(Math.max(count, this.shingles.length * 2));
    const shingles = this.shingles;
    for (let i = 0; i < count; i++) {
      let base = 0x811c9dc5;
      for (let j = i; j < i + k; j++) base = hashInto(base, text, words.starts[j]!, words.ends[j]!);
      shingles[i] = base;
    }
    // Hash by hash over all shingles, so the seeds and the minimum stay in registers; four
    // hashes at a time, as their arithmetic chains are independent and overlap in the CPU. The
    // arithmetic is mix() in signed 32 bits (what Math.imul works in); flipping the top bit
    // turns the unsigned order of the values into signed order.
    const seedXor = this.seedXor;
    const seedAdd = this.seedAdd;
    let h = 0;
    for (; h + 4 <= this.size; h += 4) {
      const x0 = seedXor[h]!;
      const x1 = seedXor[h + 1]!;
      const x2 = seedXor[h + 2]!;
      const x3 = seedXor[h + 3]!;
      const a0 = seedAdd[h]!;
      const a1 = seedAdd[h + 1]!;
      const a2 = seedAdd[h + 2]!;
      const a3 = seedAdd[h + 3]!;
      let m0 = 0x7fffffff;
      let m1 = 0x7fffffff;
      let m2 = 0x7fffffff;
      let m3 = 0x7fffffff;
      for (let i = 0; i < count; i++) {
        const s = shingles[i]!;
        const v0 = mix32((mix32(s ^ x0) + a0) | 0) ^ 0x80000000;
        const v1 = mix32((mix32(s ^ x1) + a1) | 0) ^ 0x80000000;
        const v2 = mix32((mix32(s ^ x2) + a2) | 0) ^ 0x80000000;
        const v3 = mix32((mix32(s ^ x3) + a3) | 0) ^ 0x80000000;
        if (v0 < m0) m0 = v0;
        if (v1 < m1) m1 = v1;
        if (v2 < m2) m2 = v2;
        if (v3 < m3) m3 = v3;
      }
      out[offset + h] = m0 ^ 0x80000000;
      out[offset + h + 1] = m1 ^ 0x80000000;
      out[offset + h + 2] = m2 ^ 0x80000000;
      out[offset + h + 3] = m3 ^ 0x80000000;
    }
    for (; h < this.size; h++) {
      const x = seedXor[h]!;
      const a = seedAdd[h]!;
      let m = 0x7fffffff;
      for (let i = 0; i < count; i++) {
        const v = mix32((mix32(shingles[i]! ^ x) + a) | 0) ^ 0x80000000;
        if (v < m) m = v;
      }
      out[offset + h] = m ^ 0x80000000;
    }
  }
}

/**
 * The LSH band keys of the signature at signature[offset…], into `keys` (one per band). Small
 * integers as table keys (the 32 bits read as signed); band collisions are confirmed by
 * similarity.
 */
export function bandKeysInto(signature: Uint32Array, offset: number, rows: number, keys: Int32Array): void {
  for (let b = 0; b < keys.length; b++) {
    let key = Math.imul(b + 1, 0x9e3779b1);
    for (let r = 0; r < rows; r++) key = mix(key ^ signature[offset + b * rows + r]!);
    keys[b] = key;
  }
}

/** The share of equal hashes of two signatures of `size` hashes, at their offsets. */
export function similarityAt(a: Uint32Array, aOffset: number, b: Uint32Array, bOffset: number, size: number): number {
  let same = 0;
  for (let i = 0; i < size; i++) if (a[aOffset + i] === b[bOffset + i]) same += 1;
  return same / size;
}

/**
 * A 53-bit hash (two 32-bit ones) of the words joined by single spaces: collisions stay
 * negligible over the remembered items. Hashed word by word, the spaces included, so the
 * joined string is never built.
 */
export function hashWords(text: string, words: TokenSpans): number {
  let high = 0x811c9dc5 ^ 0x20;
  let low = 0x01234567 ^ 0x20;
  for (let w = 0; w < words.count; w++) {
    if (w > 0) {
      high = Math.imul(high ^ 0x20, 0x01000193);
      low = Math.imul(low ^ 0x20, 0x01000193);
    }
    const end = words.ends[w]!;
    for (let i = words.starts[w]!; i < end; i++) {
      const c = text.charCodeAt(i);
      high = Math.imul(high ^ c, 0x01000193);
      low = Math.imul(low ^ c, 0x01000193);
    }
  }
  high = Math.imul(high ^ 0x20, 0x01000193);
  low = Math.imul(low ^ 0x20, 0x01000193);
  return (mix(high) >>> 11) * 0x100000000 + mix(low);
}

/** FNV-1a over text[start, end), framed by a space on each side. */
function hashInto(seed: number, text: string, start: number, end: number): number {
  let h = seed ^ 0x20;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ 0x20, 0x01000193);
}

/** The murmur3 finalizer, as an unsigned 32-bit number. */
function mix(value: number): number {
  return mix32(value) >>> 0;
}

/** The murmur3 finalizer in signed 32 bits (the same bits as mix()). */
function mix32(value: number): number {
  let h = value;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
