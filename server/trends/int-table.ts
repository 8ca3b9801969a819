/**
 * A hash table from 32-bit integer keys to small non-negative integers, in one typed array (the
 * duplicate index's fingerprints and ids, the detector's story serials). A Map boxes every key
 * outside the small-integer range and spreads an entry over several objects; here a lookup
 * reads one cache line (key and value side by side, linear probing), and deletion shifts
 * entries back instead of leaving tombstones, so lookups stay short.
 */
export class IntTable {
  /** [key, value + 1] per slot; value + 1 = 0 marks an empty slot. */
  private slots: Int32Array;
  private mask: number;
  /** 32 − log2(capacity): the home slot is the top bits of a Fibonacci hash of the key. */
  private shift: number;
  private readonly minCapacity: number;
  private count = 0;
  /** Where prefetch() leaves what it read, so the reads are not optimized away. */
  private touched = 0;

  constructor(capacity = 1_024) {
    this.minCapacity = Math.max(16, 2 ** Math.ceil(Math.log2(capacity)));
    this.slots = new Int32Array(this.minCapacity * 2);
    this.mask = this.minCapacity - 1;
    this.shift = 32 - Math.log2(this.minCapacity);
  }

  get size(): number {
    return this.count;
  }

  /** The value under key, or −1. */
  get(key: number): number {
    const slots = this.slots;
    for (let i = this.home(key); ; i = (i + 1) & this.mask) {
      const stored = slots[2 * i + 1]!;
      if (stored === 0) return -1;
      if (slots[2 * i] === key) return stored - 1;
    }
  }

  /** The value under key; or, when there is none, −1 after storing `value` there. */
  getOrPut(key: number, value: number): number {
    if ((this.count + 1) * 2 > this.mask + 1) this.resize((this.mask + 1) * 2);
    const slots = this.slots;
    for (let i = this.home(key); ; i = (i + 1) & this.mask) {
      const stored = slots[2 * i + 1]!;
      if (stored === 0) {
        slots[2 * i] = key;
        slots[2 * i + 1] = value + 1;
        this.count += 1;
        return -1;
      }
      if (slots[2 * i] === key) return stored - 1;
    }
  }

  /** Removes key if it holds `value` (an owner removes only its own entries). */
  deleteIf(key: number, value: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let i = this.home(key);
    for (; ; i = (i + 1) & mask) {
      const stored = slots[2 * i + 1]!;
      if (stored === 0) return;
      if (slots[2 * i] === key) {
        if (stored !== value + 1) return;
        break;
      }
    }
    // Backward shift: move up each later entry of the run that may sit in the hole, so every
    // entry stays reachable from its home slot without tombstones.
    let hole = i;
    for (let j = (i + 1) & mask; slots[2 * j + 1] !== 0; j = (j + 1) & mask) {
      const home = this.home(slots[2 * j]!);
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        slots[2 * hole] = slots[2 * j]!;
        slots[2 * hole + 1] = slots[2 * j + 1]!;
        hole = j;
      }
    }
    slots[2 * hole + 1] = 0;
    this.count -= 1;
    if (this.count * 8 < this.mask + 1 && this.mask + 1 > this.minCapacity) this.resize((this.mask + 1) / 2);
  }

  /**
   * Reads the home slots of keys[from…to) before they are looked up: independent reads, so the
   * CPU waits for their cache misses together rather than one lookup after another.
   */
  prefetch(keys: Int32Array, from: number, to: number): void {
    const slots = this.slots;
    let touched = 0;
    for (let i = from; i < to; i++) touched ^= slots[2 * this.home(keys[i]!)]!;
    this.touched = touched;
  }

  private home(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  private resize(capacity: number): void {
    const old = this.slots;
    this.slots = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
    this.count = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== 0) this.getOrPut(old[i]!, old[i + 1]! - 1);
  }
}

/**
 * Ids to handles (small non-negative integers, each held by one id at a time): the remembered
 * items of the duplicate index. An IntTable over a 32-bit hash of the id, each answer confirmed
 * against the id kept at its handle: a lookup reads a slot of one typed array (a Map's also
 * reads the strings it compares, scattered over the heap), and a delete needs no string. Two
 * ids of one hash: the later one goes to a Map (about once in 86,000 ids with 50,000 held).
 */
export class IdTable {
  private readonly table = new IntTable();
  private readonly colliding = new Map<string, number>();
  /** By handle: the id, and its hash (undefined and anything when the handle is free). */
  private readonly ids: Array<string | undefined> = [];
  private hashes = new Int32Array(64);
  /** The id get() hashed last, and its hash: set() is asked next for the same id. */
  private lastId = '';
  private lastHash = hashId('');

  /** The handle of `id`, or −1. */
  get(id: string): number {
    this.lastId = id;
    this.lastHash = hashId(id);
    const held = this.table.get(this.lastHash);
    if (held >= 0 && this.ids[held] === id) return held;
    return this.colliding.size === 0 ? -1 : (this.colliding.get(id) ?? -1);
  }

  /** The id held by `handle`, if any. */
  idOf(handle: number): string | undefined {
    return this.ids[handle];
  }

  /** Gives `handle` (free) to `id` (held by no handle). */
  set(id: string, handle: number): void {
    const hash = id === this.lastId ? this.lastHash : hashId(id);
    if (this.table.getOrPut(hash, handle) >= 0) this.colliding.set(id, handle);
    this.ids[handle] = id;
    if (handle >= this.hashes.length) {
      const grown = new Int32Array(Math.max(handle + 1, this.hashes.length * 2));
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[handle] = hash;
  }

  /** Frees `handle` (held). */
  delete(handle: number): void {
    const id = this.ids[handle]!;
    this.table.deleteIf(this.hashes[handle]!, handle);
    if (this.colliding.size > 0 && this.colliding.get(id) === handle) this.colliding.delete(id);
    this.ids[handle] = undefined;
  }
}

/** FNV-1a of the id's UTF-16 code units. */
function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h;
}
