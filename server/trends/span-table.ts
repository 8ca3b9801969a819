/**
 * A bounded cache keyed by strings that can be looked up by a span of a larger text, without
 * cutting the span out: the tokenizer's plans, found by the matches its scan hashes (see
 * token-scanner.ts). A Map would need each match as a new string, hash it again, and walk
 * several scattered objects per lookup; here a lookup reads one slot of a typed array, then the
 * entry, and compares its key with the text in place.
 *
 * Open addressing with linear probing, at most half full (growing as needed); when it reaches
 * its limit it is cleared and refilled by the words in use (the policy of the stem cache).
 */
export class SpanTable<T extends { readonly raw: string }> {
  private hashes: Int32Array;
  private entries: Array<T | undefined>;
  private mask: number;
  private shift: number;
  private readonly limit: number;
  private count = 0;
  /** Where prefetch() leaves what it read, so the reads are not optimized away. */
  private touched = 0;

  constructor(limit: number) {
    this.limit = limit;
    this.hashes = new Int32Array(0);
    this.entries = [];
    this.mask = 0;
    this.shift = 0;
    this.allocate(1_024);
  }

  get size(): number {
    return this.count;
  }

  /** The entry whose key is text[start, end) (hash: hashSpan of it), if any. */
  get(text: string, start: number, end: number, hash: number): T | undefined {
    const length = end - start;
    for (let i = Math.imul(hash, 0x9e3779b1) >>> this.shift; ; i = (i + 1) & this.mask) {
      const entry = this.entries[i];
      if (entry === undefined) return undefined;
      if (this.hashes[i] === hash && entry.raw.length === length && text.startsWith(entry.raw, start)) return entry;
    }
  }

  /**
   * Reads the home slot of each of `count` hashes and the key found there, before the lookups:
   * the reads of different hashes do not wait for each other, so their cache misses overlap
   * instead of coming one lookup after another (most of a lookup's cost, in a stream whose
   * other work keeps evicting the table from the cache).
   */
  prefetch(hashes: Int32Array, count: number): void {
    let touched = 0;
    for (let k = 0; k < count; k++) {
      const i = Math.imul(hashes[k]!, 0x9e3779b1) >>> this.shift;
      const entry = this.entries[i];
      touched ^= this.hashes[i]!;
      if (entry !== undefined) touched ^= entry.raw.length;
    }
    this.touched = touched;
  }

  /** Adds an entry not in the table (its key hashed as `hash`). */
  add(entry: T, hash: number): void {
    if (this.count >= this.limit) this.clear();
    if ((this.count + 1) * 2 > this.entries.length) this.grow();
    let i = Math.imul(hash, 0x9e3779b1) >>> this.shift;
    while (this.entries[i] !== undefined) i = (i + 1) & this.mask;
    this.hashes[i] = hash;
    this.entries[i] = entry;
    this.count += 1;
  }

  clear(): void {
    this.entries.fill(undefined);
    this.count = 0;
  }

  private allocate(capacity: number): void {
    this.hashes = new Int32Array(capacity);
    this.entries = new Array<T | undefined>(capacity).fill(undefined);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
  }

  private grow(): void {
    const hashes = this.hashes;
    const entries = this.entries;
    this.allocate(entries.length * 2);
    this.count = 0;
    for (let i = 0; i < entries.length; i++) if (entries[i] !== undefined) this.add(entries[i]!, hashes[i]!);
  }
}
