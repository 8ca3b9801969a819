import { describe, expect, it } from 'vitest';
import { findTokens, findWords, hashSpan, TOKEN, TokenSpans, WORD } from '../../server/trends/token-scanner.js';

function spansOf(find: (text: string, spans: TokenSpans) => void, text: string) {
  const spans = new TokenSpans();
  find(text, spans);
  const out: Array<{ match: string; url: boolean; hash: number }> = [];
  for (let i = 0; i < spans.count; i++) {
    out.push({ match: text.slice(spans.starts[i], spans.ends[i]), url: spans.urls[i] === 1, hash: spans.hashes[i]! });
  }
  return out;
}

const texts = [
  '',
  'Flooding in São Paulo',
  'RT @user_1: #WaldoCanyonFire update http://t.co/x7Fq and https://example.com/a-b?c=1 www.bbc.co.uk/news',
  'http:// https:/x wwwfoo www. xhttp://a.b httpfoo',
  '$AAPL $AAPL1 $ABCDEFG $abcdef. $A_ $é $',
  "don't it’s metro-north rock'n'roll trailing- '’-",
  '#a # @ ## @@x #São_Paulo #123 e\u0301 x\u0301\u0302y',
  'Ｆｕｌｌ ﬁre ①② ٣٤ 東京で地震 Привет мир ελληνικά हिन्दी ไทย',
  'tab\tand\nnew line\u00a0nbsp\u3000ideographic<http://q.com/a>"www.x.y"',
  'emoji 😀 fire 🔥 and 𝐁𝐨𝐥𝐝 letters, a lone \ud800 surrogate',
];

describe('token scanner', () => {
  it('finds the matches of TOKEN, with URLs marked and hashed as hashSpan has it', () => {
    for (const text of texts) {
      const expected = (text.match(TOKEN) ?? []).map(String);
      const found = spansOf(findTokens, text);
      expect(found.map((m) => m.match)).toEqual(expected);
      for (const m of found) {
        expect(m.url).toBe(/^(https?:\/\/|www\.)/.test(m.match));
        expect(m.hash).toBe(hashSpan(m.match, 0, m.match.length));
      }
    }
  });

  it('finds the matches of WORD', () => {
    for (const text of texts) {
      const lower = text.toLowerCase();
      expect(spansOf(findWords, lower).map((m) => m.match)).toEqual((lower.match(WORD) ?? []).map(String));
    }
  });

  it('agrees with the regexes on random strings of the characters the rules care about', () => {
    const pieces = ['h', 't', 'p', 's', ':', '/', 'w', '.', '$', '#', '@', '_', '-', "'", '’', 'a', 'Z', '1', ' ', '\n', '<', '"', 'é', '\u0301', '中', '\u00a0', '😀', 'http://', 'www.', 'AAPL'];
    let seed = 7;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let i = 0; i < 5_000; i++) {
      let text = '';
      for (let j = random(20); j > 0; j--) text += pieces[random(pieces.length)];
      expect(spansOf(findTokens, text).map((m) => m.match)).toEqual((text.match(TOKEN) ?? []).map(String));
      expect(spansOf(findWords, text).map((m) => m.match)).toEqual((text.match(WORD) ?? []).map(String));
    }
  });
});
