import { UnreadableDocumentError } from '../connector-errors.js';
import type { RedditThing } from './reddit-thing.js';

/** What a reddit answer holds, before mapping: the posts and comments, and the paging anchor. */
export interface RedditDocument {
  things: RedditThing[];
  /** The fullname to pass as `after=` for the next (older) page; null at the end. */
  after: string | null;
  /** Children of kinds that are not posts or comments (t5, t2, ...), counted for a warning. */
  otherKinds: number;
}

/** Comment trees nest; a hostile document must not run the stack out. */
const MAX_DEPTH = 64;

const KIND_NAMES: Record<string, string> = { t2: 'an account', t4: 'a message', t5: 'a subreddit', t6: 'an award', LabeledMulti: 'a multireddit' };

/**
 * Finds the posts and comments in any of the answers reddit gives: a Listing (subreddit
 * listings, search, /api/info), an array of Listings (a post's page: the post, then its comment
 * tree, whose replies nest as Listings), or a single thing.
 */
export function readRedditDocument(json: unknown): RedditDocument {
  const found: RedditDocument = { things: [], after: null, otherKinds: 0 };
  if (Array.isArray(json)) {
    if (json.length === 0 || !json.every(isListing)) throw new UnreadableDocumentError('an array that is not reddit Listings');
    for (const listing of json) collect(listing, found, 0);
    return found;
  }
  if (isListing(json)) {
    collect(json, found, 0);
    const after = json.data.after;
    found.after = typeof after === 'string' && after !== '' ? after : null;
    return found;
  }
  if (isThing(json)) {
    if (json.kind === 't1' || json.kind === 't3') {
      found.things.push({ kind: json.kind, data: json.data });
      collectReplies(json.data, found, 1);
      return found;
    }
    throw new UnreadableDocumentError(`a reddit ${json.kind} (${KIND_NAMES[json.kind] ?? 'not a post or comment'}), not posts or comments`);
  }
  if (isRecord(json) && ('error' in json || 'message' in json)) {
    throw new UnreadableDocumentError(`reddit answered an error instead of posts: ${String(json['message'] ?? 'no message')} (${String(json['error'] ?? '?')})`);
  }
  throw new UnreadableDocumentError('not a reddit Listing or thing');
}

function collect(listing: Listing, found: RedditDocument, depth: number): void {
  if (depth > MAX_DEPTH) return;
  for (const child of listing.data.children) {
    if (!isThing(child)) {
      found.otherKinds++;
      continue;
    }
    if (child.kind === 'more') continue; // a stub for comments not loaded: nothing to read
    if (child.kind !== 't1' && child.kind !== 't3') {
      found.otherKinds++;
      continue;
    }
    found.things.push({ kind: child.kind, data: child.data });
    collectReplies(child.data, found, depth + 1);
  }
}

/** A comment's replies are a Listing, or "" when it has none. */
function collectReplies(data: Record<string, unknown>, found: RedditDocument, depth: number): void {
  const replies = data['replies'];
  if (isListing(replies)) collect(replies, found, depth);
}

interface Thing {
  kind: string;
  data: Record<string, unknown>;
}

interface Listing {
  kind: 'Listing';
  data: { children: unknown[]; after?: unknown };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isThing(value: unknown): value is Thing {
  return isRecord(value) && typeof value['kind'] === 'string' && isRecord(value['data']);
}

function isListing(value: unknown): value is Listing {
  return isThing(value) && value.kind === 'Listing' && Array.isArray(value.data['children']);
}

/** Whether a parsed body has the shape of a reddit answer: a Listing, Listings, or a post or comment. */
export function looksLikeReddit(json: unknown): boolean {
  if (Array.isArray(json)) return json.length > 0 && json.every(isListing);
  return isListing(json) || (isThing(json) && (json.kind === 't1' || json.kind === 't3') && typeof json.data['created_utc'] === 'number');
}
