/**
 * A story's centroid: term id → decayed weight, in the order terms first arrived (the order a
 * Map would keep, so ties between equal weights break the same way wherever they are sorted).
 *
 * Assignment scores every item against dozens of candidate centroids, one lookup per item term:
 * an open-addressing table over typed arrays answers those lookups several times faster than a
 * Map<number, number>, and holds no boxed numbers for the collector to trace. Most of an item's
 * terms are not in a given centroid: a 512-bit filter of the terms present answers most of those
 * lookups from one cache line, where a table probe costs several memory reads.
 */
export class Centroid {
  /** Term ids and weights by position, in arrival order; positions below `size` are in use. */
  ids: Int32Array;
  weights: Float64Array;
  size = 0;
  /** Hash slot → position + 1 (0 is an empty slot); at most half full. */
  private table: Int32Array;
  /** Bit (id mod 512) set for every term present. */
  private readonly filter = new Int32Array(16);
  private shift: number;

  constructor(capacity = 16) {
    this.ids = new Int32Array(capacity);
    this.weights = new Float64Array(capacity);
    const bits = Math.max(4, Math.ceil(Math.log2(capacity * 2)));
    this.table = new Int32Array(1 << bits);
    this.shift = 32 - bits;
  }

  /** The centroid of these entries, in this order (ids must be distinct). */
  static from(ids: ArrayLike<number>, weights: ArrayLike<number>, count = ids.length): Centroid {
    const centroid = new Centroid(Math.max(16, count));
    for (let i = 0; i < count; i++) centroid.append(ids[i]!, weights[i]!);
    return centroid;
  }

  /** Position of a term, or −1. */
  position(id: number): number {
    if ((this.filter[(id >>> 5) & 15]! & (1 << (id & 31))) === 0) return -1;
    const table = this.table;
    const mask = table.length - 1;
    for (let slot = Math.imul(id, 0x9e3779b1) >>> this.shift; ; slot = (slot + 1) & mask) {
      const entry = table[slot]!;
      if (entry === 0) return -1;
      if (this.ids[entry - 1] === id) return entry - 1;
    }
  }

  has(id: number): boolean {
    return this.position(id) >= 0;
  }

  /** The term's weight; 0 for a term not in the centroid. */
  get(id: number): number {
    const at = this.position(id);
    return at < 0 ? 0 : this.weights[at]!;
  }

  /**
   * Adds to a term's weight (appending a new term) and returns the weight it had, or undefined
   * when it is new: the caller keeps the squared length up to date from the two.
   */
  add(id: number, delta: number): number | undefined {
    const at = this.position(id);
    if (at < 0) {
      this.append(id, delta);
      return undefined;
    }
    const before = this.weights[at]!;
    this.weights[at] = before + delta;
    return before;
  }

  /** Multiplies every weight (a change of epoch). */
  scale(factor: number): void {
    const weights = this.weights;
    for (let i = 0; i < this.size; i++) weights[i] = weights[i]! * factor;
  }

  private append(id: number, weight: number): void {
    if (this.size === this.ids.length) this.grow();
    const at = this.size++;
    this.ids[at] = id;
    this.weights[at] = weight;
    this.filter[(id >>> 5) & 15]! |= 1 << (id & 31);
    this.place(id, at);
  }

  private place(id: number, at: number): void {
    const table = this.table;
    const mask = table.length - 1;
    let slot = Math.imul(id, 0x9e3779b1) >>> this.shift;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = at + 1;
  }

  private grow(): void {
    const capacity = this.ids.length * 2;
    const ids = new Int32Array(capacity);
    ids.set(this.ids);
    const weights = new Float64Array(capacity);
    weights.set(this.weights);
    this.ids = ids;
    this.weights = weights;
    const bits = Math.ceil(Math.log2(capacity * 2));
    this.table = new Int32Array(1 << bits);
    this.shift = 32 - bits;
    for (let i = 0; i < this.size; i++) this.place(ids[i]!, i);
  }
}
