import { z } from 'zod';

const instance = z
  .string()
  // People name an instance by its host ("mastodon.social"); https is what every instance speaks.
  .transform((value) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`))
  .pipe(z.string().url('must be the address of the instance, such as mastodon.social or https://mastodon.social'))
  .describe('The instance to ask; any Mastodon-compatible server');

const paging = {
  /** Statuses per request: Mastodon caps timelines at 40. */
  limit: z.number().int().min(1).max(40).default(40),
  /** Requests per poll once caught up; the rest waits for the next poll, without a gap. */
  maxPages: z.number().int().min(1).max(20).default(5),
};

/**
 * What people write on the command line: `--tag climate` (alias of `hashtag`) or `--account
 * @alice` without naming the timeline; the kind of timeline follows from what was given.
 */
function withTimeline(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const { tag, ...rest } = raw as Record<string, unknown>;
  const options: Record<string, unknown> = tag !== undefined && rest.hashtag === undefined ? { ...rest, hashtag: tag } : { ...rest };
  if (options.timeline === undefined) {
    if (options.hashtag !== undefined) options.timeline = 'hashtag';
    else if (options.account !== undefined) options.timeline = 'account';
  }
  return options;
}

/** One source: a hashtag, a public timeline or an account's statuses on one instance. */
export const mastodonOptionsSchema = z.preprocess(withTimeline, z.discriminatedUnion('timeline', [
  z.object({
    timeline: z.literal('hashtag'),
    instance,
    hashtag: z.string().trim().min(1).transform((tag) => tag.replace(/^#/, '')),
    /** Only statuses of the instance's own accounts. */
    local: z.boolean().default(false),
    ...paging,
  }),
  z.object({
    timeline: z.literal('public'),
    instance,
    /** true: the instance's local timeline; false: everything it federates with. */
    local: z.boolean().default(false),
    ...paging,
  }),
  z.object({
    timeline: z.literal('account'),
    instance,
    /** "@alice@example.social", "alice" (on this instance) or the account's numeric id. */
    account: z.string().trim().min(1),
    ...paging,
  }),
]));
export type MastodonOptions = z.infer<typeof mastodonOptionsSchema>;
