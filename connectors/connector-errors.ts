import type { SafeFetchResponse } from './http/safe-fetch.js';

/** The document is not something the connector understands (not a feed, not this API's JSON). */
export class UnreadableDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableDocumentError';
  }
}

/** The platform answered with an error status; the message says which, in words. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpStatusError';
  }
}

/** The platform asked us to slow down (429, or 503 with Retry-After): the runtime waits this long. */
export class RateLimitedError extends HttpStatusError {
  constructor(
    status: number,
    url: string,
    /** How long to wait before the next request, from Retry-After or the rate-limit headers. */
    readonly retryAfterMs: number,
  ) {
    super(status, url, `the server asked us to slow down (HTTP ${status}); trying again in ${Math.ceil(retryAfterMs / 1000)} s`);
    this.name = 'RateLimitedError';
  }
}

/** Used when a 429 gives no hint of how long to wait. */
const DEFAULT_RETRY_AFTER_MS = 60_000;

/**
 * Waits named by Retry-After (seconds or an HTTP date) or by the reset of rate-limit headers
 * (`x-ratelimit-reset` as epoch seconds or seconds from now, as Reddit, Mastodon and others send).
 */
export function retryAfterMs(headers: Record<string, string>, now: Date): number | null {
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now.getTime());
  }
  const remaining = headers['x-ratelimit-remaining'];
  const reset = headers['x-ratelimit-reset'] ?? headers['ratelimit-reset'];
  if (remaining !== undefined && Number(remaining) <= 0 && reset !== undefined) {
    const value = Number(reset);
    if (Number.isFinite(value)) return value > 1e9 ? Math.max(0, value * 1000 - now.getTime()) : value * 1000;
    const at = Date.parse(reset);
    if (!Number.isNaN(at)) return Math.max(0, at - now.getTime());
  }
  return null;
}

/**
 * Throws for an answer that carries no content to read: rate limits as RateLimitedError, other
 * non-2xx statuses as HttpStatusError. 304 is left to the caller (nothing new since last time).
 */
export function checkResponse(response: SafeFetchResponse, now: Date, what = 'the server'): void {
  const { status } = response;
  if ((status >= 200 && status < 300) || status === 304) return;
  const wait = retryAfterMs(response.headers, now);
  if (status === 429 || ((status === 503 || status === 502) && wait !== null)) {
    throw new RateLimitedError(status, response.url, wait ?? DEFAULT_RETRY_AFTER_MS);
  }
  const hint =
    status === 401 || status === 403
      ? ": check the source's credentials or whether it is public"
      : status === 404 || status === 410
        ? ': check the address; the page may have moved or been removed'
        : status >= 500
          ? ': the platform is having trouble; Tidewatch will try again'
          : '';
  throw new HttpStatusError(status, response.url, `${what} answered HTTP ${status}${hint}`);
}
