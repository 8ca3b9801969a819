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
  return createHash('sha256').update(canonicalJson(record)).digest('hex').slice(0, 16);
}

/**
 * JSON with object keys sorted at every level, so a record hashes the same after a trip
 * through a file, a database column or the network.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
