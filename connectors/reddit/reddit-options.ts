import { z } from 'zod';

/** A subreddit name, a multireddit (`a+b`), or `all`/`popular`; an `r/` prefix is tolerated and dropped. */
const subredditSchema = z
  .string()
  .trim()
  .regex(/^(\/?r\/)?[A-Za-z0-9_]{2,21}(\+[A-Za-z0-9_]{2,21})*\/?$/, 'must be a subreddit name such as "worldnews" (several may be joined with +)')
  .transform((name) => name.replace(/^\/?r\//i, '').replace(/\/$/, ''));

const httpUrl = (what: string) =>
  z
    .string()
    .url(`${what} must be an absolute http(s) URL`)
    .refine((url) => /^https?:\/\//i.test(url), `${what} must use http or https`)
    .transform((url) => url.replace(/\/+$/, ''));

export const redditOptionsSchema = z
  .strictObject({
    /** Watch this subreddit's listing, or restrict a search to it. */
    subreddit: subredditSchema.optional(),
    listing: z.enum(['new', 'hot', 'top'], { error: 'listing must be one of new, hot, top' }).default('new'),
    /** The period of `top` listings and of searches sorted by relevance, top or comments. */
    time: z.enum(['hour', 'day', 'week', 'month', 'year', 'all'], { error: 'time must be one of hour, day, week, month, year, all' }).default('day'),
    /** Search reddit (in `subreddit` when given) instead of reading a listing. */
    query: z.string().trim().min(1, 'query must not be empty').max(512, 'query must be at most 512 characters').optional(),
    sort: z.enum(['new', 'relevance', 'top', 'hot', 'comments'], { error: 'sort must be one of new, relevance, top, hot, comments' }).default('new'),
    /** An app's id and secret (a "script" or "web app" on reddit.com/prefs/apps): OAuth app-only access with higher limits. */
    clientId: z.string().trim().min(1, 'clientId must not be empty').optional(),
    clientSecret: z.string().trim().min(1, 'clientSecret must not be empty').optional(),
    /** Reddit asks every client for a unique, descriptive User-Agent; give one with your reddit username. */
    userAgent: z.string().trim().min(8, 'userAgent must describe the app, e.g. "web:tidewatch:0.1 (by /u/you)"').optional(),
    /** At most this many pages of 100 per poll, when more than one page is new since the last poll. */
    maxPages: z.number({ error: 'maxPages must be a number' }).int('maxPages must be a whole number').min(1, 'maxPages must be at least 1').max(10, 'maxPages must be at most 10').default(3),
    /** Where the public JSON and the token endpoint live; overridden in tests. */
    baseUrl: httpUrl('baseUrl').default('https://www.reddit.com'),
    /** Where OAuth requests go. */
    oauthBaseUrl: httpUrl('oauthBaseUrl').default('https://oauth.reddit.com'),
  })
  .superRefine((options, ctx) => {
    if (options.subreddit === undefined && options.query === undefined) {
      ctx.addIssue({ code: 'custom', path: ['subreddit'], message: 'give a subreddit to watch, a search query, or both' });
    }
    if ((options.clientId === undefined) !== (options.clientSecret === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [options.clientId === undefined ? 'clientId' : 'clientSecret'],
        message: 'give both clientId and clientSecret for OAuth, or neither for the public JSON',
      });
    }
  });

export type RedditOptions = z.output<typeof redditOptionsSchema>;

/** Sent when the source gives none: reddit throttles generic agents hard. */
export const DEFAULT_USER_AGENT = 'node:tidewatch:0.1 (newsroom social listening)';
