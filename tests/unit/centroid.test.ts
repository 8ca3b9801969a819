import { describe, expect, it } from 'vitest';
import { Centroid } from '../../server/trends/centroid.js';
import { strongestFirst } from '../../server/trends/story-state.js';

/** A small deterministic generator: the same sequence on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x297a2d39) >>> 0;
    return state / 0x100000000;
  };
}

describe('story centroid', () => {
  it('holds what a Map would, in the order terms arrived, through growth and colliding ids', () => {
    const next = random(7);
    const centroid = new Centroid();
    const reference = new Map<number, number>();
    for (let step = 0; step < 5_000; step++) {
      // Ids spread over a wide range and multiples of 512 (which share a filter bit) both occur.
      const id = next() < 0.3 ? Math.floor(next() * 20) * 512 : Math.floor(next() * 3_000);
      const delta = Math.round(next() * 100) / 10;
      const before = centroid.add(id, delta);
      expect(before).toBe(reference.get(id));
      reference.set(id, (reference.get(id) ?? 0) + delta);
    }
    expect(centroid.size).toBe(reference.size);
    expect(Array.from(centroid.ids.subarray(0, centroid.size))).toEqual([...reference.keys()]);
    expect(Array.from(centroid.weights.subarray(0, centroid.size))).toEqual([...reference.values()]);
    for (let id = -5; id < 3_100; id++) {
      expect(centroid.get(id)).toBe(reference.get(id) ?? 0);
      expect(centroid.has(id)).toBe(reference.has(id));
    }
  });

  it('scales every weight and rebuilds from entries in their order', () => {
    const centroid = Centroid.from([9, 3, 700], [1, 2, 4]);
    centroid.scale(0.5);
    expect(Array.from(centroid.weights.subarray(0, 3))).toEqual([0.5, 1, 2]);
    expect(centroid.get(700)).toBe(2);
    expect(centroid.get(188)).toBe(0); // 700 mod 512: the same filter bit, not the same term
  });

  it('ranks terms strongest first with ties in arrival order, as a stable sort does, for any cut', () => {
    const next = random(11);
    for (let round = 0; round < 50; round++) {
      const count = 1 + Math.floor(next() * 200);
      const ids = Array.from({ length: count }, (_, i) => i * 7);
      // Few distinct weights: many ties.
      const weights = ids.map(() => Math.floor(next() * 6));
      const centroid = Centroid.from(ids, weights);
      const sorted = ids.map((_, i) => i).sort((a, b) => weights[b]! - weights[a]!);
      for (const cut of [1, 10, 40, count, count + 5]) expect(strongestFirst(centroid, cut)).toEqual(sorted.slice(0, cut));
    }
  });
});
