/**
 * Keys in the order they arrived, so a bounded memory can forget its oldest first.
 *
 * A Map iterates in insertion order, but taking its first key after many deletions from the front
 * walks over every deleted entry still in its table: on a stream that remembers one id and forgets
 * one per item, `map.keys().next()` grew slower with every item (a replay of a million items ran
 * at a third of its starting speed). A queue of the keys costs one slot per key and O(1) per step.
 */
export class ArrivalOrder<K> {
  private keys: Array<K | undefined> = [];
  private head = 0;

  get size(): number {
    return this.keys.length - this.head;
  }

  push(key: K): void {
    this.keys.push(key);
  }

  /** The oldest key, removed from the queue; undefined when it is empty. */
  shift(): K | undefined {
    if (this.head >= this.keys.length) return undefined;
    const key = this.keys[this.head]!;
    // A taken slot lets go of its key: the queue must not keep alive what the memory forgot.
    this.keys[this.head] = undefined;
    this.head += 1;
    // Drop the taken slots now and then, so the array does not keep every key ever pushed.
    if (this.head >= 1_024 && this.head * 2 >= this.keys.length) {
      this.keys = this.keys.slice(this.head);
      this.head = 0;
    }
    return key;
  }
}
