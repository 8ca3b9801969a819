import { decodeHTML } from 'entities';
import type { ConnectorItem } from '../connector.js';
import { canonicalUrl } from '../http/canonical-url.js';
import { htmlToText, sanitizeHtml } from '../http/html.js';
import { redditThingDataSchema, type RedditThing, type RedditThingData } from './reddit-thing.js';

/** Links on the board point at reddit itself, whatever host the source was polled through. */
export const REDDIT_WEB = 'https://www.reddit.com';

/** What reddit puts in place of the text of a post or comment that is gone. */
const GONE = new Set(['[deleted]', '[removed]']);

export type MappedThing =
  | { fullname: string; stickied: boolean; item: ConnectorItem }
  | { fullname: string; stickied: boolean; item: null; skipped: 'deleted' }
  | { fullname: null; stickied: false; item: null; skipped: 'unreadable' };

/** One post (t3) or comment (t1) as an item, or why it is not one. */
export function mapRedditThing(thing: RedditThing): MappedThing {
  const parsed = redditThingDataSchema.safeParse(thing.data);
  if (!parsed.success) return { fullname: null, stickied: false, item: null, skipped: 'unreadable' };
  const data = parsed.data;
  const fullname = data.name ?? (data.id ? `${thing.kind}_${data.id}` : null);
  if (!fullname) return { fullname: null, stickied: false, item: null, skipped: 'unreadable' };
  const stickied = data.stickied === true;
  if (isGone(thing.kind, data)) return { fullname, stickied, item: null, skipped: 'deleted' };
  const item = thing.kind === 't3' ? postItem(fullname, data) : commentItem(fullname, data);
  return { fullname, stickied, item };
}

function isGone(kind: RedditThing['kind'], data: RedditThingData): boolean {
  if (data.removed_by_category) return true;
  const text = kind === 't3' ? data.selftext : data.body;
  return GONE.has((text ?? '').trim()) || GONE.has((data.title ?? '').trim());
}

function postItem(fullname: string, data: RedditThingData): ConnectorItem {
  const permalink = permalinkOf(data.permalink);
  // A self post's `url` is its own page; a link post's is where it points (relative for crossposts).
  const url = data.is_self ? permalink : canonicalUrl(data.url, REDDIT_WEB) ?? permalink;
  return {
    externalId: fullname,
    author: authorOf(data.author),
    title: data.title?.trim() || null,
    text: (data.selftext ?? '').trim(),
    html: htmlOf(data.selftext_html),
    url,
    publishedAt: isoFromEpoch(data.created_utc),
    language: null,
    engagement: engagementOf(data, 't3'),
  };
}

function commentItem(fullname: string, data: RedditThingData): ConnectorItem {
  return {
    externalId: fullname,
    author: authorOf(data.author),
    title: null,
    text: (data.body ?? '').trim(),
    html: htmlOf(data.body_html),
    url: permalinkOf(data.permalink) ?? commentLink(fullname, data),
    publishedAt: isoFromEpoch(data.created_utc),
    language: null,
    engagement: engagementOf(data, 't1'),
  };
}

/** Older answers give comments no permalink: build it from the post id, as reddit's own short form. */
function commentLink(fullname: string, data: RedditThingData): string | null {
  const post = data.link_id?.replace(/^t3_/, '');
  if (!post || !data.subreddit) return null;
  return canonicalUrl(`/r/${encodeURIComponent(data.subreddit)}/comments/${post}/_/${fullname.replace(/^t1_/, '')}/`, REDDIT_WEB);
}

function permalinkOf(permalink: string | null | undefined): string | null {
  return canonicalUrl(permalink, REDDIT_WEB);
}

function authorOf(author: string | null | undefined): string | null {
  return author && author !== '[deleted]' ? author : null;
}

/**
 * Reddit's rendered markdown. With raw_json=1 (what we ask for) it is HTML; without it, it is
 * HTML escaped once more (`&lt;div class="md"&gt;`), as older clients received it.
 */
function htmlOf(html: string | null | undefined): string | null {
  if (!html) return null;
  const markup = html.trimStart().startsWith('&lt;') ? decodeHTML(html) : html;
  const clean = sanitizeHtml(markup, REDDIT_WEB).trim();
  return htmlToText(clean) ? clean : null;
}

function engagementOf(data: RedditThingData, kind: RedditThing['kind']): ConnectorItem['engagement'] {
  const engagement: ConnectorItem['engagement'] = {};
  if (typeof data.score === 'number') engagement.score = data.score;
  if (typeof data.ups === 'number') engagement.likes = data.ups;
  // On a comment in a listing, num_comments is its post's count, not the comment's replies.
  if (kind === 't3' && typeof data.num_comments === 'number') engagement.replies = data.num_comments;
  return engagement;
}

function isoFromEpoch(seconds: number): string | null {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
