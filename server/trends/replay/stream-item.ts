import { z } from 'zod';
import { CHANNELS, type Channel } from '../../domain/index.js';
import type { DetectorItem } from '../detector.js';

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

/**
 * The channel closest to what a stream calls it: one of ours as is (any case, spaces and
 * punctuation ignored), a known other name (twitter → x, bsky → bluesky, hn → hackernews…), and
 * news for anything else (feeds, blogs, press releases, web pages).
 */
export function channelFor(name: string): Channel {
  const key = name.toLowerCase().replace(/[^a-z0-9]+/g, '');
  if ((CHANNELS as readonly string[]).includes(key)) return key as Channel;
  return CHANNEL_ALIASES[key] ?? 'news';
}

export type ParsedLine = { ok: true; item: StreamItem } | { ok: false; error: string };

/**
 * Reads one line of a stream. `labelField` names the field holding the ground truth; an item
 * without it gets the label `none` (unrelated chatter).
 */
export function parseStreamLine(text: string, line: number, labelField?: string): ParsedLine {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not JSON (${(error as Error).message})` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, error: 'not a JSON object' };
  const parsed = streamLineSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, error: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'item'}: ${issue.message}`).join('; ') };
  }
  const value = parsed.data;
  let label: string | null = null;
  if (labelField !== undefined) {
    const found = (raw as Record<string, unknown>)[labelField];
    if (found === undefined || found === null || found === '') label = 'none';
    else if (typeof found === 'string' || typeof found === 'number') label = String(found);
    else return { ok: false, error: `${labelField}: a label must be a string or a number` };
  }
  const engagement: Record<string, number> = {};
  for (const [key, count] of Object.entries(value.engagement ?? {})) if (typeof count === 'number' && Number.isFinite(count)) engagement[key] = count;
  return {
    ok: true,
    item: {
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
      label,
    },
  };
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
