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

  it('reads a text the same whether or not it is all ASCII', () => {
    const index = new NearDuplicateIndex();
    index.check('a', 'São Paulo floods close the main roads tonight');
    expect(index.check('b', 'SAO PAULO floods close the main roads tonight!')).toMatchObject({ of: 'a', exact: true });
    index.check('c', 'It’s raining in Harbor City again today');
    expect(index.check('d', "it's raining in harbor city again today")).toMatchObject({ of: 'c', exact: true });
  });

  it('reads a text folded character by character as folding it whole would', () => {
    const index = new NearDuplicateIndex();
    const texts = ['Café crème à la Île-de-France', 'İSTANBUL ΟΔΟΣ ΣΟΦΙΑΣ Σ', 'Ⅻ Ⓐ ﬁ Å 東京 한국어 ᄀ\u1161 e\u0301 \u0301x', 'naïve “quotes” — déjà vu…'];
    for (const [i, text] of texts.entries()) {
      index.check(`t${i}`, text);
      expect(index.find(copyWords(text).join(' '))).toMatchObject({ of: `t${i}`, exact: true });
    }
  });

  it('finds a longer copy with a few words changed, and not a text of other words', () => {
    const index = new NearDuplicateIndex();
    const words = 'the city council voted late on tuesday to close the old harbor bridge for repairs after inspectors found cracks in two of its support piers and traffic will be diverted through the tunnel'.split(' ');
    index.check('original', words.join(' '));
    const copy = [...words];
    copy[5] = 'wednesday';
    copy[20] = 'three';
    expect(index.check('copy', copy.join(' '))).toMatchObject({ of: 'original', exact: false });
    expect(index.check('other', 'a new bakery opened downtown this morning with a long queue of customers waiting for fresh bread and pastries')).toBeNull();
  });

  it('forgets an item on request, and remembers an id once', () => {
    const index = new NearDuplicateIndex();
    index.check('a', story);
    // Checked again, an id meets itself and stays remembered once.
    expect(index.check('a', story)).toMatchObject({ of: 'a', exact: true });
    expect(index.size).toBe(1);
    index.forgetItem('a');
    expect(index.size).toBe(0);
    expect(index.find(story)).toBeNull();
    index.forgetItem('a');
    index.check('b', story);
    expect(index.find(story)).toMatchObject({ of: 'b', exact: true });
  });

  it('meets copies of the items it still remembers, past many forgotten', () => {
    const index = new NearDuplicateIndex({ maxRemembered: 200 });
    const text = (n: number) => `report ${n} from the ${n % 7} district says road ${n * 3} closed after storm number ${n} hit overnight`;
    for (let n = 0; n < 2_000; n++) index.check(`i${n}`, text(n));
    expect(index.size).toBe(200);
    // A near copy (one word changed) of a remembered item, and of a forgotten one.
    expect(index.find(text(1_900).replace('overnight', 'yesterday'))).toMatchObject({ of: 'i1900', exact: false });
    expect(index.find(text(1_700).replace('overnight', 'yesterday'))).toBeNull();
  });

  it('reads the words a copy would repeat', () => {
    expect(copyWords('RT @AP: Train derails in NYC http://t.co/x via @nbc')).toEqual(['train', 'derails', 'in', 'nyc']);
    expect(copyWords(' rt @a: MT @b_2: Train derails')).toEqual(['train', 'derails']);
    // A mention that is no retweet's prefix nor a closing credit is part of what is said.
    expect(copyWords('@nbc Train derails via @nbc today')).toEqual(['nbc', 'train', 'derails', 'via', 'nbc', 'today']);
  });
});
