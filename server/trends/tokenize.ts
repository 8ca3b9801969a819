import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { words as STOPWORD_LIST } from 'natural/lib/natural/util/stopwords.js';

export interface Token {
  /** What the index and vectors use: stemmed, lower case; hashtags and mentions keep their sigil. */
  key: string;
  /** The word as written, for labels. */
  surface: string;
}

const STOPWORDS = new Set([...STOPWORD_LIST, 'says', 'said', 'new', 'will', 'just', 'via', 'amp', 'rt']);

// natural's word tokenizer splits "São" and drops "#": this rule keeps letters of every script,
// inner apostrophes and hyphens, and the sigils of hashtags, mentions and cashtags.
const TOKEN = /[#@$]?[\p{L}\p{N}][\p{L}\p{M}\p{N}'’-]*/gu;
const URL = /\bhttps?:\/\/\S+/gi;

const STEM_CACHE_LIMIT = 50_000;
const stemCache = new Map<string, string>();

function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    // Porter is an English stemmer: other scripts pass through unstemmed.
    stemmed = /^[a-z]+$/.test(word) ? PorterStemmer.stem(word) : word;
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(URL, ' ');
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of normalizeText(text).matchAll(TOKEN)) {
    const surface = match[0].replace(/['’-]+$/, '');
    const lower = surface.toLowerCase();
    const sigil = /^[#@$]/.test(lower) ? lower[0]! : '';
    const word = sigil ? lower.slice(1) : lower;
    if (word.length < 2 || (!sigil && (STOPWORDS.has(word) || /^\d+$/.test(word)))) continue;
    tokens.push({ key: sigil ? `${sigil}${word}` : stem(word), surface });
  }
  return tokens;
}
