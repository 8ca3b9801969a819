import { decodeHTML } from 'entities';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { WordTokenizer } from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';
import { words as STOPWORD_LIST } from 'natural/lib/natural/util/stopwords.js';
import { words as STOPWORDS_ES } from 'natural/lib/natural/util/stopwords_es.js';
import { words as STOPWORDS_FR } from 'natural/lib/natural/util/stopwords_fr.js';
import { words as STOPWORDS_ID } from 'natural/lib/natural/util/stopwords_id.js';
import { words as STOPWORDS_IT } from 'natural/lib/natural/util/stopwords_it.js';
import { words as STOPWORDS_NL } from 'natural/lib/natural/util/stopwords_nl.js';
import { words as STOPWORDS_PT } from 'natural/lib/natural/util/stopwords_pt.js';

export interface Token {
  /**
   * What the index and vectors use: lower case, diacritics folded, English words stemmed;
   * hashtags, mentions and cashtags keep their sigil.
   */
  key: string;
  /** The word as written, for labels. */
  surface: string;
  /** False for tokens that only echo another (the words inside a hashtag, a URL's): no bigrams with them. */
  word: boolean;
  /** True when the token directly follows the previous one in the text (no stopword between). */
  adjacent?: boolean;
}

const STOPWORDS = new Set([
  ...STOPWORD_LIST,
  'says', 'said', 'new', 'will', 'just', 'via', 'amp', 'rt', 'im', 'dont', 'cant', 'get', 'got', 'one', 'like', 'now', 'us',
  'can', 'would', 'could', 'also', 'still', 'yet', 'lol', 'u', 'ur', 'gt', 'lt', 'http', 'https', 'www', 'com',
]);

// natural's word tokenizer splits "São" and drops "#": this rule runs first and keeps URLs whole,
// letters of every script with their combining marks, inner apostrophes and hyphens, and the
// sigils of hashtags, mentions and cashtags. Plain ASCII runs with inner punctuation then go
// through natural's WordTokenizer ("metro-north" → "metro", "north").
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+|\bwww\.[^\s<>"']+/giu;
const TOKEN = /https?:\/\/[^\s<>"']+|www\.[^\s<>"']+|\$[A-Za-z]{1,6}\b|[#@][\p{L}\p{N}_]+|[\p{L}\p{N}][\p{L}\p{M}\p{N}'’-]*/gu;
const ASCII_WORD = /^[a-z0-9]+$/;
const LETTERS = /^[a-z]+$/;
const DIGITS = /^\d+$/;
const COMBINING = /\p{M}+/gu;
const CAMEL = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g;

const wordTokenizer = new WordTokenizer();

const STEM_CACHE_LIMIT = 50_000;
const stemCache = new Map<string, string>();

/**
 * Other languages' stopwords apply only to a text that reads as that language (more of its
 * stopwords than English ones): "die", "son" and "come" are English words too.
 */
const FOREIGN_STOPWORDS: ReadonlyArray<readonly [string, ReadonlySet<string>]> = [
  ['es', new Set(STOPWORDS_ES.map((w) => fold(w)))],
  ['fr', new Set(STOPWORDS_FR.map((w) => fold(w)))],
  ['pt', new Set(STOPWORDS_PT.map((w) => fold(w)))],
  ['it', new Set(STOPWORDS_IT.map((w) => fold(w)))],
  ['nl', new Set(STOPWORDS_NL.map((w) => fold(w)))],
  ['id', new Set(STOPWORDS_ID.map((w) => fold(w)))],
];
const ENGLISH_MARKERS = new Set(['the', 'and', 'of', 'to', 'is', 'in', 'for', 'on', 'with', 'was', 'are', 'at', 'this', 'that', 'it', 'be', 'by', 'from', 'has', 'have']);

/** Word → which languages it marks: bit i for FOREIGN_STOPWORDS[i] (not an English marker), ENGLISH_BIT for English. */
const ENGLISH_BIT = 1 << FOREIGN_STOPWORDS.length;
const LANGUAGE_MARKS = new Map<string, number>();
for (const word of ENGLISH_MARKERS) LANGUAGE_MARKS.set(word, ENGLISH_BIT);
FOREIGN_STOPWORDS.forEach(([, set], i) => {
  for (const word of set) if (!ENGLISH_MARKERS.has(word)) LANGUAGE_MARKS.set(word, (LANGUAGE_MARKS.get(word) ?? 0) | (1 << i));
});

/** The language whose stopwords a text uses most, if not English (a cheap guess; null = English). */
export function guessLanguage(words: readonly string[]): string | null {
  let english = 0;
  let counts: number[] | null = null;
  for (const w of words) {
    const marks = LANGUAGE_MARKS.get(w);
    if (marks === undefined) continue;
    if (marks === ENGLISH_BIT) {
      english += 1;
      continue;
    }
    counts ??= new Array<number>(FOREIGN_STOPWORDS.length).fill(0);
    for (let i = 0; i < FOREIGN_STOPWORDS.length; i++) if (marks & (1 << i)) counts[i]! += 1;
  }
  if (!counts) return null;
  let best: string | null = null;
  let bestCount = Math.max(1, english);
  for (let i = 0; i < FOREIGN_STOPWORDS.length; i++) {
    if (counts[i]! > bestCount) {
      best = FOREIGN_STOPWORDS[i]![0];
      bestCount = counts[i]!;
    }
  }
  return best;
}


/** Porter stem through a bounded cache: most words of a stream repeat. Other scripts pass through. */
export function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed = LETTERS.test(word) ? PorterStemmer.stem(word) : word;
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

/** Lower case with diacritics folded: "São" and "Sao" meet. */
export function fold(word: string): string {
  const lower = word.toLowerCase();
  // Only non-ASCII words pay for the decomposition.
  for (let i = 0; i < lower.length; i++) {
    if (lower.charCodeAt(i) > 127) return lower.normalize('NFD').replace(COMBINING, '').normalize('NFC');
  }
  return lower;
}

/**
 * Unicode NFKC, HTML entities decoded (twice, for the doubly escaped "&amp;gt;" of many feeds),
 * whitespace collapsed. URLs stay: tokenize() and the duplicate check decide what they mean.
 */
export function normalizeText(text: string): string {
  let out = text.normalize('NFKC');
  for (let i = 0; i < 2 && out.includes('&'); i++) out = decodeHTML(out);
  return out.replace(/\s+/g, ' ').trim();
}

/** The text without URLs, for fingerprints and shingles. */
export function stripUrls(text: string): string {
  return text.replace(URL_PATTERN, ' ');
}

/**
 * Words a URL contributes: its host (as "~host") and the words of a readable slug
 * ("/2014/03/11/zac-efron-im-up-for-hsm-reunion/" → zac, efron, hsm, reunion). Short-link paths
 * (t.co/x7Fq) and numeric ids say nothing and are dropped.
 */
export function urlTokens(url: string): Token[] {
  const match = /^(?:https?:\/\/)?([^/?#\s]+)([^?#\s]*)/i.exec(url);
  if (!match) return [];
  const host = match[1]!.toLowerCase().replace(/^www\./, '').replace(/:\d+$/, '');
  const tokens: Token[] = [];
  // Short hosts are link shorteners (t.co, bit.ly): they say nothing about the story.
  if (host.includes('.') && host.length > 6) tokens.push({ key: `~${host}`, surface: host, word: false });
  for (const segment of (match[2] ?? '').split('/')) {
    const parts = segment.replace(/\.[a-z]{2,5}$/i, '').split(/[-_+]+/);
    // A slug has several words; a short-link or id segment does not.
    if (parts.length < 3) continue;
    for (const part of parts) {
      const word = fold(part);
      if (word.length < 2 || !LETTERS.test(word) || STOPWORDS.has(word)) continue;
      tokens.push({ key: stem(word), surface: part, word: false });
    }
  }
  return tokens;
}

export function tokenize(text: string, language?: string | null): Token[] {
  return tokenizeNormalized(normalizeText(text), language);
}

/**
 * tokenize() of a text normalizeText() already went through: the same tokens without paying for
 * the normalization again (it runs once more only where entities remain, as tokenize() would).
 */
export function tokenizeNormalized(text: string, language?: string | null): Token[] {
  const normalized = text.includes('&') ? normalizeText(text) : text;
  const matches = normalized.match(TOKEN) ?? [];
  let stopwords: ReadonlySet<string> | null = null;
  const lang = language === undefined ? guessLanguage(matches.map((m) => m.toLowerCase())) : language && !language.startsWith('en') ? language.slice(0, 2) : null;
  if (lang) stopwords = FOREIGN_STOPWORDS.find(([l]) => l === lang)?.[1] ?? null;
  const context: Context = { stopwords, stem: !lang };
  const tokens: Token[] = [];
  let adjacent = false;
  for (const raw of matches) {
    const first = raw.charCodeAt(0);
    if (first === 104 /* h */ || first === 119 /* w */ || first === 72 || first === 87) {
      if (/^(https?:\/\/|www\.)/i.test(raw)) {
        // In running text a URL is usually a short link: only its host says anything.
        for (const token of urlTokens(raw)) if (token.key.startsWith('~')) tokens.push(token);
        adjacent = false;
        continue;
      }
    }
    if (first === 35 /* # */ || first === 64 /* @ */ || first === 36 /* $ */) {
      const body = raw.slice(1);
      if (body.length < 2 || DIGITS.test(body)) continue;
      adjacent = false;
      tokens.push({ key: `${raw[0]}${fold(body)}`, surface: raw, word: true });
      if (first === 35) {
        // "#WaldoCanyonFire" also counts as the words waldo, canyon, fire, so the hashtag and
        // the plain words of the same event meet.
        const parts = body.match(CAMEL) ?? [body];
        for (const part of parts.length > 1 ? parts : [body]) pushWord(tokens, part, context, false);
      }
      continue;
    }
    const surface = raw.replace(/['’-]+$/, '');
    if (ASCII_WORD.test(surface.toLowerCase()) || !/^[\x00-\x7f]*$/.test(surface) || /^[A-Za-z]+['’][A-Za-z]+$/.test(surface)) {
      adjacent = pushWord(tokens, surface, context, true, adjacent);
    } else {
      for (const part of wordTokenizer.tokenize(surface)) adjacent = pushWord(tokens, part, context, true, adjacent);
    }
  }
  return tokens;
}

/** Pushes a word unless it is a stopword; returns whether the next word will be adjacent to it. */
interface Context {
  stopwords: ReadonlySet<string> | null;
  /** Porter is an English stemmer: a text read as another language keeps its words whole. */
  stem: boolean;
}

function pushWord(tokens: Token[], surface: string, context: Context, word: boolean, adjacent = false): boolean {
  const folded = fold(surface).replace(/['’]s$/, '').replace(/['’]/g, '');
  if (folded.length < 2 || STOPWORDS.has(folded) || context.stopwords?.has(folded) || DIGITS.test(folded)) return false;
  tokens.push({ key: context.stem ? stem(folded) : folded, surface: surface.replace(/['’]s$/, ''), word, adjacent });
  return true;
}

/**
 * Adjacent word pairs for readable labels ("harbor bridge"), keyed by their stems, with the
 * surfaces as written.
 */
export function bigrams(tokens: Token[]): Array<{ key: string; surface: string }> {
  const pairs: Array<{ key: string; surface: string }> = [];
  let previous: Token | null = null;
  for (const token of tokens) {
    if (!token.word || token.key.startsWith('@') || token.key.startsWith('#') || token.key.startsWith('$')) {
      previous = null;
      continue;
    }
    if (previous && token.adjacent && previous.key !== token.key) pairs.push({ key: `${previous.key} ${token.key}`, surface: `${previous.surface} ${token.surface}` });
    previous = token;
  }
  return pairs;
}
