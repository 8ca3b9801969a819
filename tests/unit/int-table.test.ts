import { describe, expect, it } from 'vitest';
import { IntTable } from '../../server/trends/int-table.js';

describe('IntTable', () => {
  it('stores a value under a key once, the first value staying', () => {
    const table = new IntTable();
    expect(table.get(7)).toBe(-1);
    expect(table.getOrPut(7, 3)).toBe(-1);
    expect(table.getOrPut(7, 4)).toBe(3);
    expect(table.get(7)).toBe(3);
    expect(table.size).toBe(1);
  });

  it('removes a key only for the value it holds', () => {
    const table = new IntTable();
    table.getOrPut(-5, 1);
    table.deleteIf(-5, 2);
    expect(table.get(-5)).toBe(1);
    table.deleteIf(-5, 1);
    expect(table.get(-5)).toBe(-1);
    expect(table.size).toBe(0);
  });

  it('keeps every remaining key when it shrinks after most are deleted', () => {
    const table = new IntTable(16);
    for (let k = 0; k < 10_000; k++) table.getOrPut(Math.imul(k, 0x9e3779b1), k);
    for (let k = 0; k < 9_990; k++) table.deleteIf(Math.imul(k, 0x9e3779b1), k);
    expect(table.size).toBe(10);
    for (let k = 0; k < 10_000; k++) expect(table.get(Math.imul(k, 0x9e3779b1))).toBe(k < 9_990 ? -1 : k);
  });

  it('agrees with a Map over many puts and deletes, through growing and shrinking', () => {
    const table = new IntTable(16);
    const model = new Map<number, number>();
    let seed = 1;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    let disagreements = 0;
    const compare = () => {
      for (const [k, v] of model) if (table.get(k) !== v) disagreements += 1;
      if (table.size !== model.size) disagreements += 1;
    };
    // Keys from a small range collide often; full 32-bit keys include negatives.
    for (let step = 0; step < 200_000; step++) {
      const key = step % 3 === 0 ? random() | 0 : random() % 5_000;
      const value = random() % 1_000;
      const phase = Math.floor(step / 50_000) % 2; // fill, then mostly empty, and again
      if (random() % 10 < (phase === 0 ? 7 : 3)) {
        const expected = model.get(key) ?? -1;
        if (table.getOrPut(key, value) !== expected) disagreements += 1;
        if (expected < 0) model.set(key, value);
      } else {
        const held = model.get(key);
        const asked = held !== undefined && random() % 2 === 0 ? held : value;
        table.deleteIf(key, asked);
        if (held === asked) model.delete(key);
        if (table.get(key) !== (model.get(key) ?? -1)) disagreements += 1;
      }
      if (step % 9_973 === 0) compare();
    }
    compare();
    expect(disagreements).toBe(0);
    expect(table.size).toBe(model.size);
  });
});
