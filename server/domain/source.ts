import { z } from 'zod';
import { channelSchema } from './channel.js';

export const sourceHealthSchema = z.object({
  status: z.enum(['unknown', 'healthy', 'unhealthy']),
  lastRunAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  /** The last failure in words a newsroom can act on; null once a run succeeds. */
  lastError: z.string().nullable(),
  consecutiveFailures: z.number().int().nonnegative(),
  itemsLastRun: z.number().int().nonnegative(),
  // The fields below came later: their defaults let a source saved before them still read.
  /** When the runtime means to poll next (its schedule, pushed back by failures or a rate limit); null for push-only sources. */
  nextPollAt: z.string().nullable().default(null),
  /** New items per hour over the last 24 hours (or since the source was added, when that is sooner). */
  itemsPerHour: z.number().nonnegative().default(0),
  /** What the last run recovered from (a broken feed, a mis-declared charset), in words. */
  warnings: z.array(z.string()).default([]),
  /** New items per clock hour, the last 24 hours at most: what itemsPerHour is worked out from. */
  itemsByHour: z.array(z.object({ hour: z.string(), count: z.number().int().nonnegative() })).default([]),
});
export type SourceHealth = z.infer<typeof sourceHealthSchema>;

export const sourceIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes, at most 63 characters');

export const sourceSchema = z.object({
  id: sourceIdSchema,
  name: z.string().min(1).max(200),
  /** The connector kind that polls it (rss, reddit, ...). */
  kind: z.string().min(1),
  channel: channelSchema,
  /** Connector options; validated by the connector's own schema before each run. */
  options: z.record(z.string(), z.unknown()),
  /** A node-cron expression (five or six fields). */
  schedule: z.string().min(1),
  enabled: z.boolean(),
  /** Opaque to everyone but the connector that wrote it. */
  cursor: z.unknown().nullable(),
  health: sourceHealthSchema,
  createdAt: z.string(),
});
export type Source = z.infer<typeof sourceSchema>;

export const NEW_SOURCE_HEALTH: SourceHealth = Object.freeze({
  status: 'unknown',
  lastRunAt: null,
  lastSuccessAt: null,
  lastError: null,
  consecutiveFailures: 0,
  itemsLastRun: 0,
  nextPollAt: null,
  itemsPerHour: 0,
  warnings: Object.freeze([]) as unknown as string[],
  itemsByHour: Object.freeze([]) as unknown as SourceHealth['itemsByHour'],
});

/** A health record as saved by any version: fields added since are filled with their defaults. */
export function healthWithDefaults(health: Partial<SourceHealth>): SourceHealth {
  return { ...NEW_SOURCE_HEALTH, ...health };
}

/**
 * Kinds that are never polled: their items are pushed to Tidewatch (POST /api/ingest/{id}).
 * They have no connector; the server handles them itself.
 */
export const PUSH_ONLY_KINDS: readonly string[] = ['webhook'];
