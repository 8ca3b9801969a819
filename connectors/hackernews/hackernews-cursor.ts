import { z } from 'zod';

/** A Firebase list: the newest id taken (the `new` list only grows upwards) and the ids met in a ranking. */
const listCursorSchema = z.object({
  list: z.enum(['new', 'top', 'best']),
  highestId: z.number().int().nullable(),
  seen: z.array(z.number().int()),
});
export type ListCursor = z.infer<typeof listCursorSchema>;

/** A search: the newest creation time read, and the hits of that very second (the next query includes it). */
const searchCursorSchema = z.object({
  query: z.string(),
  tags: z.string(),
  since: z.number().int().nullable(),
  idsAtSince: z.array(z.number().int()),
});
export type SearchCursor = z.infer<typeof searchCursorSchema>;

/** Bounded memory of a ranking: ids fall off the front page long before a thousand newer ones arrive. */
export const SEEN_LIMIT = 1000;

/** The previous cursor when it belongs to the same list; otherwise a fresh start (also after a change of options). */
export function readListCursor(raw: unknown, list: ListCursor['list']): ListCursor {
  const parsed = listCursorSchema.safeParse(raw);
  return parsed.success && parsed.data.list === list ? parsed.data : { list, highestId: null, seen: [] };
}

export function readSearchCursor(raw: unknown, query: string, tags: string): SearchCursor {
  const parsed = searchCursorSchema.safeParse(raw);
  return parsed.success && parsed.data.query === query && parsed.data.tags === tags ? parsed.data : { query, tags, since: null, idsAtSince: [] };
}

export function rememberIds(fresh: readonly number[], previous: readonly number[]): number[] {
  return [...new Set([...fresh, ...previous])].slice(0, SEEN_LIMIT);
}
