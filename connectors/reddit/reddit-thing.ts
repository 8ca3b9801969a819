import { z } from 'zod';

/**
 * The fields of a post (t3) or comment (t1) that Tidewatch reads. Reddit adds and drops fields
 * over the years (2016 comments carry no permalink, recent posts carry removed_by_category), so
 * everything but the creation time is optional and unknown fields are ignored.
 */
export const redditThingDataSchema = z.object({
  name: z.string().min(1).optional(),
  id: z.string().min(1).optional(),
  author: z.string().nullish(),
  title: z.string().nullish(),
  selftext: z.string().nullish(),
  selftext_html: z.string().nullish(),
  body: z.string().nullish(),
  body_html: z.string().nullish(),
  url: z.string().nullish(),
  permalink: z.string().nullish(),
  is_self: z.boolean().nullish(),
  created_utc: z.number(),
  score: z.number().nullish(),
  ups: z.number().nullish(),
  num_comments: z.number().nullish(),
  stickied: z.boolean().nullish(),
  /** false, or the time of the last edit in epoch seconds. */
  edited: z.union([z.boolean(), z.number()]).nullish(),
  /** Set when the post was taken down (deleted, moderator, reddit, copyright_takedown, ...). */
  removed_by_category: z.string().nullish(),
  subreddit: z.string().nullish(),
  link_id: z.string().nullish(),
});

export type RedditThingData = z.infer<typeof redditThingDataSchema>;

/** The kinds that become items; `more` stubs and other kinds (t5 subreddits, t2 accounts) do not. */
export type ItemKind = 't1' | 't3';

export interface RedditThing {
  kind: ItemKind;
  /** The raw data, validated later so one odd child does not spoil its listing. */
  data: unknown;
}
