import { describe, expect, it } from 'vitest';
import { StampedSet } from '../../server/trends/stamped-set.js';

describe('StampedSet', () => {
  it('agrees with a Set over random adds and clears, growing past its first table', () => {
    const set = new StampedSet();
    const model = new Set<number>();
    let seed = 17;
    const random = (below: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % below;
    };
    let disagreements = 0;
    for (let step = 0; step < 100_000; step++) {
      if (random(200) === 0) {
        set.clear();
        model.clear();
        continue;
      }
      // Keys near one another (serials) and far apart, some colliding in the low bits.
      const key = random(3) === 0 ? 4_096 * random(64) : random(step < 50_000 ? 90 : 5_000);
      if (set.has(key) !== model.has(key)) disagreements += 1;
      const added = set.add(key);
      if (added === model.has(key)) disagreements += 1;
      model.add(key);
      if (set.size !== model.size) disagreements += 1;
    }
    expect(disagreements).toBe(0);
  });

  it('is empty after clear', () => {
    const set = new StampedSet();
    for (let key = 0; key < 1_000; key++) set.add(key * 7);
    set.clear();
    expect(set.size).toBe(0);
    expect(set.has(7)).toBe(false);
    expect(set.add(7)).toBe(true);
    expect(set.add(7)).toBe(false);
  });
});
