import { describe, expect, it } from 'vitest';
import { Centroid } from '../../server/trends/centroid.js';
import { ScatteredVector } from '../../server/trends/scattered-vector.js';

let seed = 3;
function random(): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 2 ** 32;
}

/** Distinct ids from [0, range) with positive weights; ids far apart and ids colliding mod 4,096 both occur. */
function sparse(count: number, range: number): { ids: number[]; weights: number[] } {
  const ids = new Set<number>();
  while (ids.size < count) ids.add(random() < 0.2 ? (4_096 * Math.floor(random() * 8) + 17) % range : Math.floor(random() * range));
  return { ids: [...ids], weights: [...ids].map(() => random() * 3) };
}

describe('ScatteredVector', () => {
  it('gives the dot products of a plain loop, to the last bit, on random vectors and centroids', () => {
    const scattered = new ScatteredVector();
    let compared = 0;
    for (let round = 0; round < 300; round++) {
      const range = round % 2 === 0 ? 300 : 50_000;
      const item = sparse(1 + Math.floor(random() * 80), range);
      scattered.scatter(item.ids, item.weights, range);
      for (let c = 0; c < 10; c++) {
        const other = sparse(1 + Math.floor(random() * 160), range);
        const centroid = Centroid.from(other.ids, other.weights);
        // bestStory's loop: over the item's terms, in order.
        let expected = 0;
        for (let i = 0; i < item.ids.length; i++) expected += item.weights[i]! * centroid.get(item.ids[i]!);
        expect(scattered.dot(centroid)).toBe(expected);
        // bestMatch's loop: over the other's terms, in order, against the scattered weights.
        const dense = new Float64Array(range);
        item.ids.forEach((id, i) => (dense[id] = item.weights[i]!));
        let along = 0;
        for (let i = 0; i < other.ids.length; i++) along += other.weights[i]! * dense[other.ids[i]!]!;
        expect(scattered.dotAlong(other.ids, other.weights)).toBe(along);
        compared += 1;
      }
      scattered.clear();
    }
    expect(compared).toBe(3_000);
  });

  it('forgets a vector once cleared', () => {
    const scattered = new ScatteredVector();
    scattered.scatter([5, 9], [1, 2], 16);
    scattered.clear();
    scattered.scatter([7], [3], 16);
    expect(scattered.dotAlong([5, 9, 7], [1, 1, 1])).toBe(3);
    expect(scattered.dot(Centroid.from([5, 9], [4, 4]))).toBe(0);
  });
});
