import { z } from 'zod';

/** HN ids come as numbers from Firebase and as strings from Algolia: both become one positive integer. */
export const hnIdSchema = z
  .union([z.number().int().positive(), z.string().regex(/^\d{1,15}$/).transform(Number)])
  .refine((id) => Number.isSafeInteger(id) && id > 0, 'not an item id');

/** An id list (newstories, topstories, beststories): the items themselves are fetched one by one. */
export const hnIdListSchema = z.array(hnIdSchema);

/** Where an item lives on the site: the link for Ask HN, Show HN text posts and comments. */
export function itemPage(id: number | string): string {
  return `https://news.ycombinator.com/item?id=${id}`;
}
