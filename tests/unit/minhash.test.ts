import { describe, expect, it } from 'vitest';
import { bandKeysInto, GOES_ON_WITH_WORD, hashWords, hashWordsInto, MinHasher, readWords, similarityAt, similarityToLowBits, STARTS_WORD, WordHashes } from '../../server/trends/minhash.js';
import { findWords, TokenSpans } from '../../server/trends/token-scanner.js';
import { fold } from '../../server/trends/tokenize.js';

function mix(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const notAscii = () => -1;

function fingerprint(text: string): number {
  const spans = new TokenSpans();
  findWords(text, spans);
  return hashWords(text, spans);
}

/** The word hashes of a text as the duplicate index reads a folded one. */
function wordHashesOf(text: string): WordHashes {
  const spans = new TokenSpans();
  findWords(text, spans);
  const hashes = new WordHashes();
  hashWordsInto(text, spans, hashes);
  return hashes;
}

function signatureOf(hasher: MinHasher, text: string): Uint32Array {
  const hashes = wordHashesOf(text);
  const out = new Uint32Array(hasher.size);
  hasher.sign(hashes.values, hashes.count, 2, out, 0);
  return out;
}

function shingles(words: string[]): Set<string> {
  const set = new Set<string>();
  for (let i = 0; i + 2 <= words.length; i++) set.add(`${words[i]} ${words[i + 1]}`);
  return set;
}

/** A deterministic generator, so a failure can be replayed. */
function randomSource(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('minhash', () => {
  it('fingerprints the words in order, whatever their case and what lies between them', () => {
    expect(fingerprint('Harbor BRIDGE, closed!')).toBe(fingerprint('harbor bridge closed'));
    expect(fingerprint('  harbor -- bridge\tclosed ')).toBe(fingerprint('harbor bridge closed'));
    expect(fingerprint('bridge harbor closed')).not.toBe(fingerprint('harbor bridge closed'));
    expect(fingerprint('harbor bridge closed today')).not.toBe(fingerprint('harbor bridge closed'));
    expect(fingerprint('harbor bridgeclosed')).not.toBe(fingerprint('harbor bridge closed'));
    // 53 bits, and no collision among many texts differing in one word or in order.
    const seen = new Set<number>();
    for (let n = 0; n < 20_000; n++) {
      const value = fingerprint(`report ${n} of ${n % 97} and ${(n * 7) % 13}`);
      expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
      seen.add(value);
    }
    expect(seen.size).toBe(20_000);
  });

  it('reads an ASCII text in one pass as findWords and hashWordsInto read it folded', () => {
    const random = randomSource(7);
    const cases = ['', '   ', '!!', 'a', ' a ', 'x-ray', "it's 5 o'clock", 'RT @user: Harbor BRIDGE closed!!', 'one two  three\tfour\nfive'];
    // Random texts of letters, digits and separators, longer than the initial arrays.
    for (let n = 0; n < 50; n++) {
      let text = '';
      const length = Math.floor(random() * 400);
      for (let i = 0; i < length; i++) text += 'aZ09 .-_\'/'.charAt(Math.floor(random() * 10));
      cases.push(text);
    }
    for (const text of cases) {
      const fast = new WordHashes();
      const folded = fold(text);
      const spans = new TokenSpans();
      findWords(folded, spans);
      const slow = new WordHashes();
      expect(readWords(text, fast, notAscii)).toBe(hashWordsInto(folded, spans, slow));
      expect(fast.count).toBe(slow.count);
      expect(Array.from(fast.values.subarray(0, fast.count))).toEqual(Array.from(slow.values.subarray(0, slow.count)));
    }
    expect(readWords('São Paulo', new WordHashes(), notAscii)).toBe(-1);
  });

  it('reads other units as it is told, or gives up', () => {
    const letter = STARTS_WORD | GOES_ON_WITH_WORD;
    const hashes = new WordHashes();
    expect(readWords('São Paulo', hashes, (unit) => (unit === 0xe3 ? 0x61 | letter : -1))).toBe(fingerprint('sao paulo'));
    expect(hashes.count).toBe(2);
    expect(readWords('São Paulo', hashes, () => -1)).toBe(-1);
    // A unit that goes on with a word and is hashed as nothing (a combining mark), and one that is no word character.
    expect(readWords('Sa\u0303o\u2014Paulo', hashes, (unit) => (unit === 0x303 ? GOES_ON_WITH_WORD : 0))).toBe(fingerprint('sao paulo'));
    // A unit that only goes on with a word starts none.
    expect(readWords('\u0303o', hashes, () => GOES_ON_WITH_WORD)).toBe(fingerprint('o'));
  });

  it('estimates the Jaccard similarity of word-bigram sets without bias', () => {
    const hasher = new MinHasher(48);
    const random = randomSource(42);
    const vocabulary = Array.from({ length: 2_000 }, (_, i) => `w${i}`);
    const pick = () => vocabulary[Math.floor(random() * vocabulary.length)]!;
    let error = 0;
    let squared = 0;
    const pairs = 400;
    for (let n = 0; n < pairs; n++) {
      // Texts of 6 to 60 words (most bins empty for the short ones), the copy with some words replaced.
      const words = Array.from({ length: 6 + Math.floor(random() * 55) }, pick);
      const changed = Math.floor(random() * words.length * 0.4);
      const copy = [...words];
      for (let i = 0; i < changed; i++) copy[Math.floor(random() * copy.length)] = pick();
      const a = shingles(words);
      const b = shingles(copy);
      const shared = [...a].filter((s) => b.has(s)).length;
      const truth = shared / (a.size + b.size - shared);
      const estimate = similarityAt(signatureOf(hasher, words.join(' ')), 0, signatureOf(hasher, copy.join(' ')), 0, 48);
      error += estimate - truth;
      squared += (estimate - truth) ** 2;
    }
    // About 0.06 here (48 independent permutations: 0.065); a bin left empty would agree always.
    expect(Math.abs(error / pairs)).toBeLessThan(0.02);
    expect(Math.sqrt(squared / pairs)).toBeLessThan(0.075);
  });

  it('signs alike what reads alike, and fills every bin of a short text from its few shingles', () => {
    const hasher = new MinHasher(48);
    const text = 'harbor bridge closed to traffic';
    expect(Array.from(signatureOf(new MinHasher(48), text))).toEqual(Array.from(signatureOf(hasher, text)));
    // Four shingles, four hashes each: at most 16 distinct values, copied into the empty bins.
    const values = new Set(signatureOf(hasher, text));
    expect(values.size).toBeGreaterThan(1);
    expect(values.size).toBeLessThanOrEqual(16);
    // Word order counts: the reverse shares no bigram.
    expect(similarityAt(signatureOf(hasher, text), 0, signatureOf(hasher, 'traffic to closed bridge harbor'), 0, 48)).toBeLessThan(0.3);
    // No words still make a signature (of one empty shingle).
    const empty = new Uint32Array(48);
    hasher.sign(new Int32Array(0), 0, 2, empty, 0);
    expect(new Set(empty).size).toBeLessThanOrEqual(4);
  });

  it('keys bands and compares signatures in place', () => {
    const signature = new Uint32Array([1, 2, 3, 4, 5, 6]);
    const keys = new Int32Array(2);
    bandKeysInto(signature, 0, 3, keys);
    let key = Math.imul(2, 0x9e3779b1);
    for (const v of [4, 5, 6]) key = Math.imul(key ^ v, 0x01000193);
    expect(keys[1]).toBe(mix(key) | 0);
    // Equal rows in another band make another key.
    bandKeysInto(new Uint32Array([4, 5, 6, 4, 5, 6]), 0, 3, keys);
    expect(keys[0]).not.toBe(keys[1]);
    const other = new Uint32Array([9, 9, 1, 2, 0, 4, 5, 6]);
    expect(similarityAt(signature, 0, other, 2, 6)).toBe(5 / 6);
    // Kept in their low 16 bits: the same share.
    const wide = new Uint32Array([0x10001, 0x20002, 0x30003, 0x40004]);
    expect(similarityToLowBits(wide, new Uint16Array([7, 1, 2, 0, 4, 7]), 1, 4)).toBe(3 / 4);
  });
});
