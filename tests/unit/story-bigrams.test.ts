import { describe, expect, it } from 'vitest';
import { addBigram, addBigramAt, type StoryState } from '../../server/trends/story-state.js';
import { bigrams, endsBigram, type Token } from '../../server/trends/tokenize.js';

let seed = 29;
function random(below: number): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % below;
}

/** Tokens from a small vocabulary: words, hashtag inner words, mentions, repeats, gaps. */
function randomTokens(count: number): Token[] {
  const keys = ['harbor', 'bridg', 'close', '#storm', '@port', '$acme', 'ship', 'pier'];
  const tokens: Token[] = [];
  for (let i = 0; i < count; i++) {
    const key = keys[random(keys.length)]!;
    const token: Token = { key, surface: key.toUpperCase(), word: random(5) !== 0 };
    if (random(4) !== 0) token.adjacent = random(6) !== 0;
    tokens.push(token);
  }
  return tokens;
}

/** bigrams() as it was written before endsBigram(): the reference. */
function referenceBigrams(tokens: Token[]): Array<{ key: string; surface: string }> {
  const pairs: Array<{ key: string; surface: string }> = [];
  let previous: Token | null = null;
  for (const token of tokens) {
    const first = token.key.charCodeAt(0);
    if (!token.word || first === 64 || first === 35 || first === 36) {
      previous = null;
      continue;
    }
    if (previous && token.adjacent && previous.key !== token.key) pairs.push({ key: `${previous.key} ${token.key}`, surface: `${previous.surface} ${token.surface}` });
    previous = token;
  }
  return pairs;
}

function story(): StoryState {
  return { bigrams: new Map() } as unknown as StoryState;
}

describe('story bigrams', () => {
  it('bigrams() finds the pairs the reference finds, on random token lists', () => {
    for (let round = 0; round < 2_000; round++) {
      const tokens = randomTokens(random(14));
      expect(bigrams(tokens)).toEqual(referenceBigrams(tokens));
    }
  });

  it('addBigramAt over endsBigram gives a story the bigrams addBigram over bigrams() gives, weights to the bit', () => {
    const viaPairs = story();
    const viaPositions = story();
    for (let round = 0; round < 3_000; round++) {
      const tokens = randomTokens(random(14));
      const weight = 0.1 + random(1_000) / 7;
      for (const pair of referenceBigrams(tokens)) addBigram(viaPairs, pair.key, pair.surface, weight);
      for (let t = 1; t < tokens.length; t++) if (endsBigram(tokens, t)) addBigramAt(viaPositions, tokens, t, weight);
      if (round % 100 === 0) expect([...viaPositions.bigrams.entries()]).toEqual([...viaPairs.bigrams.entries()]);
    }
    expect(viaPositions.bigrams.size).toBeGreaterThan(10);
    expect([...viaPositions.bigrams.entries()]).toEqual([...viaPairs.bigrams.entries()]);
  });
});
