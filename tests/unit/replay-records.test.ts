import { describe, expect, it } from 'vitest';
import { ItemLog, type LoggedItem } from '../../server/trends/replay/item-log.js';
import { Column } from '../../server/trends/replay/columns.js';
import { SpilledStrings } from '../../server/trends/replay/spilled-strings.js';
import { StoryTotals, type StoryTotal } from '../../server/trends/replay/story-totals.js';

// The compact records a long replay keeps instead of an object per item or story, each held to a
// plain reference (arrays, maps, sets) on seeded random inputs.

/** A small seeded generator (mulberry32): the same inputs on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ['a', 'Z', '7', '-', '~', '\t', '\n', '\\', 't', 'n', 'é', '日', '😀', ' ', '='];

function text(next: () => number, max: number): string {
  let out = '';
  const length = Math.floor(next() * max);
  for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(next() * ALPHABET.length)]!;
  return out;
}

function loggedItems(count: number, seed: number): LoggedItem[] {
  const next = random(seed);
  return Array.from({ length: count }, (_, i) => ({
    id: next() < 0.8 ? `item-${i}` : text(next, 12),
    story: next() < 0.1 ? -1 : Math.floor(next() * 1_000),
    duplicateOf: next() < 0.7 ? null : next() < 0.1 ? '' : text(next, 10),
  }));
}

describe('ItemLog', () => {
  it('gives back every item in order when they stay in memory', () => {
    const items = loggedItems(500, 1);
    const log = new ItemLog();
    items.forEach((item) => log.push(item));
    const read: LoggedItem[] = [];
    log.forEach((item) => read.push(item));
    expect(log.size).toBe(500);
    expect(read).toEqual(items);
  });

  it('gives back every item in order from disk, with ids that hold tabs, newlines, backslashes and characters split across reads', () => {
    const items = loggedItems(5_000, 2);
    // Tiny spills and reads: many writes, and reads that end inside records and inside UTF-8 sequences.
    const log = new ItemLog({ spillChars: 97, readBytes: 61 });
    items.forEach((item) => log.push(item));
    const read: LoggedItem[] = [];
    log.forEach((item) => read.push(item));
    expect(read).toEqual(items);
    // Read twice: the file stays until the log is closed.
    let again = 0;
    log.forEach(() => (again += 1));
    expect(again).toBe(5_000);
    log.close();
    expect(log.size).toBe(0);
  });

  it('tells a copy of an item with an empty id from an original', () => {
    const log = new ItemLog({ spillChars: 1 });
    log.push({ id: 'a', story: 3, duplicateOf: '' });
    log.push({ id: 'b', story: 3, duplicateOf: null });
    const read: LoggedItem[] = [];
    log.forEach((item) => read.push(item));
    expect(read.map((item) => item.duplicateOf)).toEqual(['', null]);
  });
});

describe('SpilledStrings', () => {
  it('reads back each string by number, from disk or still in memory, whatever its characters', () => {
    const next = random(3);
    const strings = Array.from({ length: 10_000 }, () => text(next, 20));
    const packed = new SpilledStrings({ spillChars: 50 });
    strings.forEach((value, i) => {
      packed.push(value);
      // Read back while it grows, too: the newest string is in the pending chunk.
      expect(packed.get(i)).toBe(value);
    });
    expect(packed.size).toBe(strings.length);
    for (let i = strings.length - 1; i >= 0; i--) expect(packed.get(i)).toBe(strings[i]);
    packed.close();
  });

  it('reads back strings not yet written out', () => {
    const packed = new SpilledStrings();
    ['São Paulo', '', 'flood 🌊'].forEach((value) => packed.push(value));
    expect([0, 1, 2].map((n) => packed.get(n))).toEqual(['São Paulo', '', 'flood 🌊']);
  });
});

describe('Column', () => {
  it('grows and keeps what was pushed', () => {
    const column = new Column(Float64Array);
    const values = Array.from({ length: 5_000 }, (_, i) => i * 1.5);
    values.forEach((value) => column.push(value));
    expect(Array.from(column.values)).toEqual(values);
    column.set(4_999, -1);
    expect(column.get(4_999)).toBe(-1);
  });
});

describe('StoryTotals', () => {
  it('counts items, distinct sources, the first time and the longest window per story, through folds', () => {
    const next = random(4);
    const totals = new StoryTotals();
    // The reference: every item kept, and where each story's items went.
    const items: Array<{ story: number; source: number; at: number; hours: number }> = [];
    const movedTo = new Map<number, number>();
    for (let i = 0; i < 20_000; i++) {
      const story = Math.floor(next() * 300);
      const source = next() < 0.6 ? story % 5 : Math.floor(next() * 40);
      const at = Math.floor(next() * 1e9);
      const hours = [2, 3, 6, 8, -1][Math.floor(next() * 5)]!;
      totals.add(story, source, at, hours);
      items.push({ story, source, at, hours });
    }
    // Folds onto stories that stay (as a replay folds each merged story into its final one),
    // including onto stories that never took an item of their own.
    for (let from = 0; from < 300; from += 3) {
      const into = from % 2 === 0 ? 301 + (from % 7) : from + 1;
      movedTo.set(from, into);
      totals.fold(from, into);
    }
    const expected = new Map<number, { items: number; sources: Set<number>; firstSeen: number; windowHours: number }>();
    for (const item of items) {
      const story = movedTo.get(item.story) ?? item.story;
      const entry = expected.get(story) ?? { items: 0, sources: new Set<number>(), firstSeen: Infinity, windowHours: 0 };
      entry.items += 1;
      entry.sources.add(item.source);
      entry.firstSeen = Math.min(entry.firstSeen, item.at);
      entry.windowHours = Math.max(entry.windowHours, item.hours);
      expected.set(story, entry);
    }
    for (let n = 0; n < 310; n++) {
      const want = expected.get(n);
      const got: StoryTotal | null = totals.get(n);
      if (!want) {
        expect(got, `story ${n}`).toBeNull();
        continue;
      }
      expect(got, `story ${n}`).toEqual({ items: want.items, sources: want.sources.size, firstSeen: want.firstSeen, windowHours: want.windowHours });
      expect(totals.firstSeenOf(n)).toBe(want.firstSeen);
    }
  });
});
