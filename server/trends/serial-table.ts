import { IntTable } from './int-table.js';

/**
 * Values by a numeric serial (the detector's stories by the serials its term index lists hold):
 * an IntTable from serial to a slot of an array, slots reused as values leave. Every item looks
 * up dozens of serials; a Map<number, T> answers each through a call into the runtime, the
 * table with a few reads of one typed array that inline where they are used.
 */
export class SerialTable<T> {
  private readonly slots = new IntTable(1_024);
  private readonly values: Array<T | undefined> = [];
  private readonly free: number[] = [];

  get size(): number {
    return this.slots.size;
  }

  get(serial: number): T | undefined {
    const slot = this.slots.get(serial);
    return slot < 0 ? undefined : this.values[slot];
  }

  /** Adds a value under a serial that holds none. */
  add(serial: number, value: T): void {
    const slot = this.free.pop() ?? this.values.length;
    if (this.slots.getOrPut(serial, slot) >= 0) {
      this.free.push(slot);
      throw new Error(`serial ${serial} is taken`);
    }
    this.values[slot] = value;
  }

  delete(serial: number): void {
    const slot = this.slots.get(serial);
    if (slot < 0) return;
    this.slots.deleteIf(serial, slot);
    // The slot lets go of its value: the table must not keep alive what was deleted.
    this.values[slot] = undefined;
    this.free.push(slot);
  }
}
