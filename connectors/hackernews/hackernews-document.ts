import { UnreadableDocumentError } from '../connector-errors.js';
import { algoliaPageSchema, mapAlgoliaHit, type AlgoliaEntry } from './algolia-hit.js';
import { hnIdListSchema } from './hackernews-id.js';
import { mapFirebaseItem, type FirebaseOutcome } from './hackernews-item.js';

/** The answers the connector fetches: one Firebase item, an id list, or a page of Algolia hits. */
export type HnDocument =
  | { shape: 'item'; outcome: FirebaseOutcome }
  | { shape: 'ids'; ids: number[] }
  | { shape: 'search'; entries: AlgoliaEntry[]; unreadable: number; total: number | null };

export function readHnDocument(json: unknown): HnDocument {
  // Firebase answers null for an id that does not exist, or not yet.
  if (json === null) return { shape: 'item', outcome: mapFirebaseItem(null) };
  // maxitem.json is a bare id.
  if (typeof json === 'number') return { shape: 'ids', ids: parseIds([json]) };
  if (Array.isArray(json)) return { shape: 'ids', ids: parseIds(json) };
  if (!isRecord(json)) throw new UnreadableDocumentError('not a Hacker News item, id list or search page');
  if (Array.isArray(json['hits'])) {
    const parsed = algoliaPageSchema.safeParse(json);
    if (!parsed.success) throw new UnreadableDocumentError('a search answer whose hits or counts are not in HN Search\'s shape');
    const page = parsed.data;
    const mapped = page.hits.map(mapAlgoliaHit);
    const entries = mapped.filter((entry): entry is AlgoliaEntry => entry !== null);
    return { shape: 'search', entries, unreadable: mapped.length - entries.length, total: page.nbHits ?? null };
  }
  if (isUser(json)) throw new UnreadableDocumentError('a Hacker News user profile, not an item');
  if (isItem(json)) return { shape: 'item', outcome: mapFirebaseItem(json) };
  throw new UnreadableDocumentError('not a Hacker News item, id list or search page');
}

/** Whether a parsed body has the shape of an HN answer (for `inspect`); a bare null or number is too vague to claim. */
export function looksLikeHackernews(json: unknown): boolean {
  if (Array.isArray(json)) return json.length > 0 && hnIdListSchema.safeParse(json).success;
  if (!isRecord(json)) return false;
  if (Array.isArray(json['hits'])) {
    const first: unknown = json['hits'][0];
    return first === undefined ? 'nbHits' in json : isRecord(first) && 'objectID' in first;
  }
  return isItem(json) || isUser(json);
}

const ITEM_TYPES = new Set(['story', 'comment', 'job', 'poll', 'pollopt']);

function isItem(json: Record<string, unknown>): boolean {
  const id = json['id'];
  return (typeof id === 'number' || (typeof id === 'string' && /^\d+$/.test(id))) && (ITEM_TYPES.has(String(json['type'])) || json['deleted'] === true);
}

function isUser(json: Record<string, unknown>): boolean {
  return typeof json['id'] === 'string' && typeof json['karma'] === 'number' && typeof json['created'] === 'number';
}

function parseIds(values: unknown[]): number[] {
  const parsed = hnIdListSchema.safeParse(values);
  if (!parsed.success) throw new UnreadableDocumentError('an array that is not a list of Hacker News item ids');
  return parsed.data;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
