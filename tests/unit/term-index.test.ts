import { describe, expect, it } from 'vitest';
import { TermIndex } from '../../server/trends/term-index.js';

let seed = 5;
function random(below: number): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed % below;
}

/** The index as the detector kept it before: a Map of capped lists, most recent last. */
class ReferenceIndex {
  readonly lists = new Map<number, number[]>();
  refresh(id: number, serial: number, cap: number): void {
    let list = this.lists.get(id);
    if (!list) this.lists.set(id, (list = []));
    const at = list.lastIndexOf(serial);
    if (at === list.length - 1 && at >= 0) return;
    if (at >= 0) list.splice(at, 1);
    list.push(serial);
    if (list.length > cap) list.shift();
  }
  remove(id: number, serial: number): void {
    const list = this.lists.get(id);
    if (!list) return;
    const at = list.indexOf(serial);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.lists.delete(id);
  }
}

function sameLists(index: TermIndex, reference: ReferenceIndex, range: number): boolean {
  for (let id = 0; id < range; id++) {
    const got = index.get(id);
    const want = reference.lists.get(id);
    if (JSON.stringify(got) !== JSON.stringify(want)) return false;
  }
  return JSON.stringify(index.ids()) === JSON.stringify([...reference.lists.keys()].sort((a, b) => a - b));
}

describe('TermIndex', () => {
  it('keeps the lists a Map of capped lists keeps, over random refreshes, removals and deletions', () => {
    const index = new TermIndex();
    const reference = new ReferenceIndex();
    const range = 300;
    let checked = 0;
    for (let step = 0; step < 60_000; step++) {
      const id = random(range);
      const serial = 1 + random(40);
      const roll = random(100);
      if (roll < 75) {
        index.refresh(id, serial, 6);
        reference.refresh(id, serial, 6);
      } else if (roll < 97) {
        index.remove(id, serial);
        reference.remove(id, serial);
      } else {
        index.delete(id);
        reference.lists.delete(id);
      }
      if (step % 997 === 0) {
        expect(sameLists(index, reference, range + 5)).toBe(true);
        checked += 1;
      }
    }
    expect(sameLists(index, reference, range + 5)).toBe(true);
    expect(checked).toBeGreaterThan(50);
  });

  it('moves every list to its new id when renumbered', () => {
    const index = new TermIndex();
    index.refresh(2, 7, 4);
    index.refresh(9, 8, 4);
    index.refresh(9, 7, 4);
    const remap = new Int32Array(10).fill(-1);
    remap[2] = 1;
    remap[9] = 0;
    const next = index.renumbered(remap);
    expect(next.get(0)).toEqual([8, 7]);
    expect(next.get(1)).toEqual([7]);
    expect(next.get(2)).toBeUndefined();
    expect(next.ids()).toEqual([0, 1]);
  });
});
