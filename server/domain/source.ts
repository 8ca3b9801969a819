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
});
