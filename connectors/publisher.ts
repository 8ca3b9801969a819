import type { z } from 'zod';
import { checkResponse, HttpStatusError } from './connector-errors.js';
import { BlockedAddressError } from './http/address-policy.js';
import type { SafeFetch, SafeFetchRequest, SafeFetchResponse } from './http/safe-fetch.js';

/** What the scheduler hands a publisher: one approved draft version, ready to go out. */
export interface OutgoingPost {
  text: string;
  /** A link to share with the post; appended to the text when the text does not already hold it. */
  link: string | null;
  /** BCP 47 language of the text, when known. */
  language: string | null;
  /** The same for every attempt at the same post, so a retry can never publish twice. */
  idempotencyKey: string;
}

export interface PublishResult {
  /** The platform's own id of what was published (a status id, an at:// URI). */
  platformId: string;
  /** Where the post can be seen; null when the platform has no public address for it (webhooks). */
  url: string | null;
}

/**
 * The publishing side of a platform. Errors tell the scheduler what to do: PublishRejectedError
 * (4xx) means trying again will not help; HttpStatusError and RateLimitedError (5xx, 429, no
 * answer) mean it may try again later, with the same idempotency key.
 */
export interface Publisher<Account = unknown> {
  readonly kind: string;
  /** The credentials and settings of one account on the platform, validated before use. */
  readonly accountSchema: z.ZodType<Account>;
  publish(post: OutgoingPost, account: Account, fetch: SafeFetch): Promise<PublishResult>;
  /**
   * How the platform counts a published post's reception now, by the `platformId` publish gave.
   * Left out where the platform has no such reading (webhooks). Errors split as publish's do.
   */
  engagement?(platformId: string, account: Account, fetch: SafeFetch): Promise<EngagementCounts>;
}

/** A post's reception at one moment, as the platform counts it. */
export interface EngagementCounts {
  likes: number;
  /** Reposts, boosts and quotes: the post passed on. */
  reposts: number;
  replies: number;
}

/** The platform refused the post (4xx other than 429): the message is the platform's, in words. */
export class PublishRejectedError extends Error {
  constructor(
    readonly status: number,
    readonly platform: string,
    message: string,
  ) {
    super(message);
    this.name = 'PublishRejectedError';
  }
}

/** The text with the link added on a line of its own, unless the text already carries it. */
export function textWithLink(post: OutgoingPost): string {
  if (!post.link || post.text.includes(post.link)) return post.text;
  return post.text.trim() === '' ? post.link : `${post.text}\n\n${post.link}`;
}

/**
 * Sends one publishing request. A request that got no answer (time-out, reset connection) may
 * or may not have reached the platform, so it becomes a retryable HttpStatusError (504, as a
 * gateway that timed out would say): the idempotency key makes the retry safe. A refused
 * address is a configuration problem and stays as it is.
 */
export async function sendForPublishing(fetch: SafeFetch, request: SafeFetchRequest, platform: string): Promise<SafeFetchResponse> {
  try {
    return await fetch(request);
  } catch (error) {
    if (error instanceof BlockedAddressError || error instanceof HttpStatusError) throw error;
    throw new HttpStatusError(504, request.url, `no answer from ${platform} (${(error as Error).message}); Tidewatch will try again`);
  }
}

/**
 * Turns an error answer into the error the scheduler expects: 429 and 5xx stay retryable
 * (checkResponse), other 4xx become PublishRejectedError with the platform's own words.
 */
export function checkPublishResponse(response: SafeFetchResponse, platform: string, what = 'the post', now: Date = new Date()): void {
  const { status } = response;
  if (status >= 200 && status < 300) return;
  if (status === 429 || status >= 500 || status < 400) checkResponse(response, now, platform);
  throw new PublishRejectedError(status, platform, `${platform} refused ${what} (HTTP ${status}): ${platformMessage(response)}`);
}

/** The human part of an error body: Mastodon's `error`, atproto's `message`, Slack's plain text. */
export function platformMessage(response: SafeFetchResponse): string {
  const text = response.body.toString('utf8').trim();
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const parts = [body['error_description'], body['message'], body['error']].filter((part): part is string => typeof part === 'string' && part !== '');
    // atproto answers {error: "InvalidRequest", message: "..."}: the message says more than the code.
    if (parts.length > 0) return parts[0]!;
  } catch {
    // Not JSON: Slack and some proxies answer in plain text.
  }
  return text.slice(0, 300) || 'no reason given';
}

/** Parses a JSON answer the platform promised, or says in words what came back instead. */
export function publishedJson(response: SafeFetchResponse, platform: string): Record<string, unknown> {
  try {
    const body: unknown = JSON.parse(response.body.toString('utf8'));
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // fall through
  }
  // The post may have gone out; only the answer is unreadable, so this is not retried blindly.
  throw new PublishRejectedError(response.status, platform, `${platform} accepted the request but its answer was not the JSON expected; check the account before trying again`);
}
