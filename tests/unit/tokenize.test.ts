import { describe, expect, it } from 'vitest';
import { bigrams, guessLanguage, normalizeText, tokenize, urlTokens } from '../../server/trends/tokenize.js';

const keys = (text: string) => tokenize(text).map((t) => t.key);

describe('tokenize', () => {
  it('keeps "São Paulo" whole, folds its accent for matching and keeps it for labels', () => {
    const tokens = tokenize('Flooding in São Paulo');
    expect(tokens.map((t) => t.key)).toEqual(['flood', 'sao', 'paulo']);
    expect(tokens.map((t) => t.surface)).toContain('São');
    // Written without the accent, it meets the same key.
    expect(keys('Sao Paulo')).toEqual(['sao', 'paulo']);
  });

  it('keeps a hashtag with its sigil and also counts the words inside it', () => {
    const k = keys('Doing the #IceBucketChallenge today');
    expect(k).toContain('#icebucketchallenge');
    expect(k).toEqual(expect.arrayContaining(['ic', 'bucket', 'challeng']));
    expect(keys('#WaldoCanyonFire')).toEqual(['#waldocanyonfire', 'waldo', 'canyon', 'fire']);
  });

  it('keeps mentions and cashtags, but not a dollar amount', () => {
    const k = keys('@user says $TSLA fell, costing $500');
    expect(k).toContain('@user');
    expect(k).toContain('$tsla');
    expect(k.some((key) => key.includes('500'))).toBe(false);
  });

  it('turns a URL into its host, never into path fragments, and drops link shorteners', () => {
    const k = keys('Read this https://www.example-news.com/2014/03/story?id=7 and http://t.co/x7Fq');
    expect(k).toContain('~example-news.com');
    expect(k.some((key) => key.includes('t.co') || key.includes('x7fq') || key.includes('2014'))).toBe(false);
  });

  it('reads the words of a readable slug in an item URL', () => {
    const k = urlTokens('http://www.expressandstar.com/entertainment/2014/03/11/zac-efron-im-up-for-hsm-reunion/').map((t) => t.key);
    expect(k).toEqual(['~expressandstar.com', 'zac', 'efron', 'hsm', 'reunion']);
  });

  it('drops stopwords and stems English; splits hyphenated words with natural’s tokenizer', () => {
    expect(keys('The bridges were closing after the Metro-North crash')).toEqual(['bridg', 'close', 'metro', 'north', 'crash']);
  });

  it('applies another language’s stopwords only to text in that language', () => {
    expect(guessLanguage(['el', 'sismo', 'de', 'la', 'ciudad', 'en', 'guatemala'])).toBe('es');
    expect(keys('el sismo de la ciudad en Guatemala')).toEqual(['sismo', 'ciudad', 'guatemala']);
    // "die" and "son" are Dutch and Spanish stopwords, but English words here.
    expect(keys('Father and son die in the crash')).toEqual(expect.arrayContaining(['son', 'die']));
  });

  it('decodes HTML entities, even doubly escaped ones, and applies NFKC', () => {
    expect(normalizeText('Fish &amp;amp; chips &gt; ﬁsh')).toBe('Fish & chips > fish');
  });

  it('makes readable bigrams only from adjacent words', () => {
    const pairs = bigrams(tokenize('Harbor Bridge closed after cargo ship strikes pier')).map((b) => b.surface);
    expect(pairs).toContain('Harbor Bridge');
    expect(pairs).toContain('cargo ship');
    expect(pairs).not.toContain('closed cargo');
  });
});
