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
import { SpanTable } from './span-table.js';
import { findTokens, TokenSpans } from './token-scanner.js';

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

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+|\bwww\.[^\s<>"']+/giu;
// The same without the u flag: several times faster, and equal on any text without "ſ" (U+017F,
// which /iu folds to "s") or the Kelvin sign (U+212A, a word character for \b under /iu).
const URL_PATTERN_PLAIN = /\bhttps?:\/\/[^\s<>"']+|\bwww\.[^\s<>"']+/gi;
const UNICODE_CASE_TWINS = /[\u017f\u212a]/;
// No URL without one of these (":" and "/" have no case variants, "w" only "W").
const URL_HINT = /:\/\/|www\./i;
const ASCII_WORD = /^[a-z0-9]+$/;
const NON_ASCII = /[^\x00-\x7f]/;
/** What normalizeText() may change, but spaces at the ends: non-ASCII or control characters, "&", a space doubled. */
const NEEDS_NORMALIZING = /[^\x20-\x25\x27-\x7e]| {2}/;
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

/**
 * Words per language in the text at hand: [i] for FOREIGN_STOPWORDS[i], the last for English.
 * One shared tally (one text at a time), so a guess allocates nothing.
 */
const tally = new Int32Array(FOREIGN_STOPWORDS.length + 1);
const ENGLISH_TALLY = FOREIGN_STOPWORDS.length;

function countMarks(marks: number): void {
  if (marks === ENGLISH_BIT) {
    tally[ENGLISH_TALLY]! += 1;
    return;
  }
  for (let i = 0; i < FOREIGN_STOPWORDS.length; i++) if (marks & (1 << i)) tally[i]! += 1;
}

/** The language the tally reads as: one with more stopwords than English (and more than one), if any. */
function talliedLanguage(): string | null {
  let best: string | null = null;
  let bestCount = Math.max(1, tally[ENGLISH_TALLY]!);
  for (let i = 0; i < FOREIGN_STOPWORDS.length; i++) {
    if (tally[i]! > bestCount) {
      best = FOREIGN_STOPWORDS[i]![0];
      bestCount = tally[i]!;
    }
  }
  return best;
}

/** The language whose stopwords a text uses most, if not English (a cheap guess; null = English). */
export function guessLanguage(words: readonly string[]): string | null {
  tally.fill(0);
  for (const w of words) {
    const marks = LANGUAGE_MARKS.get(w);
    if (marks !== undefined) countMarks(marks);
  }
  return talliedLanguage();
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
  // Most texts are plain ASCII with single spaces: one scan shows there is nothing to do.
  if (!NEEDS_NORMALIZING.test(text) && text.charCodeAt(0) !== 32 && text.charCodeAt(text.length - 1) !== 32) return text;
  // NFKC leaves ASCII as it is.
  let out = NON_ASCII.test(text) ? text.normalize('NFKC') : text;
  for (let i = 0; i < 2 && out.includes('&'); i++) out = decodeHTML(out);
  return out.replace(/\s+/g, ' ').trim();
}

/** The text without URLs, for fingerprints and shingles. */
export function stripUrls(text: string): string {
  if (!URL_HINT.test(text)) return text;
  return text.replace(UNICODE_CASE_TWINS.test(text) ? URL_PATTERN : URL_PATTERN_PLAIN, ' ');
}

/**
 * Words a URL contributes: its host (as "~host") and the words of a readable slug
 * ("/2014/03/11/zac-efron-im-up-for-hsm-reunion/" → zac, efron, hsm, reunion). Short-link paths
 * (t.co/x7Fq) and numeric ids say nothing and are dropped.
 */
export function urlTokens(url: string): Token[] {
  const match = URL_PARTS.exec(url);
  if (!match) return [];
  const tokens: Token[] = [];
  const host = hostTokenOf(match);
  if (host) tokens.push(host);
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

const URL_PARTS = /^(?:https?:\/\/)?([^/?#\s]+)([^?#\s]*)/i;

/** The "~host" token of a URL, as the first of urlTokens() (what a URL in running text adds). */
function hostToken(url: string): Token | null {
  const match = URL_PARTS.exec(url);
  return match ? hostTokenOf(match) : null;
}

function hostTokenOf(match: RegExpExecArray): Token | null {
  const host = match[1]!.toLowerCase().replace(/^www\./, '').replace(/:\d+$/, '');
  // Short hosts are link shorteners (t.co, bit.ly): they say nothing about the story.
  return host.includes('.') && host.length > 6 ? { key: `~${host}`, surface: host, word: false } : null;
}

export function tokenize(text: string, language?: string | null): Token[] {
  return tokenizeNormalized(normalizeText(text), language);
}

/**
 * How a text is read: which stopwords apply and whether words are stemmed. English stems and
 * uses only the common stopwords; a text read as another language keeps its words whole (Porter
 * is an English stemmer) and also drops that language's stopwords, if we have them.
 */
interface Reading {
  stopwords: ReadonlySet<string> | null;
  stem: boolean;
  /** What each distinct match of TOKEN adds to the tokens when read this way. */
  plans: SpanTable<Plan>;
}

// Bounded like the stem cache: cleared when full, then refilled by the words in use. The limit
// holds a stream's working vocabulary (tens of thousands of distinct matches) with room to spare.
const PLAN_CACHE_LIMIT = 100_000;

const ENGLISH: Reading = { stopwords: null, stem: true, plans: new SpanTable(PLAN_CACHE_LIMIT) };
const FOREIGN_READINGS: readonly Reading[] = FOREIGN_STOPWORDS.map(([, stopwords]) => ({ stopwords, stem: false, plans: new SpanTable(PLAN_CACHE_LIMIT) }));
const OTHER_LANGUAGE: Reading = { stopwords: null, stem: false, plans: new SpanTable(PLAN_CACHE_LIMIT) };

function readingOf(lang: string | null): Reading {
  if (!lang) return ENGLISH;
  const i = FOREIGN_STOPWORDS.findIndex(([l]) => l === lang);
  return i < 0 ? OTHER_LANGUAGE : FOREIGN_READINGS[i]!;
}

/**
 * What one match of TOKEN adds to the tokens, as steps replayed at each occurrence: the rules
 * of the tokenizer run once per distinct match and reading, not once per occurrence (most words
 * of a stream repeat). Only `adjacent` depends on what came before, so it is decided at replay.
 * A plan is its first step, the others linked through `next`: one object for most words.
 */
interface Step {
  kind: StepKind;
  key: string;
  surface: string;
  word: boolean;
  next: Step | null;
}
interface Plan extends Step {
  /** The match itself. */
  readonly raw: string;
  /** LANGUAGE_MARKS of the match in lower case (0: none), for guessing the language. */
  readonly marks: number;
}
/** A word: adjacent when the step before pushed a word too. */
const CHAINED = 0;
/** A word inside a hashtag: never adjacent. */
const INNER = 1;
/** A hashtag, mention, cashtag: a token without `adjacent`. */
const BARE = 2;
/** A stopword or a sigil: the next word is not adjacent to the one before. */
const BREAK = 3;
/** Nothing at all ("#1"). */
const NOTHING = 4;
/** A plan whose steps are not made yet (see makeSteps). */
const UNMADE = 5;
type StepKind = typeof CHAINED | typeof INNER | typeof BARE | typeof BREAK | typeof NOTHING | typeof UNMADE;

/** The plan of match i of the text at hand (not a URL: they are mostly unique short links, not cached). */
function planAt(text: string, i: number, reading: Reading): Plan {
  const start = spans.starts[i]!;
  const end = spans.ends[i]!;
  const hash = spans.hashes[i]!;
  let plan = reading.plans.get(text, start, end, hash);
  if (plan === undefined) {
    const raw = copyOf(text.slice(start, end));
    plan = { kind: UNMADE, key: '', surface: '', word: false, next: null, raw, marks: LANGUAGE_MARKS.get(raw.toLowerCase()) ?? 0 };
    reading.plans.add(plan, hash);
  }
  return plan;
}

/**
 * The string as a string of its own. V8 cuts 13 characters or more out of a text as a view of
 * it: a cached plan would keep the whole text alive, and reach its characters through it.
 */
function copyOf(part: string): string {
  return part.length < 13 ? part : (JSON.parse(JSON.stringify(part)) as string);
}

/** The matches of TOKEN (see token-scanner.ts) in the text at hand (reused: one text at a time). */
const spans = new TokenSpans();

/**
 * tokenize() of a text normalizeText() already went through: the same tokens without paying for
 * the normalization again (it runs once more only where entities remain, as tokenize() would).
 */
export function tokenizeNormalized(text: string, language?: string | null): Token[] {
  const normalized = text.includes('&') ? normalizeText(text) : text;
  const guessing = language === undefined;
  // A text whose language is guessed is looked up in English first (its plans hold the marks).
  let reading = guessing ? ENGLISH : readingOf(language && !language.startsWith('en') ? language.slice(0, 2) : null);
  findTokens(normalized, spans);
  const count = spans.count;
  reading.plans.prefetch(spans.hashes, count);
  // Each match's plan; null for a URL.
  const plans = new Array<Plan | null>(count);
  for (let i = 0; i < count; i++) plans[i] = spans.urls[i] ? null : planAt(normalized, i, reading);
  if (guessing) {
    tally.fill(0);
    for (let i = 0; i < count; i++) {
      // A URL's marks too, like any match's (none in practice).
      const marks = plans[i]?.marks ?? LANGUAGE_MARKS.get(normalized.slice(spans.starts[i], spans.ends[i]).toLowerCase());
      if (marks) countMarks(marks);
    }
    const guessed = readingOf(talliedLanguage());
    if (guessed !== ENGLISH) {
      reading = guessed;
      for (let i = 0; i < count; i++) if (plans[i]) plans[i] = planAt(normalized, i, reading);
    }
  }
  const tokens: Token[] = [];
  let adjacent = false;
  for (let i = 0; i < count; i++) {
    const plan = plans[i]!;
    if (plan === null) {
      // In running text a URL is usually a short link: only its host says anything.
      const host = hostToken(normalized.slice(spans.starts[i], spans.ends[i]));
      if (host) tokens.push(host);
      adjacent = false;
      continue;
    }
    if (plan.kind === UNMADE) makeSteps(plan, plan.raw, reading);
    for (let step: Step | null = plan; step !== null; step = step.next) {
      const kind = step.kind;
      if (kind === CHAINED) {
        tokens.push({ key: step.key, surface: step.surface, word: true, adjacent });
        adjacent = true;
      } else if (kind === INNER) {
        tokens.push({ key: step.key, surface: step.surface, word: false, adjacent: false });
      } else if (kind === BARE) {
        tokens.push({ key: step.key, surface: step.surface, word: step.word });
      } else if (kind === BREAK) {
        adjacent = false;
      }
    }
  }
  return tokens;
}

/**
 * Makes the steps of a (non-URL) match of TOKEN read a given way: the rules of the tokenizer.
 * Plain ASCII runs with inner punctuation go through natural's WordTokenizer ("metro-north" →
 * "metro", "north").
 */
function makeSteps(plan: Plan, raw: string, reading: Reading): void {
  const steps: Step[] = [];
  const first = raw.charCodeAt(0);
  if (first === 35 /* # */ || first === 64 /* @ */ || first === 36 /* $ */) {
    const body = raw.slice(1);
    // Too short, or "#1": nothing at all, not even a break between the words around it.
    if (body.length >= 2 && !DIGITS.test(body)) {
      steps.push(step(BREAK, '', '', false), step(BARE, `${raw[0]}${fold(body)}`, raw, true));
      if (first === 35) {
        // "#WaldoCanyonFire" also counts as the words waldo, canyon, fire, so the hashtag and
        // the plain words of the same event meet.
        const parts = body.match(CAMEL) ?? [body];
        for (const part of parts.length > 1 ? parts : [body]) pushWord(steps, part, reading, false);
      }
    }
  } else {
    const surface = raw.replace(/['’-]+$/, '');
    if (ASCII_WORD.test(surface.toLowerCase()) || !/^[\x00-\x7f]*$/.test(surface) || /^[A-Za-z]+['’][A-Za-z]+$/.test(surface)) {
      pushWord(steps, surface, reading, true);
    } else {
      for (const part of wordTokenizer.tokenize(surface)) pushWord(steps, part, reading, true);
    }
  }
  for (let i = 0; i + 1 < steps.length; i++) steps[i]!.next = steps[i + 1]!;
  // The plan object is the first step (or NOTHING): copied in, so most words cost one object.
  const head = steps[0] ?? step(NOTHING, '', '', false);
  plan.kind = head.kind;
  plan.key = head.key;
  plan.surface = head.surface;
  plan.word = head.word;
  plan.next = head.next;
}

function step(kind: StepKind, key: string, surface: string, word: boolean): Step {
  return { kind, key, surface, word, next: null };
}

/**
 * The step of a word: the word, or a break where it is a stopword (inside a hashtag, where
 * adjacency is already broken, nothing).
 */
function pushWord(steps: Step[], surface: string, reading: Reading, word: boolean): void {
  const folded = fold(surface).replace(/['’]s$/, '').replace(/['’]/g, '');
  if (folded.length < 2 || STOPWORDS.has(folded) || reading.stopwords?.has(folded) || DIGITS.test(folded)) {
    if (word) steps.push(step(BREAK, '', '', false));
    return;
  }
  steps.push(step(word ? CHAINED : INNER, reading.stem ? stem(folded) : folded, surface.replace(/['’]s$/, ''), word));
}

/** A mention's, hashtag's or cashtag's key. */
function hasSigil(key: string): boolean {
  const first = key.charCodeAt(0);
  return first === 64 /* @ */ || first === 35 /* # */ || first === 36 /* $ */;
}

/**
 * Adjacent word pairs for readable labels ("harbor bridge"), keyed by their stems, with the
 * surfaces as written.
 */
export function bigrams(tokens: Token[]): Array<{ key: string; surface: string }> {
  const pairs: Array<{ key: string; surface: string }> = [];
  for (let t = 1; t < tokens.length; t++) {
    if (!endsBigram(tokens, t)) continue;
    const previous = tokens[t - 1]!;
    const token = tokens[t]!;
    pairs.push({ key: `${previous.key} ${token.key}`, surface: `${previous.surface} ${token.surface}` });
  }
  return pairs;
}

/**
 * Whether tokens[t] and the token before it make one of bigrams()' pairs: two words (no sigil)
 * side by side in the text, not a word repeated. For a caller that needs a pair's surface only
 * sometimes (a story builds it once, for a pair it does not have yet).
 */
export function endsBigram(tokens: Token[], t: number): boolean {
  if (t < 1) return false;
  const token = tokens[t]!;
  const previous = tokens[t - 1]!;
  return token.adjacent === true && pairsUp(token) && pairsUp(previous) && previous.key !== token.key;
}

/** A word that can be one half of a bigram. */
function pairsUp(token: Token): boolean {
  return token.word && !hasSigil(token.key);
}
