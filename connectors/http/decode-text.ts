import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';

export interface DecodedText {
  text: string;
  /** The encoding the text was decoded with, as iconv-lite names it. */
  encoding: string;
  /** What was wrong with the declared encoding, in words; empty when the bytes said the truth. */
  warnings: string[];
}

/** How many bytes are looked at when sniffing: enough for a statistical guess, bounded on a huge body. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Turns fetched bytes into text. Feeds lie about their encoding often enough that no single
 * source is trusted: a byte-order mark wins; then the byte pattern of UTF-16/32 without one;
 * then the HTTP header and the XML declaration, each checked against the bytes (a body that is
 * valid UTF-8 with non-ASCII characters is UTF-8 whatever a label says, and a body that is not
 * valid UTF-8 is not UTF-8); then statistical sniffing. One bad byte in otherwise good UTF-8
 * costs that byte, not the feed, and the text never goes through a wrong single-byte table
 * (that is how mojibake like "CafÃ©" happens).
 */
export function decodeFeedBytes(body: Buffer, contentType?: string | null): DecodedText {
  const warnings: string[] = [];
  const bom = bomEncoding(body);
  if (bom) return { text: decodeWith(body, bom), encoding: bom, warnings };
  const wide = wideEncodingByPattern(body);
  if (wide) return { text: decodeWith(body, wide), encoding: wide, warnings };

  const header = usableLabel(charsetOf(contentType), 'the HTTP header', warnings);
  const declared = usableLabel(xmlDeclaredEncoding(body), 'the XML declaration', warnings);
  const utf8 = utf8Shape(body);

  for (const [label, where] of [
    [header, 'the HTTP header'],
    [declared, 'the XML declaration'],
  ] as const) {
    if (!label) continue;
    if (isUtf8Label(label)) {
      if (utf8.valid) return done(body, 'utf-8', warnings);
      if (utf8.multibyte > utf8.invalid) return utf8DroppingBadBytes(body, utf8.invalid, warnings, `${where} says UTF-8`);
      warnings.push(`${where} says UTF-8 but the bytes are not UTF-8`);
      continue;
    }
    if (utf8.valid && utf8.multibyte > 0) {
      warnings.push(`${where} says ${label} but the bytes are UTF-8; decoded as UTF-8`);
      return done(body, 'utf-8', warnings);
    }
    // A header and a declaration that disagree: the sniffer breaks the tie between the two.
    const other = where === 'the HTTP header' ? declared : null;
    if (other && !isUtf8Label(other) && iconv.encodingExists(other) && normalize(other) !== normalize(label)) {
      const choice = likelier(body, label, other);
      warnings.push(`the HTTP header says ${label} and the XML declaration says ${other}; decoded as ${choice}`);
      return done(body, choice, warnings);
    }
    return done(body, label, warnings);
  }

  if (utf8.valid) return done(body, 'utf-8', warnings);
  if (utf8.multibyte > utf8.invalid) return utf8DroppingBadBytes(body, utf8.invalid, warnings, 'the document');
  const sniffed = sniff(body);
  warnings.push(`no usable encoding was declared and the bytes are not UTF-8; they look like ${sniffed}`);
  return done(body, sniffed, warnings);
}

/** The text alone, for callers that do not report warnings. */
export function decodeText(body: Buffer, contentType?: string): string {
  return decodeFeedBytes(body, contentType).text;
}

function done(body: Buffer, encoding: string, warnings: string[]): DecodedText {
  return { text: decodeWith(body, encoding), encoding, warnings };
}

function decodeWith(body: Buffer, encoding: string): string {
  // ISO-8859-1 labels mean windows-1252 on the web (as in browsers): its 0x80–0x9F are quotes
  // and dashes, never the C1 control characters that would otherwise end up in the text.
  const name = /^(iso-?8859-1|latin-?1|l1|us-ascii|ascii)$/i.test(encoding) ? 'windows-1252' : encoding;
  return iconv.decode(body, name, { stripBOM: true });
}

function utf8DroppingBadBytes(body: Buffer, invalid: number, warnings: string[], where: string): DecodedText {
  warnings.push(`${where} is UTF-8 with ${invalid} invalid byte sequence(s); they were left out`);
  const replacementsInSource = countOf(body, Buffer.from('\uFFFD', 'utf8'));
  let text = new TextDecoder('utf-8').decode(body);
  // Only the replacement characters the decoder made are removed, not ones the feed really has.
  if (replacementsInSource === 0) text = text.replaceAll('\uFFFD', '');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, encoding: 'utf-8', warnings };
}

interface Utf8Shape {
  valid: boolean;
  /** Well-formed multi-byte sequences: evidence that the text really is UTF-8. */
  multibyte: number;
  /** Bytes that cannot be UTF-8 here. */
  invalid: number;
}

function utf8Shape(body: Buffer): Utf8Shape {
  if (isUtf8(body)) {
    let multibyte = 0;
    for (const byte of body) if (byte >= 0xc2 && byte <= 0xf4) multibyte++;
    return { valid: true, multibyte, invalid: 0 };
  }
  const text = new TextDecoder('utf-8').decode(body);
  let multibyte = 0;
  let invalid = 0;
  for (const char of text) {
    if (char === '\uFFFD') invalid++;
    else if (char.codePointAt(0)! > 0x7f) multibyte++;
  }
  return { valid: false, multibyte, invalid };
}

function bomEncoding(body: Buffer): string | undefined {
  const [a, b, c, d] = body;
  if (a === 0xef && b === 0xbb && c === 0xbf) return 'utf-8';
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return 'utf-32le';
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return 'utf-32be';
  if (a === 0xfe && b === 0xff) return 'utf-16be';
  if (a === 0xff && b === 0xfe) return 'utf-16le';
  return undefined;
}

/** UTF-16/32 without a byte-order mark: the zero bytes around the first "<" give the order away. */
function wideEncodingByPattern(body: Buffer): string | undefined {
  const [a, b, c, d] = body;
  if (a === 0x3c && b === 0 && c === 0 && d === 0) return 'utf-32le';
  if (a === 0 && b === 0 && c === 0 && d === 0x3c) return 'utf-32be';
  if (a === 0x3c && b === 0 && c !== 0) return 'utf-16le';
  if (a === 0 && b === 0x3c && c === 0) return 'utf-16be';
  return undefined;
}

function charsetOf(contentType: string | null | undefined): string | undefined {
  return contentType?.match(/charset\s*=\s*["']?([\w.:-]+)/i)?.[1];
}

function xmlDeclaredEncoding(body: Buffer): string | undefined {
  // Not anchored: some feeds have white space or junk before the declaration.
  const head = body.subarray(0, 1024).toString('latin1');
  return head.match(/<\?xml[^>]*?encoding\s*=\s*["']\s*([\w.:-]+)\s*["']/)?.[1];
}

/** A label iconv-lite knows, or undefined with a warning; UTF-16/32 labels on 8-bit bytes are lies. */
function usableLabel(label: string | undefined, where: string, warnings: string[]): string | undefined {
  if (!label) return undefined;
  if (/^(utf-?16|utf-?32|ucs-?2|ucs-?4)/i.test(label)) {
    warnings.push(`${where} says ${label} but the bytes are 8-bit; the label was ignored`);
    return undefined;
  }
  if (!iconv.encodingExists(label)) {
    warnings.push(`${where} names an unknown encoding "${label}"; it was ignored`);
    return undefined;
  }
  return label;
}

const isUtf8Label = (label: string) => /^utf-?8$/i.test(label);
const normalize = (label: string) => label.toLowerCase().replace(/[^a-z0-9]/g, '');

function sniff(body: Buffer): string {
  const guess = chardet.detect(body.subarray(0, SNIFF_BYTES));
  if (guess && iconv.encodingExists(guess) && !/^utf-?(16|32)/i.test(guess)) return guess;
  return 'windows-1252';
}

/** Of two declared labels, the one the sniffer rates higher (the first when it rates neither). */
function likelier(body: Buffer, first: string, second: string): string {
  const ranking = chardet.analyse(body.subarray(0, SNIFF_BYTES));
  const score = (label: string) => ranking.find((r) => normalize(r.name) === normalize(label))?.confidence ?? 0;
  return score(second) > score(first) ? second : first;
}

function countOf(haystack: Buffer, needle: Buffer): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}
