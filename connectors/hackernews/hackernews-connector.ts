import type { Connector, PollResult, RawDocument, ReadResult } from '../connector.js';
import { pollAlgoliaSearch } from './algolia-poll.js';
import { pollFirebaseList } from './firebase-poll.js';
import { looksLikeHackernews, readHnDocument } from './hackernews-document.js';
import { hackernewsOptionsSchema, type HackernewsOptions } from './hackernews-options.js';
import { parseJsonDocument, tryParseJson } from '../http/json-document.js';
import { SkipCounter } from './skip-warnings.js';

/**
 * Hacker News: a Firebase list (new, top, best), item by item, or a search through HN Search
 * (Algolia). Items keep HN's own id, so a story found both ways is one item.
 */
export const hackernewsConnector: Connector<HackernewsOptions> = {
  kind: 'hackernews',
  channel: 'hackernews',
  optionsSchema: hackernewsOptionsSchema,
  // Firebase has no rate limit to speak of, but a list changes slowly and each item is a request.
  defaultSchedule: '*/5 * * * *',

  async read(document: RawDocument): Promise<ReadResult> {
    const read = readHnDocument(parseJsonDocument(document.body, document.contentType, 'the Hacker News answer'));
    switch (read.shape) {
      case 'ids':
        // An id list names items without holding them: nothing to read, nothing wrong.
        return { items: [], warnings: [] };
      case 'search':
        return {
          items: read.entries.map((entry) => entry.item),
          warnings: read.unreadable > 0 ? [`${read.unreadable} ${read.unreadable === 1 ? 'hit' : 'hits'} without a readable objectID ignored`] : [],
        };
      case 'item': {
        if (read.outcome.item) return { items: [read.outcome.item], warnings: [] };
        const skipped = new SkipCounter();
        skipped.add(read.outcome.skipped);
        return { items: [], warnings: skipped.warnings() };
      }
    }
  },

  recognizes(document: RawDocument): boolean {
    return looksLikeHackernews(tryParseJson(document.body));
  },

  poll(ctx): Promise<PollResult> {
    const { query, list } = ctx.options;
    return query !== undefined ? pollAlgoliaSearch(query, ctx) : pollFirebaseList(list ?? 'new', ctx);
  },
};
