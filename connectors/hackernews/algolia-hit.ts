import { z } from 'zod';
import type { ConnectorItem } from '../connector.js';
import { hnIdSchema } from './hackernews-id.js';
import { hnItem } from './hackernews-item.js';

/** One hit of HN Search (hn.algolia.com/api): a story or a comment, with its HN id as objectID. */
export const algoliaHitSchema = z.object({
  objectID: hnIdSchema,
  title: z.string().nullish(),
  url: z.string().nullish(),
  author: z.string().nullish(),
  points: z.number().nullish(),
  num_comments: z.number().nullish(),
  created_at_i: z.number().nullish(),
  created_at: z.string().nullish(),
  story_text: z.string().nullish(),
  comment_text: z.string().nullish(),
});
export type AlgoliaHit = z.infer<typeof algoliaHitSchema>;

/** A page of search results; nbHits counts every match, not only this page's. */
export const algoliaPageSchema = z.object({
  hits: z.array(z.unknown()),
  nbHits: z.number().optional(),
  page: z.number().optional(),
  nbPages: z.number().optional(),
});

export interface AlgoliaEntry {
  id: number;
  /** Epoch seconds: what the search cursor filters on. */
  createdAt: number | null;
  item: ConnectorItem;
}

export function mapAlgoliaHit(raw: unknown): AlgoliaEntry | null {
  const parsed = algoliaHitSchema.safeParse(raw);
  if (!parsed.success) return null;
  const hit = parsed.data;
  const createdAt = hit.created_at_i ?? (hit.created_at ? Math.floor(Date.parse(hit.created_at) / 1000) : null);
  const time = createdAt !== null && Number.isFinite(createdAt) ? createdAt : null;
  const item = hnItem({
    id: hit.objectID,
    author: hit.author,
    title: hit.title,
    html: hit.story_text ?? hit.comment_text,
    url: hit.url,
    time,
    score: hit.points,
    replies: hit.num_comments,
  });
  return { id: hit.objectID, createdAt: time, item };
}
