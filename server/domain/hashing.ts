import { createHash } from 'node:crypto';

// Hashing lives apart from the record types so the board can import those types without Node's.

/**
 * Stable across polls: the same platform id from the same source always gives the same item id,
 * so a re-poll never duplicates an item.
 */
export function itemId(sourceId: string, externalId: string): string {
  const digest = createHash('sha256').update(sourceId).update('\0').update(externalId).digest('hex');
  return `${sourceId}:${digest.slice(0, 20)}`;
}

/** A short digest of a record, for the before/after of an event. */
export function digestOf(record: unknown): string | null {
  if (record === null || record === undefined) return null;
  return createHash('sha256').update(JSON.stringify(record)).digest('hex').slice(0, 16);
}
