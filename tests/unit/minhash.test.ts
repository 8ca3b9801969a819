import { describe, expect, it } from 'vitest';
import { bandKeysInto, hashWords, MinHasher, similarityAt } from '../../server/trends/minhash.js';
import { findWords, TokenSpans } from '../../server/trends/token-scanner.js';

// The straightforward forms of the index's hashes (as they were first written): the optimized
// ones must give the very same numbers, or remembered items would stop meeting their copies.
function mix(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
function hashInto(seed: number, text: string): number {
  let h = seed ^ 0x20;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ 0x20, 0x01000193);
}
function referenceFingerprint(words: string[]): number {
  const text = words.join(' ');
  return (mix(hashInto(0x811c9dc5, text)) >>> 11) * 0x100000000 + mix(hashInto(0x01234567, text));
}
function referenceSignature(words: string[], count: number, shingle: number): Uint32Array {
  const seeds = new Uint32Array(count * 2);
  let state = 0x9e3779b9;
  for (let i = 0; i < seeds.length; i++) {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x297a2d39) >>> 0;
    seeds[i] = state | 1;
  }
  const signature = new Uint32Array(count).fill(0xffffffff);
  const k = Math.min(shingle, words.length);
  for (let i = 0; i + k <= words.length; i++) {
    let base = 0x811c9dc5;
    for (let j = i; j < i + k; j++) base = hashInto(base, words[j]!);
    for (let h = 0; h < count; h++) {
      const value = mix((mix(base ^ seeds[2 * h]!) + seeds[2 * h + 1]!) | 0);
      if (value < signature[h]!) signature[h] = value;
    }
  }
  return signature;
}

const texts = ['', 'one', 'harbor bridge closed to traffic after a cargo ship strikes a support pier', 'são paulo 東京 ﬁre 2024 x y z', 'a a a a a a a a'];

describe('minhash', () => {
  it('gives the fingerprint and signatures of the straightforward forms', () => {
    for (const text of texts) {
      const spans = new TokenSpans();
      findWords(text, spans);
      const words = text.split(' ').filter(Boolean);
      expect(hashWords(text, spans)).toBe(referenceFingerprint(words));
      for (const [size, shingle] of [[48, 2], [7, 3], [1, 1], [10, 0]] as const) {
        const out = new Uint32Array(size + 3);
        new MinHasher(size).sign(text, spans, shingle, out, 3);
        expect(Array.from(out.subarray(3))).toEqual(Array.from(referenceSignature(words, size, shingle)));
      }
    }
  });

  it('keys bands and compares signatures in place', () => {
    const signature = new Uint32Array([1, 2, 3, 4, 5, 6]);
    const keys = new Int32Array(2);
    bandKeysInto(signature, 0, 3, keys);
    let key = Math.imul(2, 0x9e3779b1);
    for (const v of [4, 5, 6]) key = mix(key ^ v);
    expect(keys[1]).toBe(key | 0);
    const other = new Uint32Array([9, 9, 1, 2, 0, 4, 5, 6]);
    expect(similarityAt(signature, 0, other, 2, 6)).toBe(5 / 6);
  });
});
