import type { BoardChannelRule } from '../../server/realtime/protocol.js';

/*
 * The draft's length as its platform counts it. This mirrors server/workflow/channel-rules.ts
 * (measureText, checkDraftText) line for line, from the rules GET /api/channels sends: a counter
 * that disagreed with the server would call a draft fine and then see it refused on save.
 * tests/unit/text-length.test.ts holds the two side by side.
 */

/** The part of a rule the counter reads; every field as GET /api/channels names it. */
export type LengthRule = Pick<BoardChannelRule, 'channel' | 'maxChars' | 'unit' | 'linkChars' | 'titleMaxChars'> & { linkSchemes?: readonly string[] };

/** A link with a scheme; trailing sentence punctuation is not part of it. */
const SCHEMED_LINK = /\b([a-z][a-z0-9+.-]*):\/\/[^\s<>"]+/gi;
/** Schemes that run code or smuggle content wherever a link is followed, with or without `//`. */
const DANGEROUS_SCHEME = /(?<![\w.+-])(javascript|data|vbscript|file):(?=\S)/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]'"]+$/;

/** The share of the limit after which the counter turns amber: the member should start cutting. */
export const NEAR_FRACTION = 0.9;
/** On short limits 10% is a word or two: warn at least this many characters before the end. */
export const NEAR_MIN_LEFT = 20;

let segmenter: Intl.Segmenter | null | undefined;

/** User-perceived characters where the browser can tell (an emoji with its modifiers is one); code points otherwise. */
function graphemeCount(text: string): number {
  if (segmenter === undefined) segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  if (!segmenter) return [...text].length;
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

export function countUnits(text: string, unit: LengthRule['unit']): number {
  return unit === 'graphemes' ? graphemeCount(text) : [...text].length;
}

/** The http(s) links in a text, as written, in order (repeats included). */
export function linksIn(text: string): string[] {
  return [...text.matchAll(SCHEMED_LINK)].map((m) => m[0].replace(TRAILING_PUNCTUATION, '')).filter((link) => /^https?:\/\//i.test(link));
}

export type LengthState = 'ok' | 'near' | 'over';

export interface Measure {
  /** As the platform counts it: links shortened where it shortens them. */
  length: number;
  limit: number | null;
  /** Left before the limit; negative when over; null without a limit. */
  left: number | null;
  state: LengthState;
  /** The first line, for channels whose first line is the title. */
  title: { length: number; limit: number; state: LengthState } | null;
  /** How many links count as `linkChars` each. */
  shortenedLinks: number;
}

/** How close to the limit the counter turns amber: 10% of it, but never fewer than NEAR_MIN_LEFT. */
export function nearThreshold(limit: number): number {
  return Math.min(limit, Math.max(Math.ceil(limit * (1 - NEAR_FRACTION)), NEAR_MIN_LEFT));
}

function stateOf(length: number, limit: number): LengthState {
  if (length > limit) return 'over';
  return limit - length <= nearThreshold(limit) ? 'near' : 'ok';
}

export function measureDraft(rule: LengthRule, text: string): Measure {
  let measured = text;
  const links = rule.linkChars !== null ? linksIn(text) : [];
  for (const link of links) measured = measured.replace(link, 'x'.repeat(rule.linkChars!));
  const length = countUnits(measured, rule.unit);
  const limit = rule.maxChars;
  let title: Measure['title'] = null;
  if (rule.titleMaxChars !== null) {
    const titleLength = countUnits((text.split('\n', 1)[0] ?? '').trim(), rule.unit);
    title = { length: titleLength, limit: rule.titleMaxChars, state: stateOf(titleLength, rule.titleMaxChars) };
  }
  return {
    length,
    limit,
    left: limit === null ? null : limit - length,
    state: limit === null ? 'ok' : stateOf(length, limit),
    title,
    shortenedLinks: links.length,
  };
}

/** What the counter says, e.g. "268 / 280 · 12 left", "291 / 280 · 11 over: cut 11". */
export function describeMeasure(rule: LengthRule, measure: Measure): string {
  const unit = rule.unit === 'graphemes' ? 'characters (as Bluesky counts them)' : 'characters';
  if (measure.limit === null || measure.left === null) return `${measure.length} ${unit}; ${rule.channel} sets no length limit`;
  const head = `${measure.length} / ${measure.limit}`;
  if (measure.left < 0) return `${head} · ${-measure.left} over the ${rule.channel} limit: cut ${-measure.left}`;
  return `${head} · ${measure.left} left`;
}

/**
 * Every way the text breaks its channel's rules, in the server's words (checkDraftText), so the
 * member reads before saving what the server would answer on save. Empty when it is fine.
 */
export function draftProblems(rule: LengthRule, text: string): string[] {
  if (text.trim() === '') return ['write something first: an empty draft cannot be reviewed or posted'];
  const problems: string[] = [];
  const { length, limit, title } = measureDraft(rule, text);
  if (limit !== null && length > limit) {
    const links = rule.linkChars !== null && linksIn(text).length > 0 ? ` (each link counts as ${rule.linkChars})` : '';
    problems.push(`${length} ${rule.unit}, ${length - limit} over the ${limit} allowed on ${rule.channel}${links}: cut ${length - limit}`);
  }
  if (title && title.length > title.limit) {
    problems.push(`the first line is the ${rule.channel} title: ${title.length} characters is ${title.length - title.limit} over the ${title.limit} allowed`);
  }
  const schemes = rule.linkSchemes ?? ['http', 'https'];
  for (const match of text.matchAll(SCHEMED_LINK)) {
    const scheme = match[1]!.toLowerCase();
    if (!schemes.includes(scheme)) problems.push(`links must start with http:// or https://; ${scheme}:// links are not allowed`);
  }
  for (const match of text.matchAll(DANGEROUS_SCHEME)) {
    problems.push(`${match[1]!.toLowerCase()}: links are not allowed; link to an http(s) page instead`);
  }
  return [...new Set(problems)];
}
