import { HttpStatusError } from './connector-errors.js';
import type { SafeFetch, SafeFetchRequest } from './http/safe-fetch.js';
import { checkPublishResponse, sendForPublishing } from './publisher.js';

/**
 * Asks a platform how a published post is doing and returns its JSON answer. The errors split as
 * a publish's do: no answer, 429 and 5xx may be tried again (HttpStatusError, RateLimitedError);
 * any other 4xx (the post was deleted, the token revoked) is a PublishRejectedError in the
 * platform's words, and asking again will not help. An answer that is not the JSON expected is
 * retryable here, unlike after a publish: a read changes nothing, so asking again is always safe.
 */
export async function readEngagementJson(fetch: SafeFetch, request: SafeFetchRequest, platform: string): Promise<Record<string, unknown>> {
  const response = await sendForPublishing(fetch, request, platform);
  checkPublishResponse(response, platform, "a reading of the post's engagement");
  try {
    const body: unknown = JSON.parse(response.body.toString('utf8'));
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpStatusError(502, response.url, `${platform} answered the engagement reading with something other than its JSON; Tidewatch will look again`);
}

/** A count as a platform gives it: a whole number of at least 0; one left out counts as none. */
export function countOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
