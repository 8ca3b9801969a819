import { z } from 'zod';
import { CHANNELS, type Channel } from '../../domain/index.js';
import type { DetectorItem } from '../detector.js';
import { quickTime } from './stream-time.js';

/** One item of a recorded stream, ready for the detector, with where it came from. */
export interface StreamItem extends DetectorItem {
  /** 1-based line of the input it was read from. */
  line: number;
  url: string | null;
  lang: string | null;
  engagement: Record<string, number>;
  /** The value of the label field, when one was asked for (`tidewatch eval --labels F`). */
  label: string | null;
}

// ISO 8601 as streams write it: a date, or a date and time with Z or an offset (a time without
// a zone would be read in the local zone of whoever replays it, so it is refused).
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?))?$/i;

const optionalText = z.string().nullish();

/** A stream line: other fields are ignored. */
export const streamLineSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  channel: z.string(),
  source: z.string().min(1),
  publishedAt: z
    .string()
    .refine((value) => ISO_8601.test(value) && Number.isFinite(Date.parse(value.replace(',', '.'))), 'publishedAt must be an ISO 8601 time with a zone, such as 2024-06-11T08:30:00Z'),
  title: optionalText,
  text: optionalText,
  url: optionalText,
  author: optionalText,
  lang: optionalText,
  engagement: z.record(z.string(), z.unknown()).nullish(),
});

const CHANNEL_ALIASES: Record<string, Channel> = {
  twitter: 'x',
  tweet: 'x',
  tweets: 'x',
  xcom: 'x',
  bsky: 'bluesky',
  atproto: 'bluesky',
  fediverse: 'mastodon',
  toot: 'mastodon',
  activitypub: 'mastodon',
  hn: 'hackernews',
  ycombinator: 'hackernews',
  yt: 'youtube',
  subreddit: 'reddit',
};

const KNOWN_CHANNELS: ReadonlySet<string> = new Set(CHANNELS);

// Streams name a handful of channels over and over, so each name is mapped once. Bounded, so a
// stream of made-up names cannot grow it without end (past the bound they are simply recomputed).
const channelCache = new Map<string, Channel>();
const CHANNEL_CACHE_SIZE = 256;

/**
 * The channel closest to what a stream calls it: one of ours as is (any case, spaces and
 * punctuation ignored), a known other name (twitter → x, bsky → bluesky, hn → hackernews…), and
 * news for anything else (feeds, blogs, press releases, web pages).
 */
export function channelFor(name: string): Channel {
  const cached = channelCache.get(name);
  if (cached !== undefined) return cached;
  const key = name.toLowerCase().replace(/[^a-z0-9]+/g, '');
  const channel = KNOWN_CHANNELS.has(key) ? (key as Channel) : (CHANNEL_ALIASES[key] ?? 'news');
  if (channelCache.size < CHANNEL_CACHE_SIZE) channelCache.set(name, channel);
  return channel;
}

export type ParsedLine = { ok: true; item: StreamItem } | { ok: false; error: string };

const isOptionalText = (value: unknown): value is string | null | undefined => value === undefined || value === null || typeof value === 'string';

/**
 * The usual line, checked by hand in a fraction of what zod takes (replays parse millions of
 * lines). It must accept exactly what `streamLineSchema` accepts, no more, and read it the same
 * way; anything it is unsure of returns undefined and goes to zod, which also words the errors.
 * tests/unit/evaluation-replay-input.test.ts ('stream lines read by hand') holds it to zod alone.
 */
function quickItem(raw: Record<string, unknown>, line: number): StreamItem | undefined {
  const { id, channel, source, publishedAt, title, text, url, author, lang, engagement } = raw;
  let idText: string;
  if (typeof id === 'string' && id.length > 0) idText = id;
  // zod 4's z.number() refuses NaN and ±Infinity (JSON.parse turns 1e999 into Infinity).
  else if (typeof id === 'number' && Number.isFinite(id)) idText = String(id);
  else return undefined;
  if (typeof channel !== 'string' || typeof source !== 'string' || source.length === 0 || typeof publishedAt !== 'string') return undefined;
  if (!isOptionalText(title) || !isOptionalText(text) || !isOptionalText(url) || !isOptionalText(author) || !isOptionalText(lang)) return undefined;
  let time = quickTime(publishedAt);
  if (Number.isNaN(time)) {
    if (!ISO_8601.test(publishedAt)) return undefined;
    time = Date.parse(publishedAt.replace(',', '.'));
    if (!Number.isFinite(time)) return undefined;
  }
  const counts: Record<string, number> = {};
  if (engagement !== undefined && engagement !== null) {
    // JSON.parse makes only plain objects and arrays; z.record takes the objects.
    if (typeof engagement !== 'object' || Array.isArray(engagement)) return undefined;
    for (const key of Object.keys(engagement)) {
      // z.record leaves __proto__ out of what it returns.
      if (key === '__proto__') continue;
      const count = (engagement as Record<string, unknown>)[key];
      if (typeof count === 'number' && Number.isFinite(count)) counts[key] = count;
    }
  }
  return {
    line,
    id: idText,
    sourceId: source,
    channel: channelFor(channel),
    author: author ?? null,
    title: title ?? null,
    text: text ?? '',
    publishedAt: time,
    url: url ?? null,
    lang: lang ?? null,
    engagement: counts,
    label: null,
  };
}

/** The line through zod: the reference for what is valid, and the wording of every refusal. */
function checkedItem(raw: Record<string, unknown>, line: number): StreamItem | string {
  const parsed = streamLineSchema.safeParse(raw);
  if (!parsed.success) return parsed.error.issues.map((issue) => `${issue.path.join('.') || 'item'}: ${issue.message}`).join('; ');
  const value = parsed.data;
  const engagement: Record<string, number> = {};
  for (const [key, count] of Object.entries(value.engagement ?? {})) if (typeof count === 'number' && Number.isFinite(count)) engagement[key] = count;
  return {
    line,
    id: value.id,
    sourceId: value.source,
    channel: channelFor(value.channel),
    author: value.author ?? null,
    title: value.title ?? null,
    text: value.text ?? '',
    publishedAt: Date.parse(value.publishedAt.replace(',', '.')),
    url: value.url ?? null,
    lang: value.lang ?? null,
    engagement,
    label: null,
  };
}

/**
 * Reads one line of a stream. `labelField` names the field holding the ground truth; an item
 * without it gets the label `none` (unrelated chatter).
 */
export function parseStreamLine(text: string, line: number, labelField?: string): ParsedLine {
  return readLine(text, line, labelField, true);
}

/**
 * parseStreamLine() with zod reading every line, not only the unusual ones: the reference the
 * tests hold the hand-read path to.
 */
export function parseStreamLineWithZod(text: string, line: number, labelField?: string): ParsedLine {
  return readLine(text, line, labelField, false);
}

function readLine(text: string, line: number, labelField: string | undefined, quick: boolean): ParsedLine {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not JSON (${(error as Error).message})` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, error: 'not a JSON object' };
  const record = raw as Record<string, unknown>;
  const item = (quick ? quickItem(record, line) : undefined) ?? checkedItem(record, line);
  if (typeof item === 'string') return { ok: false, error: item };
  if (labelField !== undefined) {
    const found = record[labelField];
    if (found === undefined || found === null || found === '') item.label = 'none';
    else if (typeof found === 'string' || typeof found === 'number') item.label = String(found);
    else return { ok: false, error: `${labelField}: a label must be a string or a number` };
  }
  return { ok: true, item };
}

export interface RejectedLine {
  line: number;
  error: string;
}

/** Collects a stream line by line: the items read and the lines refused. Blank lines are skipped. */
export class StreamReader {
  readonly items: StreamItem[] = [];
  readonly rejected: RejectedLine[] = [];
  private lines = 0;

  constructor(private readonly labelField?: string) {}

  push(text: string): void {
    this.lines += 1;
    if (text.trim() === '') return;
    const parsed = parseStreamLine(text, this.lines, this.labelField);
    if (parsed.ok) this.items.push(parsed.item);
    else this.rejected.push({ line: this.lines, error: parsed.error });
  }
}

/** A whole stream held in memory (tests, benchmarks, `npm run eval`). */
export function readStreamText(text: string, labelField?: string): StreamReader {
  const reader = new StreamReader(labelField);
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) reader.push(line.endsWith('\r') ? line.slice(0, -1) : line);
  return reader;
}
