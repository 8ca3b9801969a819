import type { z } from 'zod';
import type { SafeFetch } from './http/safe-fetch.js';

/**
 * One kind of source. Connectors only fetch and map: the runtime (server/jobs) owns schedules,
 * cursors, retries, health and storage. This folder imports nothing from server/, so channel
 * names are plain strings here and the server checks them against its vocabulary.
 */
export interface Connector<Options = unknown> {
  readonly kind: string;
  /** The channel its items belong to (a name from the domain's channel list). */
  readonly channel: string;
  readonly optionsSchema: z.ZodType<Options>;
  /** A node-cron expression used when a source does not set its own. */
  readonly defaultSchedule: string;
  poll(ctx: PollContext<Options>): Promise<PollResult>;
}

export interface PollContext<Options> {
  readonly options: Options;
  /** What the previous successful run returned; null on the first run. */
  readonly cursor: unknown;
  readonly fetch: SafeFetch;
  readonly now: Date;
  readonly signal: AbortSignal;
}

export interface PollResult {
  items: ConnectorItem[];
  /** Stored as is and handed back on the next run. */
  cursor: unknown;
}

/** An item as a connector sees it, before the runtime gives it its id and source. */
export interface ConnectorItem {
  /** The platform's own id: stable across polls. */
  externalId: string;
  author: string | null;
  title: string | null;
  text: string;
  html: string | null;
  url: string | null;
  /** ISO 8601; null when the platform gave none (the runtime uses the fetch time). */
  publishedAt: string | null;
  language: string | null;
  engagement: {
    likes?: number;
    reposts?: number;
    replies?: number;
    score?: number;
    views?: number;
  };
}
