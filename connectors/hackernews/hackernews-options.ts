import { z } from 'zod';

export const hackernewsOptionsSchema = z
  .strictObject({
    /** Which Firebase list to follow: newest stories, the front page ranking, or the best ranking. */
    list: z.enum(['new', 'top', 'best'], { error: 'list must be one of new, top, best' }).optional(),
    /** Search Hacker News through Algolia instead of following a list. */
    query: z.string().trim().min(1, 'query must not be empty').max(512, 'query must be at most 512 characters').optional(),
    /** Algolia's tag filter for searches: story, comment, ask_hn, show_hn, or a combination such as (story,poll). */
    tags: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_,()]+$/, 'tags must be Algolia tags such as "story", "show_hn" or "(story,poll)"')
      .default('story'),
    /** At most this many items are fetched per poll; the rest wait for the next one. */
    maxItems: z.number({ error: 'maxItems must be a number' }).int('maxItems must be a whole number').min(1, 'maxItems must be at least 1').max(200, 'maxItems must be at most 200').default(30),
    /** Item requests in flight at once (Firebase serves one item per request). */
    concurrency: z.number({ error: 'concurrency must be a number' }).int('concurrency must be a whole number').min(1, 'concurrency must be at least 1').max(16, 'concurrency must be at most 16').default(6),
    /** The API root; defaults to Firebase for lists and Algolia for searches. Overridden in tests. */
    baseUrl: z
      .string()
      .url('baseUrl must be an absolute http(s) URL')
      .refine((url) => /^https?:\/\//i.test(url), 'baseUrl must use http or https')
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
  })
  .superRefine((options, ctx) => {
    if (options.list !== undefined && options.query !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['query'], message: 'give either a list to follow or a search query, not both' });
    }
  });

export type HackernewsOptions = z.output<typeof hackernewsOptionsSchema>;

export const FIREBASE_BASE = 'https://hacker-news.firebaseio.com/v0';
export const ALGOLIA_BASE = 'https://hn.algolia.com/api/v1';
