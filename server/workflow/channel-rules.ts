import type { Channel } from '../domain/index.js';
import { WorkflowError } from './workflow-errors.js';

/** How one channel measures a post (rules W-DRAFT-4, W-DRAFT-5). */
export interface ChannelRule {
  /** The most the text may hold, in `unit`s; null when the platform sets no limit worth checking. */
  maxLength: number | null;
  /** Code points (what x, mastodon and most platforms count) or user-perceived characters (bluesky). */
  unit: 'characters' | 'graphemes';
  /** Every link counts as this many characters whatever its length (the platform shortens it); null when a link counts in full. */
  linkLength: number | null;
  /** The first line is the title, at most this long; null when the channel has no title. */
  titleMaxLength: number | null;
}

/** The table of channel rules; docs/workflow.md repeats it for people. */
export const CHANNEL_RULES: Readonly<Record<Channel, ChannelRule>> = {
  x: { maxLength: 280, unit: 'characters', linkLength: 23, titleMaxLength: null },
  mastodon: { maxLength: 500, unit: 'characters', linkLength: 23, titleMaxLength: null },
  bluesky: { maxLength: 300, unit: 'graphemes', linkLength: null, titleMaxLength: null },
  reddit: { maxLength: 40_000, unit: 'characters', linkLength: null, titleMaxLength: 300 },
  hackernews: { maxLength: null, unit: 'characters', linkLength: null, titleMaxLength: 80 },
  youtube: { maxLength: 5_000, unit: 'characters', linkLength: null, titleMaxLength: null },
  news: { maxLength: 10_000, unit: 'characters', linkLength: null, titleMaxLength: null },
};

/** A link with a scheme; trailing sentence punctuation is not part of it. */
const SCHEMED_LINK = /\b([a-z][a-z0-9+.-]*):\/\/[^\s<>"]+/gi;
/** Schemes that run code or smuggle content wherever a link is followed, with or without `//`. */
const DANGEROUS_SCHEME = /(?<![\w.+-])(javascript|data|vbscript|file):(?=\S)/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]'"]+$/;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function count(text: string, unit: ChannelRule['unit']): number {
  if (unit === 'graphemes') {
    let n = 0;
    for (const _ of graphemes.segment(text)) n++;
    return n;
  }
  return [...text].length;
}

/** The http(s) links in a text, as written. */
export function linksIn(text: string): string[] {
  return [...text.matchAll(SCHEMED_LINK)].map((m) => m[0].replace(TRAILING_PUNCTUATION, '')).filter((link) => /^https?:\/\//i.test(link));
}

/** How long the text is as the channel counts it, and its limit: what the board's counter shows. */
export function measureText(channel: Channel, text: string): { length: number; limit: number | null } {
  const rule = CHANNEL_RULES[channel];
  let measured = text;
  if (rule.linkLength !== null) {
    for (const link of linksIn(text)) measured = measured.replace(link, 'x'.repeat(rule.linkLength));
  }
  return { length: count(measured, rule.unit), limit: rule.maxLength };
}

/** Every way the text breaks its channel's rules, each in words that say how to fix it; empty when it is fine. */
export function checkDraftText(channel: Channel, text: string): string[] {
  if (text.trim() === '') return ['write something first: an empty draft cannot be reviewed or posted'];
  const rule = CHANNEL_RULES[channel];
  const problems: string[] = [];
  const { length, limit } = measureText(channel, text);
  if (limit !== null && length > limit) {
    const links = rule.linkLength !== null && linksIn(text).length > 0 ? ` (each link counts as ${rule.linkLength})` : '';
    problems.push(`${length} ${rule.unit}, ${length - limit} over the ${limit} allowed on ${channel}${links}: cut ${length - limit}`);
  }
  if (rule.titleMaxLength !== null) {
    const title = text.split('\n', 1)[0] ?? '';
    const titleLength = count(title.trim(), rule.unit);
    if (titleLength > rule.titleMaxLength) {
      problems.push(`the first line is the ${channel} title: ${titleLength} characters is ${titleLength - rule.titleMaxLength} over the ${rule.titleMaxLength} allowed`);
    }
  }
  for (const match of text.matchAll(SCHEMED_LINK)) {
    const scheme = match[1]!.toLowerCase();
    if (scheme !== 'http' && scheme !== 'https') problems.push(`links must start with http:// or https://; ${scheme}:// links are not allowed`);
  }
  for (const match of text.matchAll(DANGEROUS_SCHEME)) {
    problems.push(`${match[1]!.toLowerCase()}: links are not allowed; link to an http(s) page instead`);
  }
  return [...new Set(problems)];
}

/** Throws the 400 naming the field `text` when the text breaks its channel's rules. */
export function assertDraftText(channel: Channel, text: string): void {
  const problems = checkDraftText(channel, text);
  if (problems.length === 0) return;
  throw new WorkflowError('invalid', `text: ${problems.join('; ')}`, { fields: problems.map((message) => ({ field: 'text', message })) });
}
