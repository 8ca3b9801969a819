import type { Connector, ConnectorItem, PollResult, RawDocument, ReadResult } from '../connector.js';
import { openRedditClient } from './reddit-client.js';
import { readRedditCursor, rememberSeen, type RedditCursor } from './reddit-cursor.js';
import { looksLikeReddit } from './reddit-document.js';
import { redditOptionsSchema, type RedditOptions } from './reddit-options.js';
import { deletedWarning, readRedditPage } from './reddit-page.js';
import { redditRequest } from './reddit-request.js';
import { parseJsonDocument, tryParseJson } from '../http/json-document.js';

/**
 * Subreddit listings (new, hot, top) and searches, through the public JSON or, with an app's
 * credentials, OAuth. Each poll returns the posts (and comments, which searches and comment
 * pages hold) not seen in the previous polls.
 */
export const redditConnector: Connector<RedditOptions> = {
  kind: 'reddit',
  channel: 'reddit',
  optionsSchema: redditOptionsSchema,
  // Reddit allows about 100 requests a minute with OAuth (10 without): every 5 minutes is polite.
  defaultSchedule: '*/5 * * * *',

  async read(document: RawDocument): Promise<ReadResult> {
    const page = readRedditPage(parseJsonDocument(document.body, document.contentType, 'the reddit answer'));
    const items = page.entries.flatMap((entry) => (entry.item ? [entry.item] : []));
    const deleted = page.entries.filter((entry) => entry.item === null && entry.skipped === 'deleted').length;
    return { items, warnings: [...page.warnings, ...deletedWarning(deleted)] };
  },

  recognizes(document: RawDocument): boolean {
    return looksLikeReddit(tryParseJson(document.body));
  },

  async poll({ options, cursor, fetch, signal, now }): Promise<PollResult> {
    const state = readRedditCursor(cursor);
    const client = await openRedditClient(options, state.token, { fetch, signal, now });
    const known = new Set(state.seen);
    // The first poll takes the newest page only: a source starts from now, not from history.
    const pageLimit = state.seen.length === 0 ? 1 : options.maxPages;
    const items: ConnectorItem[] = [];
    const warnings: string[] = [];
    const onPages: string[] = [];
    const taken = new Set<string>();
    let deleted = 0;
    let after: string | null = null;

    for (let page = 1; ; page++) {
      const response = await client.get(redditRequest(options, after));
      const read = readRedditPage(parseJsonDocument(response.body, response.headers['content-type'] ?? null, 'the reddit answer'));
      warnings.push(...read.warnings);
      let metKnown = false;
      for (const entry of read.entries) {
        if (entry.fullname === null) continue;
        onPages.push(entry.fullname);
        if (known.has(entry.fullname)) {
          // A pinned post stays on top however old it is: meeting it says nothing about where the last poll stopped.
          if (!entry.stickied) metKnown = true;
          continue;
        }
        // New posts push the listing down while we page: the same post can come twice.
        if (taken.has(entry.fullname)) continue;
        taken.add(entry.fullname);
        if (entry.item) items.push(entry.item);
        else if (entry.skipped === 'deleted') deleted++;
      }
      after = read.after;
      if (metKnown || after === null) break;
      if (page >= pageLimit) {
        if (state.seen.length > 0) warnings.push(`more than ${pageLimit} pages were new since the last poll: older posts were not read (raise maxPages or poll more often)`);
        break;
      }
      if (rateLimitSpent(response.headers)) {
        warnings.push("reddit's rate limit is spent: the remaining pages wait for the next poll");
        break;
      }
    }

    warnings.push(...deletedWarning(deleted));
    const next: RedditCursor = { seen: rememberSeen(onPages, state.seen), token: client.token };
    return { items, cursor: next, warnings };
  },
};

/** Reddit counts requests per 10 minutes and says how many are left in x-ratelimit-remaining. */
function rateLimitSpent(headers: Record<string, string>): boolean {
  const remaining = Number(headers['x-ratelimit-remaining']);
  return Number.isFinite(remaining) && remaining < 1;
}
