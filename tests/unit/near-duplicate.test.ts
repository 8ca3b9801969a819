import { describe, expect, it } from 'vitest';
import { copyWords, NearDuplicateIndex } from '../../server/trends/near-duplicate.js';

const story = 'Harbor Bridge closed to traffic after a cargo ship strikes a support pier, officials said on Monday';

describe('near-duplicate detection', () => {
  it('finds an exact copy whatever its case, punctuation, links and retweet prefix', () => {
    const index = new NearDuplicateIndex();
    expect(index.check('a', story)).toBeNull();
    expect(index.check('b', `RT @harbordaily: ${story.toUpperCase()}!! https://t.co/abc`)).toEqual({ of: 'a', exact: true, similarity: 1 });
  });

  it('finds a syndicated copy with a few words changed, and names the original', () => {
    const index = new NearDuplicateIndex();
    index.check('original', story);
    const syndicated = 'Harbor Bridge closed to traffic after a cargo ship strikes a support pier, officials said Monday (Reuters)';
    const match = index.check('copy', syndicated);
    expect(match).not.toBeNull();
    expect(match!.of).toBe('original');
    expect(match!.exact).toBe(false);
    expect(match!.similarity).toBeGreaterThanOrEqual(0.7);
  });

  it('does not take a different report of the same event for a copy', () => {
    const index = new NearDuplicateIndex();
    index.check('a', story);
    expect(index.check('b', 'Engineers spend the night inspecting the Harbor Bridge pier hit by a cargo vessel; reopening unclear')).toBeNull();
  });

  it('matches short texts only exactly', () => {
    const index = new NearDuplicateIndex();
    index.check('a', 'so bored right now');
    expect(index.check('b', 'so bored right now!')).toMatchObject({ of: 'a', exact: true });
    expect(index.check('c', 'so tired right now')).toBeNull();
  });

  it('remembers at most maxRemembered items, forgetting the oldest', () => {
    const index = new NearDuplicateIndex({ maxRemembered: 3 });
    const texts = [
      'Council approves the new budget for the harbor district after a long debate',
      'Local team wins the regional robotics championship for the third year running',
      'Drought eases as the Millbrook reservoir climbs back to seventy percent capacity',
      'Westmarch brewery wins gold at the national craft beer awards this weekend',
      'Dunmore Heights library reopens after a two year renovation of its reading rooms',
    ];
    for (const [i, text] of texts.entries()) index.check(`i${i}`, text);
    expect(index.size).toBe(3);
    expect(index.find(texts[0]!)).toBeNull();
    expect(index.find(texts[4]!)).toMatchObject({ of: 'i4', exact: true });
  });

  it('reads the words a copy would repeat', () => {
    expect(copyWords('RT @AP: Train derails in NYC http://t.co/x via @nbc')).toEqual(['train', 'derails', 'in', 'nyc']);
  });
});
