import type { RedditOptions } from './reddit-options.js';

/** A page of reddit to ask for: a path without host or `.json`, and its query. */
export interface RedditRequest {
  path: string;
  params: URLSearchParams;
}

/** Reddit's largest page. */
export const PAGE_SIZE = 100;

/** Searches sorted by these read `t` (the period); `new` and `hot` ignore it. */
const PERIOD_SORTS = new Set(['relevance', 'top', 'comments']);

/** The listing or search a source reads, one page at a time (`after` = the last fullname of the previous page). */
export function redditRequest(options: RedditOptions, after: string | null): RedditRequest {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE), raw_json: '1' });
  let path: string;
  if (options.query !== undefined) {
    path = options.subreddit ? `/r/${options.subreddit}/search` : '/search';
    params.set('q', options.query);
    params.set('sort', options.sort);
    if (PERIOD_SORTS.has(options.sort)) params.set('t', options.time);
    if (options.subreddit) params.set('restrict_sr', '1');
  } else {
    // The schema guarantees a subreddit when there is no query.
    path = `/r/${options.subreddit ?? 'all'}/${options.listing}`;
    if (options.listing === 'top') params.set('t', options.time);
  }
  if (after) params.set('after', after);
  return { path, params };
}

/** The public JSON wants `.json` on the path; the OAuth host answers JSON without it. */
export function requestUrl(request: RedditRequest, base: string, oauth: boolean): string {
  return `${base}${request.path}${oauth ? '' : '.json'}?${request.params.toString()}`;
}
