import type { PollContext } from '../connector.js';
import { checkResponse } from '../connector-errors.js';
import { readHnDocument, type HnDocument } from './hackernews-document.js';
import { parseJsonDocument } from '../http/json-document.js';

type FetchContext = Pick<PollContext<unknown>, 'fetch' | 'signal' | 'now'>;

/** GETs one HN answer and reads it; error statuses and non-JSON throw. */
export async function fetchHnDocument(url: string, ctx: FetchContext, what: string): Promise<HnDocument> {
  const response = await ctx.fetch({ url, headers: { accept: 'application/json' }, signal: ctx.signal });
  checkResponse(response, ctx.now, what);
  return readHnDocument(parseJsonDocument(response.body, response.headers['content-type'] ?? null, what));
}
