import { z } from 'zod';

/** Bluesky's public AppView: reads without an account. */
export const PUBLIC_APPVIEW = 'https://public.api.bsky.app';
export const DEFAULT_JETSTREAM = 'wss://jetstream2.us-east.bsky.network/subscribe';

const service = z.string().url().default(PUBLIC_APPVIEW).describe('The XRPC service to read from');
const paging = {
  /** Posts per request: the AppView caps these at 100. */
  limit: z.number().int().min(1).max(100).default(100),
  /** Requests per poll when catching up; older posts beyond them are not fetched. */
  maxPages: z.number().int().min(1).max(20).default(5),
};

/** One source: a search, an author's feed, or the firehose filtered by keywords. */
export const blueskyOptionsSchema = z.discriminatedUnion('feed', [
  z.object({
    feed: z.literal('search'),
    query: z.string().trim().min(1),
    /** Only posts in this language (BCP 47), when set. */
    language: z.string().optional(),
    service,
    ...paging,
  }),
  z.object({
    feed: z.literal('author'),
    /** A handle ("alice.bsky.social") or a DID. */
    actor: z.string().trim().min(1).transform((actor) => actor.replace(/^@/, '')),
    includeReplies: z.boolean().default(false),
    service,
    ...paging,
  }),
  z.object({
    feed: z.literal('jetstream'),
    keywords: z.array(z.string().trim().min(1)).min(1, 'the firehose needs at least one keyword'),
    endpoint: z
      .string()
      .url()
      .refine((url) => /^wss?:/.test(url), 'must be a ws:// or wss:// address')
      .default(DEFAULT_JETSTREAM),
    /** A poll reads at most this many events... */
    maxEvents: z.number().int().min(1).max(100_000).default(5_000),
    /** ...for at most this long, then closes the connection until the next poll. */
    maxSeconds: z.number().min(0.1).max(120).default(20),
    /** Where the authors' handles are looked up (the firehose knows only DIDs). */
    service,
  }),
]);
export type BlueskyOptions = z.infer<typeof blueskyOptionsSchema>;
export type JetstreamOptions = Extract<BlueskyOptions, { feed: 'jetstream' }>;
