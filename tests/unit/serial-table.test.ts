import { describe, expect, it } from 'vitest';
import { SerialTable } from '../../server/trends/serial-table.js';

describe('SerialTable', () => {
  it('finds what was added until it is deleted', () => {
    const table = new SerialTable<string>();
    expect(table.get(3)).toBeUndefined();
    table.add(3, 'three');
    table.add(70_000, 'big');
    expect(table.get(3)).toBe('three');
    expect(table.get(70_000)).toBe('big');
    expect(() => table.add(3, 'again')).toThrow();
    table.delete(3);
    expect(table.get(3)).toBeUndefined();
    expect(table.get(70_000)).toBe('big');
    expect(table.size).toBe(1);
  });

  it('agrees with a Map over random adds and deletes, slots being reused', () => {
    const table = new SerialTable<{ serial: number }>();
    const model = new Map<number, { serial: number }>();
    let seed = 11;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    let next = 1;
    let disagreements = 0;
    for (let step = 0; step < 100_000; step++) {
      // Serials only grow, as the detector's do; deletions hit old and new ones.
      if (random() % 100 < 55) {
        const value = { serial: next };
        table.add(next, value);
        model.set(next, value);
        next += 1 + (random() % 3);
      } else {
        const serial = 1 + (random() % next);
        table.delete(serial);
        model.delete(serial);
      }
      const probe = 1 + (random() % (next + 10));
      if (table.get(probe) !== model.get(probe)) disagreements += 1;
      if (table.size !== model.size) disagreements += 1;
    }
    for (const [serial, value] of model) if (table.get(serial) !== value) disagreements += 1;
    expect(disagreements).toBe(0);
  });
});
