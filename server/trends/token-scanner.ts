/**
 * The matches of the tokenizer's TOKEN pattern and of the duplicate index's WORD pattern, found
 * by a scan of the text rather than the regex: no string per match (and for TOKEN a hash of
 * each match on the way), so a word can be looked up or hashed without being built. The scans
 * follow the patterns rule by rule; the character classes they need (\p{L}, \p{M}, \p{N}, \s)
 * are read from the same Unicode property escapes, so scan and regex cannot disagree. Texts with
 * characters outside the Basic Multilingual Plane (emoji, mostly: under 1% of items) go through
 * the regex.
 */

// natural's word tokenizer splits "São" and drops "#": this rule runs first and keeps URLs whole,
// letters of every script with their combining marks, inner apostrophes and hyphens, and the
// sigils of hashtags, mentions and cashtags. Plain ASCII runs with inner punctuation then go
// through natural's WordTokenizer ("metro-north" → "metro", "north").
export const TOKEN = /https?:\/\/[^\s<>"']+|www\.[^\s<>"']+|\$[A-Za-z]{1,6}\b|[#@][\p{L}\p{N}_]+|[\p{L}\p{N}][\p{L}\p{M}\p{N}'’-]*/gu;

/** The words of the duplicate index: runs of letters, marks and digits (see near-duplicate.ts). */
export const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;

/** Where the matches of a text are: [starts[i], ends[i]), with (for TOKEN) their hashes (hashSpan). */
export class TokenSpans {
  count = 0;
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  hashes = new Int32Array(256);
  /** Whether match i is a URL (the pattern's first two alternatives). */
  urls = new Uint8Array(256);

  push(start: number, end: number, hash: number, url: boolean): void {
    if (this.count === this.starts.length) this.grow();
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.hashes[this.count] = hash;
    this.urls[this.count] = url ? 1 : 0;
    this.count += 1;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const hashes = new Int32Array(size);
    const urls = new Uint8Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    hashes.set(this.hashes);
    urls.set(this.urls);
    this.starts = starts;
    this.ends = ends;
    this.hashes = hashes;
    this.urls = urls;
  }
}

/** [\p{L}\p{N}]: starts a word; with "_", a hashtag's body. */
const LETTER_OR_NUMBER = 1;
/** [\p{L}\p{M}\p{N}]: continues a word. */
const WORD_CHAR = 2;
/** \s: ends a URL. */
const SPACE = 4;

/**
 * The classes of the 65,536 BMP code units, filled a block of 256 at a time when a text first
 * uses it (classifying them all up front would cost ~20 ms at startup).
 */
const CLASSES = new Uint8Array(0x10000);
const classified = new Uint8Array(0x100);

function classifyBlock(block: number): void {
  const units = new Uint16Array(256);
  // Surrogates stay unclassified (class 0): scanTokens gives up on texts with any.
  for (let i = 0; i < 256; i++) {
    const unit = block * 256 + i;
    units[i] = unit >= 0xd800 && unit <= 0xdfff ? 0 : unit;
  }
  const chars = String.fromCharCode(...units);
  const classes: ReadonlyArray<readonly [RegExp, number]> = [
    [/[\p{L}\p{N}]/gu, LETTER_OR_NUMBER],
    [/[\p{L}\p{M}\p{N}]/gu, WORD_CHAR],
    [/\s/gu, SPACE],
  ];
  for (const [pattern, bit] of classes) {
    for (const match of chars.matchAll(pattern)) CLASSES[match[0].charCodeAt(0)]! |= bit;
  }
  classified[block] = 1;
}
classifyBlock(0);

function classOf(unit: number): number {
  if (classified[unit >> 8] === 0) classifyBlock(unit >> 8);
  return CLASSES[unit]!;
}

/** FNV-1a over a span of UTF-16 code units: what scanTokens computes for each match. */
export function hashSpan(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/** [^\s<>"']: what a URL is made of. */
function inUrl(unit: number): boolean {
  return unit !== 60 /* < */ && unit !== 62 /* > */ && unit !== 34 /* " */ && unit !== 39 /* ' */ && (classOf(unit) & SPACE) === 0;
}

/** [A-Za-z0-9_]: a word character for \b (the pattern has no i flag, so \b is ASCII only). */
function isAsciiWordChar(unit: number): boolean {
  return (unit >= 97 && unit <= 122) || (unit >= 65 && unit <= 90) || (unit >= 48 && unit <= 57) || unit === 95;
}

function isAsciiLetter(unit: number): boolean {
  return (unit >= 97 && unit <= 122) || (unit >= 65 && unit <= 90);
}

/** Fills `spans` with the matches of TOKEN in `text`, in order: those `text.match(TOKEN)` gives. */
export function findTokens(text: string, spans: TokenSpans): void {
  if (scanTokens(text, spans)) return;
  spans.count = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match !== null; match = TOKEN.exec(text)) {
    const start = match.index;
    const end = start + match[0].length;
    // Only the first two alternatives start with these (the others hold no ":" or ".").
    const url = text.startsWith('http://', start) || text.startsWith('https://', start) || text.startsWith('www.', start);
    spans.push(start, end, hashSpan(text, start, end), url);
  }
}

/**
 * Fills `spans` with the matches of TOKEN in `text`, in order, as `text.match(TOKEN)` finds
 * them; false (spans unspecified) when the text holds a surrogate, for the regex to handle.
 *
 * The regex tries its alternatives in order at each position and takes the first that matches
 * (not the longest), moving on by one character where none does; so does the scan.
 */
function scanTokens(text: string, spans: TokenSpans): boolean {
  spans.count = 0;
  const length = text.length;
  let p = 0;
  while (p < length) {
    const unit = text.charCodeAt(p);
    if (unit >= 0xd800 && unit <= 0xdfff) return false;
    let end = -1;
    let url = false;
    if (unit === 104 /* h */ || unit === 119 /* w */) {
      // https?:\/\/[^\s<>"']+ and www\.[^\s<>"']+ : the prefix, then at least one URL character.
      const body = text.startsWith('https://', p) ? p + 8 : text.startsWith('http://', p) ? p + 7 : text.startsWith('www.', p) ? p + 4 : -1;
      if (body >= 0 && body < length && inUrl(text.charCodeAt(body))) {
        end = body + 1;
        while (end < length && inUrl(text.charCodeAt(end))) end += 1;
        url = true;
      }
    } else if (unit === 36 /* $ */) {
      // \$[A-Za-z]{1,6}\b : the whole run of letters must be 1–6 long and end at a word
      // boundary (backtracking to fewer letters leaves a letter next, so no boundary either).
      let letters = p + 1;
      while (letters < length && isAsciiLetter(text.charCodeAt(letters))) letters += 1;
      const run = letters - p - 1;
      if (run >= 1 && run <= 6 && (letters === length || !isAsciiWordChar(text.charCodeAt(letters)))) end = letters;
    } else if (unit === 35 /* # */ || unit === 64 /* @ */) {
      // [#@][\p{L}\p{N}_]+
      let body = p + 1;
      while (body < length) {
        const next = text.charCodeAt(body);
        if (next !== 95 /* _ */ && (classOf(next) & LETTER_OR_NUMBER) === 0) break;
        body += 1;
      }
      if (body > p + 1) end = body;
    }
    if (end < 0 && (classOf(unit) & LETTER_OR_NUMBER) !== 0) {
      // [\p{L}\p{N}][\p{L}\p{M}\p{N}'’-]*
      end = p + 1;
      while (end < length) {
        const next = text.charCodeAt(end);
        if (next !== 39 /* ' */ && next !== 0x2019 /* ’ */ && next !== 45 /* - */ && (classOf(next) & WORD_CHAR) === 0) break;
        end += 1;
      }
    }
    if (end < 0) {
      p += 1;
      continue;
    }
    // A surrogate inside the match: let the regex decide (a pair is one code point to it).
    let h = 0x811c9dc5;
    for (let i = p; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdfff) return false;
      h = Math.imul(h ^ c, 0x01000193);
    }
    spans.push(p, end, h, url);
    p = end;
  }
  return true;
}

/** Fills `spans` with the matches of WORD in `text`, in order: those `text.match(WORD)` gives. */
export function findWords(text: string, spans: TokenSpans): void {
  if (scanWords(text, spans)) return;
  spans.count = 0;
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match !== null; match = WORD.exec(text)) spans.push(match.index, match.index + match[0].length, 0, false);
}

/** findWords() by a scan; false when the text holds a surrogate, for the regex to handle. */
function scanWords(text: string, spans: TokenSpans): boolean {
  spans.count = 0;
  const length = text.length;
  let p = 0;
  while (p < length) {
    const unit = text.charCodeAt(p);
    if (unit >= 0xd800 && unit <= 0xdfff) return false;
    if ((classOf(unit) & LETTER_OR_NUMBER) === 0) {
      p += 1;
      continue;
    }
    // [\p{L}\p{N}][\p{L}\p{M}\p{N}]* (a surrogate, class 0, ends the word and is caught above)
    let end = p + 1;
    while (end < length && (classOf(text.charCodeAt(end)) & WORD_CHAR) !== 0) end += 1;
    spans.push(p, end, 0, false);
    p = end;
  }
  return true;
}
