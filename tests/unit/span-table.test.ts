import { describe, expect, it } from 'vitest';
import { SpanTable } from '../../server/trends/span-table.js';
import { hashSpan } from '../../server/trends/token-scanner.js';

interface Entry {
  raw: string;
  n: number;
}

const find = (table: SpanTable<Entry>, text: string, start: number, end: number) => table.get(text, start, end, hashSpan(text, start, end));

describe('SpanTable', () => {
  it('finds an entry by a span of any text with the same characters', () => {
    const table = new SpanTable<Entry>(100);
    table.add({ raw: 'bridge', n: 1 }, hashSpan('bridge', 0, 6));
    expect(find(table, 'the bridge closed', 4, 10)?.n).toBe(1);
    expect(find(table, 'the bridges closed', 4, 11)).toBeUndefined();
    expect(find(table, 'a bridg', 2, 7)).toBeUndefined();
  });

  it('tells apart keys whose hashes collide', () => {
    const table = new SpanTable<Entry>(100);
    // Same (forced) hash, different keys: the comparison with the text decides.
    table.add({ raw: 'aa', n: 1 }, 42);
    table.add({ raw: 'bb', n: 2 }, 42);
    expect(table.get('xbb', 1, 3, 42)?.n).toBe(2);
    expect(table.get('aa', 0, 2, 42)?.n).toBe(1);
    expect(table.get('cc', 0, 2, 42)).toBeUndefined();
  });

  it('grows as needed and starts over when it reaches its limit', () => {
    const table = new SpanTable<Entry>(5_000);
    for (let i = 0; i < 5_000; i++) table.add({ raw: `w${i}`, n: i }, hashSpan(`w${i}`, 0, `w${i}`.length));
    expect(table.size).toBe(5_000);
    expect(find(table, 'w4321', 0, 5)?.n).toBe(4321);
    table.add({ raw: 'new', n: -1 }, hashSpan('new', 0, 3));
    expect(table.size).toBe(1);
    expect(find(table, 'w4321', 0, 5)).toBeUndefined();
    expect(find(table, 'new', 0, 3)?.n).toBe(-1);
  });
});
