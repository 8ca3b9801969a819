import { z } from 'zod';
import type { ConnectorItem } from '../connector.js';
import { canonicalUrl } from '../http/canonical-url.js';
import { htmlToText, sanitizeHtml } from '../http/html.js';
import { hnIdSchema, itemPage } from './hackernews-id.js';

/** A Firebase item (https://github.com/HackerNews/API): every field but the id may be missing. */
export const firebaseItemSchema = z.object({
  id: hnIdSchema,
  type: z.string().optional(),
  by: z.string().nullish(),
  time: z.number().nullish(),
  title: z.string().nullish(),
  text: z.string().nullish(),
  url: z.string().nullish(),
  score: z.number().nullish(),
  descendants: z.number().nullish(),
  deleted: z.boolean().nullish(),
  dead: z.boolean().nullish(),
});
export type FirebaseItem = z.infer<typeof firebaseItemSchema>;

/** Why an answer gave no item: null for an id that does not exist (yet), the flags HN sets, or a kind that is not content. */
export type SkipReason = 'missing' | 'deleted' | 'dead' | 'poll option' | 'unreadable';

export type FirebaseOutcome = { id: number; item: ConnectorItem } | { id: number | null; item: null; skipped: SkipReason };

/** Kinds of item that are posts or comments; a pollopt is one answer of a poll. */
const CONTENT_TYPES = new Set(['story', 'comment', 'job', 'poll']);

export function mapFirebaseItem(json: unknown): FirebaseOutcome {
  if (json === null) return { id: null, item: null, skipped: 'missing' };
  const parsed = firebaseItemSchema.safeParse(json);
  if (!parsed.success) return { id: null, item: null, skipped: 'unreadable' };
  const data = parsed.data;
  if (data.deleted) return { id: data.id, item: null, skipped: 'deleted' };
  if (data.dead) return { id: data.id, item: null, skipped: 'dead' };
  if (data.type === 'pollopt') return { id: data.id, item: null, skipped: 'poll option' };
  if (data.type !== undefined && !CONTENT_TYPES.has(data.type)) return { id: data.id, item: null, skipped: 'unreadable' };
  return { id: data.id, item: hnItem({ id: data.id, author: data.by, title: data.title, html: data.text, url: data.url, time: data.time, score: data.score, replies: data.descendants }) };
}

/** The fields Firebase and Algolia share, under one name each. */
export interface HnFields {
  id: number | string;
  author: string | null | undefined;
  title: string | null | undefined;
  /** HN text is HTML (<p>, <i>, <a>, entities such as &#x2F;). */
  html: string | null | undefined;
  url: string | null | undefined;
  /** Epoch seconds. */
  time: number | null | undefined;
  score: number | null | undefined;
  replies: number | null | undefined;
}

export function hnItem(fields: HnFields): ConnectorItem {
  const page = itemPage(fields.id);
  // Ask HN, Show HN text posts and comments have no link of their own: their page is the link.
  const url = canonicalUrl(fields.url) ?? page;
  // Titles are plain text on both APIs: "The Big <Reveal>" is a title, not markup to strip.
  const title = fields.title?.replace(/\s+/g, ' ').trim() || null;
  const html = fields.html ? sanitizeHtml(fields.html, page).trim() || null : null;
  const engagement: ConnectorItem['engagement'] = {};
  if (typeof fields.score === 'number') engagement.score = fields.score;
  if (typeof fields.replies === 'number') engagement.replies = fields.replies;
  return {
    externalId: String(fields.id),
    author: fields.author || null,
    title,
    text: fields.html ? htmlToText(fields.html) : '',
    html,
    url,
    publishedAt: typeof fields.time === 'number' ? isoFromEpoch(fields.time) : null,
    language: null,
    engagement,
  };
}

function isoFromEpoch(seconds: number): string | null {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
