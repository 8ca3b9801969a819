import { describe, expect, it } from 'vitest';
import { IdTable, IntTable } from '../../server/trends/int-table.js';

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

describe('IdTable', () => {
  it('gives ids their handles, and frees them', () => {
    const table = new IdTable();
    expect(table.get('a')).toBe(-1);
    table.set('a', 0);
    table.set('b', 7);
    expect(table.get('a')).toBe(0);
    expect(table.get('b')).toBe(7);
    expect(table.idOf(7)).toBe('b');
    table.delete(0);
    expect(table.get('a')).toBe(-1);
    expect(table.idOf(0)).toBeUndefined();
    table.set('c', 0);
    expect(table.get('c')).toBe(0);
    expect(table.get('b')).toBe(7);
  });

  it('tells apart two ids of one hash, whichever goes first', () => {
    // FNV-1a gives these two the same 32 bits.
    const [first, second] = ['item-352798', 'item-1023240'];
    const table = new IdTable();
    table.set(first, 1);
    expect(table.get(second)).toBe(-1);
    table.set(second, 2);
    expect(table.get(first)).toBe(1);
    expect(table.get(second)).toBe(2);
    table.delete(1);
    expect(table.get(first)).toBe(-1);
    expect(table.get(second)).toBe(2);
    table.set(first, 3);
    expect(table.get(first)).toBe(3);
    table.delete(2);
    expect(table.get(second)).toBe(-1);
    expect(table.get(first)).toBe(3);
  });
});
