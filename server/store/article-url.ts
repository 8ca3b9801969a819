import type { Item } from '../domain/index.js';

/**
 * The key under which a news article is stored once, whichever feed brings it (a site's "world"
 * and "top" feeds carry the same story): its canonical URL. Social posts that share a link are
 * different posts, so they have none.
 */
export function articleUrlOf(item: Item): string | null {
  return item.channel === 'news' && item.url !== null ? item.url : null;
}
