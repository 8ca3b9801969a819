import { z } from 'zod';
import { storedTokenSchema, type StoredToken } from './reddit-token.js';

/**
 * What a reddit source remembers between polls. Not `before=`: reddit answers an empty page
 * forever once the post named there is deleted or removed. Instead the fullnames seen lately,
 * so a poll reads from the top until it meets one of them.
 */
export interface RedditCursor {
  /** Fullnames seen, newest first, at most SEEN_LIMIT. */
  seen: string[];
  token: StoredToken | null;
}

/** Ten full pages: enough for a fast `new` listing between polls and for the churn of `hot`. */
export const SEEN_LIMIT = 1000;

const cursorSchema = z.object({
  seen: z.array(z.string()).catch([]),
  token: storedTokenSchema.nullable().catch(null),
});

/** A cursor from an older version, or none, starts afresh instead of failing the source. */
export function readRedditCursor(raw: unknown): RedditCursor {
  const parsed = cursorSchema.safeParse(raw);
  return parsed.success ? { seen: parsed.data.seen.slice(0, SEEN_LIMIT), token: parsed.data.token } : { seen: [], token: null };
}

/** This poll's fullnames first, then the older memory, without repeats, bounded. */
export function rememberSeen(fresh: readonly string[], previous: readonly string[]): string[] {
  return [...new Set([...fresh, ...previous])].slice(0, SEEN_LIMIT);
}
