import { describe, expect, it } from 'vitest';
import { DocumentFrequencies } from '../../server/trends/document-frequencies.js';

describe('DocumentFrequencies', () => {
  it('holds nothing for an id never added, and keeps what is added', () => {
    const frequencies = new DocumentFrequencies();
    expect(frequencies.get(5)).toBe(0);
    expect(frequencies.has(5)).toBe(false);
    expect(frequencies.add(5, 1.5)).toBe(1.5);
    expect(frequencies.add(5, 1)).toBe(2.5);
    expect(frequencies.has(5)).toBe(true);
    expect(frequencies.size).toBe(1);
    frequencies.delete(5);
    expect(frequencies.has(5)).toBe(false);
    expect(frequencies.get(5)).toBe(0);
    expect(frequencies.size).toBe(0);
  });

  it('agrees with a Map (values and iteration order) over random adds, deletes, scaling and renumbering', () => {
    let frequencies = new DocumentFrequencies();
    let model = new Map<number, number>();
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    let range = 3_000;
    for (let step = 0; step < 60_000; step++) {
      const id = random() % range;
      const roll = random() % 100;
      if (roll < 70) {
        const delta = (random() % 1_000) / 7;
        const expected = (model.get(id) ?? 0) + delta;
        model.set(id, expected);
        expect(frequencies.add(id, delta)).toBe(expected);
      } else if (roll < 97) {
        model.delete(id);
        frequencies.delete(id);
      } else if (roll < 99) {
        const factor = 0.5 + (random() % 100) / 200;
        for (const [key, value] of model) model.set(key, value * factor);
        frequencies.scale(factor);
      } else {
        // Renumber the present ids densely in their order, as the detector's compaction does.
        const remap = new Int32Array(range).fill(-1);
        let next = 0;
        const renumbered = new Map<number, number>();
        for (const [key, value] of model) {
          remap[key] = next;
          renumbered.set(next, value);
          next += 1;
        }
        frequencies = frequencies.renumbered(remap, next);
        model = renumbered;
        range = Math.max(next + 500, 1_000);
      }
      if (step % 1_000 === 0) {
        expect(frequencies.ids()).toEqual([...model.keys()]);
        for (const [key, value] of model) expect(frequencies.get(key)).toBe(value);
      }
      expect(frequencies.size).toBe(model.size);
    }
    expect(frequencies.ids()).toEqual([...model.keys()]);
  });
});
