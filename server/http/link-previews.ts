import { BlockedAddressError, literalAddressRefusal } from '../../connectors/http/address-policy.js';
import { decodePage, readPagePreview } from '../../connectors/http/page-preview.js';
import { createSafeFetch, type SafeFetch } from '../../connectors/http/safe-fetch.js';
import type { LinkPreview } from '../realtime/protocol.js';
import { invalidField } from '../workflow/workflow-errors.js';
import { HttpError } from './http-error.js';

/** A member is waiting for the card: a page that takes longer gets none. */
const PREVIEW_TIMEOUT_MS = 5_000;
/** The head of a page is all a preview reads; most heads fit many times over. */
const HEAD_BYTES = 256 * 1024;
/** A server that compresses anyway is read whole: up to this much. */
const MAX_BYTES = 2 * 1024 * 1024;
const CACHE_ENTRIES = 500;
const CACHE_MS = 30 * 60_000;
/** A failure is remembered briefly, so a board full of one dead link does not knock on it again and again. */
const FAILURE_CACHE_MS = 60_000;

export interface LinkPreviewOptions {
  /** TIDEWATCH_ALLOW_PRIVATE_FETCH: the same leave sources need to reach private addresses. */
  allowPrivateAddresses: boolean;
  /** The operator's fetch timeout; previews wait at most PREVIEW_TIMEOUT_MS whatever it says. */
  timeoutMs: number;
  clock: () => Date;
}

export type LinkPreviews = (url: string) => Promise<LinkPreview>;

/**
 * Link previews for the board: the page's own title, description and site name, as text. The
 * page is fetched with the guarded fetch sources use (no private or loopback addresses unless the
 * operator allows them, redirects and sizes bounded), only its head is read, and answers are kept
 * in memory for half an hour, the most recently asked 500.
 */
export function createLinkPreviews({ allowPrivateAddresses, timeoutMs, clock }: LinkPreviewOptions): LinkPreviews {
  const fetch = createSafeFetch({ allowPrivateAddresses, timeoutMs: Math.min(timeoutMs, PREVIEW_TIMEOUT_MS), maxBytes: MAX_BYTES });
  const cache = new Map<string, { until: number; preview: Promise<LinkPreview> }>();

  return async function linkPreview(url) {
    // Refused as written, before anything is asked of the network (the fetch checks again, and names that resolve inward).
    const refusal = allowPrivateAddresses ? null : literalAddressRefusal(url);
    if (refusal) throw invalidField('url', refusal);
    const key = cacheKey(url);
    const now = clock().getTime();
    const hit = cache.get(key);
    if (hit && hit.until > now) {
      // Most recently asked last: the oldest goes first when the cache is full.
      cache.delete(key);
      cache.set(key, hit);
      return hit.preview;
    }
    const preview = readPreview(fetch, url);
    const entry = { until: now + CACHE_MS, preview };
    cache.set(key, entry);
    while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    preview.catch(() => {
      entry.until = Math.min(entry.until, clock().getTime() + FAILURE_CACHE_MS);
    });
    return preview;
  };
}

/** The address without its fragment, which never reaches the server. */
function cacheKey(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.toString();
}

async function readPreview(fetch: SafeFetch, url: string): Promise<LinkPreview> {
  const host = new URL(url).host;
  let response: Awaited<ReturnType<SafeFetch>>;
  try {
    response = await fetch({ url, readAtMost: HEAD_BYTES, headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' } });
  } catch (error) {
    if (error instanceof BlockedAddressError) {
      throw invalidField(
        'url',
        `${error.host} resolves to ${error.address}, a private or local address; Tidewatch does not fetch those unless the operator allows private fetches (TIDEWATCH_ALLOW_PRIVATE_FETCH=true)`,
      );
    }
    throw new HttpError(502, 'unreachable', `could not read ${host} for a preview: ${why(error)}`);
  }
  if (response.status < 200 || response.status > 299) {
    throw new HttpError(502, 'unreachable', `${host} answered ${response.status} for this link, so there is no preview; the link itself may still work in a browser`);
  }
  const finalHost = new URL(response.url).hostname;
  const type = response.headers['content-type'] ?? '';
  // An image, a PDF, a video: nothing to read, but the card can still name the site.
  if (type !== '' && !/html|xml/i.test(type)) return { url: response.url, title: null, description: null, siteName: finalHost };
  const page = readPagePreview(decodePage(response.body, type || undefined));
  return { url: response.url, title: page.title, description: page.description, siteName: page.siteName ?? finalHost };
}

/** A network failure in words. */
function why(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'no such host (the name does not resolve)';
    case 'ECONNREFUSED':
      return 'the server refused the connection';
    case 'ECONNRESET':
      return 'the server dropped the connection';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the host cannot be reached from here';
    default:
      return (error as Error).message || String(error);
  }
}
