/**
 * Decayed document frequencies by interned term id, in typed arrays indexed by the id.
 *
 * Every item reads and updates the frequency of each of its terms: a Map<number, number> boxed
 * every updated value as a new heap number (most of weigh()'s time, and garbage for the
 * collector). Here an update writes one slot. What the Map gave besides lookups is kept: which
 * ids hold a frequency (`size`, deletion) and the order they were first set in, as a sequence
 * number per id, so pruning and renumbering break ties exactly as iterating the Map did.
 */
export class DocumentFrequencies {
  private frequencies = new Float64Array(0);
  /** When each id was (last) inserted, counting from 1; 0: not present. */
  private sequence = new Float64Array(0);
  private inserted = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The frequency of a term; 0 when it has none. */
  get(id: number): number {
    return id < this.frequencies.length ? this.frequencies[id]! : 0;
  }

  has(id: number): boolean {
    return id < this.sequence.length && this.sequence[id]! > 0;
  }

  /** Adds to a term's frequency (inserting it when it has none) and returns the new value. */
  add(id: number, delta: number): number {
    if (id >= this.frequencies.length) this.grow(id + 1);
    if (this.sequence[id] === 0) {
      this.inserted += 1;
      this.sequence[id] = this.inserted;
      this.count += 1;
    }
    const value = this.frequencies[id]! + delta;
    this.frequencies[id] = value;
    return value;
  }

  delete(id: number): void {
    if (!this.has(id)) return;
    this.sequence[id] = 0;
    this.frequencies[id] = 0;
    this.count -= 1;
  }

  /** Multiplies every frequency (a change of epoch). */
  scale(factor: number): void {
    // Ids without a frequency hold 0, which stays 0.
    const frequencies = this.frequencies;
    for (let i = 0; i < frequencies.length; i++) frequencies[i] = frequencies[i]! * factor;
  }

  /** The ids holding a frequency, in the order they were inserted (a Map's iteration order). */
  ids(): number[] {
    const ids: number[] = [];
    for (let i = 0; i < this.sequence.length; i++) if (this.sequence[i]! > 0) ids.push(i);
    return ids.sort((a, b) => this.sequence[a]! - this.sequence[b]!);
  }

  /**
   * The same frequencies under new ids (`remap[id]`, −1 for none; every present id must have
   * one), in the same insertion order.
   */
  renumbered(remap: Int32Array, length: number): DocumentFrequencies {
    const next = new DocumentFrequencies();
    next.grow(length);
    for (const id of this.ids()) next.add(remap[id]!, this.frequencies[id]!);
    return next;
  }

  private grow(length: number): void {
    const capacity = Math.max(length, 2 * this.frequencies.length, 1_024);
    const frequencies = new Float64Array(capacity);
    frequencies.set(this.frequencies);
    const sequence = new Float64Array(capacity);
    sequence.set(this.sequence);
    this.frequencies = frequencies;
    this.sequence = sequence;
  }
}
