import type { Centroid } from './centroid.js';

/**
 * A sparse vector (an item's terms, a story's core) scattered by term id, to score it against
 * many others: each other vector is read in order (its ids side by side in one array) and tested
 * against a small bit filter of this one's terms. Most terms of the other are not here: the bit
 * rules them out from one cache line, where a hash-table lookup per term (or a read of a dense
 * array spanning every term) costs several scattered reads, for each of the dozens of candidate
 * stories an item or a story has.
 *
 * Terms missing on either side add 0, so a dot product summed over the shared terms in the
 * order a plain loop would take them is that loop's sum to the last bit.
 */
export class ScatteredVector {
  /** Bit (id mod 4,096) set for each term here: 512 bytes that stay in the cache. */
  private readonly bits = new Int32Array(128);
  /** Term id → its position here + 1 (0: not here). */
  private positions = new Int32Array(0);
  private ids: ArrayLike<number> = [];
  private weights: ArrayLike<number> = [];
  /** dot()'s shared terms: positions here (ascending) and the centroid's weights. */
  private hitPositions = new Int32Array(64);
  private hitWeights = new Float64Array(64);

  /** Takes a vector's terms (distinct ids) and weights; `termCount` bounds the ids. */
  scatter(ids: ArrayLike<number>, weights: ArrayLike<number>, termCount: number): void {
    this.clear();
    if (this.positions.length < termCount) this.positions = new Int32Array(Math.max(termCount, 2 * this.positions.length));
    this.ids = ids;
    this.weights = weights;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      this.positions[id] = i + 1;
      this.bits[(id >>> 5) & 127]! |= 1 << (id & 31);
    }
  }

  /** Σ over this vector's terms, in its order, of weight × the centroid's weight of the term. */
  dot(centroid: Centroid): number {
    const ids = centroid.ids;
    const size = centroid.size;
    const bits = this.bits;
    let hits = 0;
    for (let j = 0; j < size; j++) {
      const id = ids[j]!;
      if ((bits[(id >>> 5) & 127]! & (1 << (id & 31))) === 0) continue;
      const position = this.positions[id]!;
      if (position !== 0) hits = this.insertHit(hits, position - 1, centroid.weights[j]!);
    }
    let dot = 0;
    for (let h = 0; h < hits; h++) dot += this.weights[this.hitPositions[h]!]! * this.hitWeights[h]!;
    return dot;
  }

  /** Σ over the given terms, in their order, of weight × this vector's weight of the term. */
  dotAlong(ids: ArrayLike<number>, weights: ArrayLike<number>): number {
    const bits = this.bits;
    let dot = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if ((bits[(id >>> 5) & 127]! & (1 << (id & 31))) === 0) continue;
      const position = this.positions[id]!;
      if (position !== 0) dot += weights[i]! * this.weights[position - 1]!;
    }
    return dot;
  }

  /** Forgets the vector (the positions are left zero for the next one). */
  clear(): void {
    for (let i = 0; i < this.ids.length; i++) this.positions[this.ids[i]!] = 0;
    this.bits.fill(0);
    this.ids = [];
    this.weights = [];
  }

  /** Keeps the hits sorted by position (insertion sort: two vectors share few terms). */
  private insertHit(hits: number, position: number, weight: number): number {
    if (hits === this.hitPositions.length) this.growHits();
    let at = hits;
    while (at > 0 && this.hitPositions[at - 1]! > position) {
      this.hitPositions[at] = this.hitPositions[at - 1]!;
      this.hitWeights[at] = this.hitWeights[at - 1]!;
      at -= 1;
    }
    this.hitPositions[at] = position;
    this.hitWeights[at] = weight;
    return hits + 1;
  }

  private growHits(): void {
    const positions = new Int32Array(2 * this.hitPositions.length);
    positions.set(this.hitPositions);
    const weights = new Float64Array(2 * this.hitWeights.length);
    weights.set(this.hitWeights);
    this.hitPositions = positions;
    this.hitWeights = weights;
  }
}
