import type { z } from 'zod';
import type { SafeFetch } from './http/safe-fetch.js';
import type { OpenWebSocket } from './http/safe-websocket.js';

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
  /**
   * Maps one response of its platform to items, without the network: `poll` uses it on what it
   * fetched, `tidewatch inspect` on a file. Throws UnreadableDocumentError when the document is
   * not something this connector understands; recovers what it can otherwise, saying what was
   * wrong in `warnings`.
   */
  read(document: RawDocument): Promise<ReadResult>;
  /** Whether a document looks like one of this platform's responses: how `inspect` picks a kind. */
  recognizes(document: RawDocument): boolean;
  poll(ctx: PollContext<Options>): Promise<PollResult>;
}

/** Bytes as fetched (or read from a file), with what is known of where they came from. */
export interface RawDocument {
  body: Buffer;
  contentType: string | null;
  /** Where it came from, to resolve relative links; null for a file without one. */
  url: string | null;
}

export interface ReadResult {
  items: ConnectorItem[];
  /** What was wrong with the document and was recovered from, in words. */
  warnings: string[];
}

export interface PollContext<Options> {
  readonly options: Options;
  /** What the previous successful run returned; null on the first run. */
  readonly cursor: unknown;
  readonly fetch: SafeFetch;
  /** For streaming sources (the Bluesky firehose), under the same address policy as `fetch`. */
  readonly openSocket?: OpenWebSocket;
  readonly now: Date;
  readonly signal: AbortSignal;
}

export interface PollResult {
  items: ConnectorItem[];
  /** Stored as is and handed back on the next run. */
  cursor: unknown;
  /** What was recovered from (a broken feed, a mis-declared charset): shown with the source's health. */
  warnings?: string[];
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
