/**
 * A set of integers emptied in constant time: each slot carries the generation it was filled
 * in, and clear() starts a new generation instead of wiping the slots.
 *
 * Every search for candidate stories (one per item, one per story in a merge pass) starts with
 * an empty set of the forgotten stories' serials it has met: a Set<number> cost an allocation of
 * its table on each add after a clear and a call into the runtime for each lookup; here both are
 * a few reads of two small typed arrays.
 */
export class StampedSet {
  private keys = new Int32Array(64);
  /** The generation each slot was filled in: a slot of an older one is empty. */
  private stamps = new Int32Array(64);
  private generation = 1;
  private count = 0;
  /** 32 − log2(capacity): a key's home slot is the top bits of its Fibonacci hash. */
  private shift = 26;

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.count = 0;
    this.generation += 1;
    if (this.generation === 0x7fffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  has(key: number): boolean {
    const mask = this.keys.length - 1;
    for (let slot = this.home(key); this.stamps[slot] === this.generation; slot = (slot + 1) & mask) {
      if (this.keys[slot] === key) return true;
    }
    return false;
  }

  /** Adds a key; false when it was there already. */
  add(key: number): boolean {
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let slot = this.home(key);
    for (; this.stamps[slot] === this.generation; slot = (slot + 1) & mask) {
      if (this.keys[slot] === key) return false;
    }
    this.keys[slot] = key;
    this.stamps[slot] = this.generation;
    this.count += 1;
    return true;
  }

  private home(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  private grow(): void {
    const keys = this.keys;
    const stamps = this.stamps;
    const generation = this.generation;
    this.keys = new Int32Array(2 * keys.length);
    this.stamps = new Int32Array(2 * keys.length);
    this.shift -= 1;
    this.count = 0;
    for (let i = 0; i < keys.length; i++) if (stamps[i] === generation) this.add(keys[i]!);
  }
}
