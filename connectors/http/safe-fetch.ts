import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { BlockedAddressError, isPublicAddress } from './address-policy.js';
import { guardedLookup, type ResolveHost } from './guarded-lookup.js';
import { ACCEPTED_ENCODINGS, decodeBody, isEncoded } from './content-encoding.js';

export interface SafeFetchRequest {
  url: string;
  /** GET unless said; publishers POST. A redirect of a POST is not followed with its body. */
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** Abort from outside (the runtime's own deadline). */
  signal?: AbortSignal;
  /**
   * Read no more than this many bytes and hand on what came (`truncated`), instead of failing
   * past the policy's limit: a link preview needs only a page's head. The body is asked for
   * uncompressed, because a cut compressed stream does not decode; a server that compresses
   * anyway is read whole, under the policy's limit.
   */
  readAtMost?: number;
}

export interface SafeFetchResponse {
  status: number;
  /** The URL after redirects. */
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  /** True when `readAtMost` cut the body short. */
  truncated?: boolean;
}

export type SafeFetch = (request: SafeFetchRequest) => Promise<SafeFetchResponse>;

export interface SafeFetchPolicy {
  allowPrivateAddresses: boolean;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** Origins (scheme://host:port) an operator trusts even on a private address, such as the demo's feed simulator. */
  allowedOrigins: readonly string[];
  /** How host names are resolved before the address check; the system resolver unless said (tests, split-horizon DNS). */
  resolveHost?: ResolveHost;
}

export const DEFAULT_FETCH_POLICY: SafeFetchPolicy = {
  allowPrivateAddresses: false,
  timeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  userAgent: 'Tidewatch/0.1 (+newsroom listening)',
  allowedOrigins: [],
};

export class FetchError extends Error {
  constructor(message: string, readonly url: string) {
    super(message);
    this.name = 'FetchError';
  }
}

/**
 * Everything fetched from the network is hostile. The address check runs in the socket's own
 * DNS lookup, so a name that resolves to a private address is refused at connect time and a
 * DNS answer cannot change between the check and the connection.
 */
export function createSafeFetch(overrides: Partial<SafeFetchPolicy> = {}): SafeFetch {
  const policy: SafeFetchPolicy = { ...DEFAULT_FETCH_POLICY, ...overrides };
  // Kept-alive connections are reused without a new lookup, so the address check would not run
  // again: this fetch keeps its own pools, one for requests under the address check and one for
  // those allowed past it, and never shares a connection with other code in the process (Node's
  // global agent keeps connections alive by default).
  const agents = {
    checked: { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) },
    allowed: { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) },
  };
  const connectWith: ConnectWith = (allowPrivate, protocol) => ({
    lookup: guardedLookup(allowPrivate, policy.resolveHost),
    agent: agents[allowPrivate ? 'allowed' : 'checked'][protocol],
  });


  return async function safeFetch(request) {
    let url = request.url;
    // Every address asked for so far: a redirect back to one of them would go round forever.
    const visited = new Set<string>([normalizedTarget(url)]);
    for (let hop = 0; hop <= policy.maxRedirects; hop++) {
      const response = await fetchOnce(url, request, policy, connectWith);
      const location = response.headers['location'];
      const sendsBody = (request.method ?? 'GET') !== 'GET';
      // A write is never replayed at another address: the caller sees the redirect instead.
      if (!sendsBody && response.status >= 300 && response.status < 400 && response.status !== 304 && location) {
        const next = new URL(location, url).toString();
        if (visited.has(normalizedTarget(next))) {
          throw new FetchError(`redirect loop: ${url} sends us back to ${next}, which was already asked for; check the address with the site`, request.url);
        }
        visited.add(normalizedTarget(next));
        url = next;
        continue;
      }
      return response;
    }
    throw new FetchError(`more than ${policy.maxRedirects} redirects`, request.url);
  };
}

/** The URL without its fragment, which never reaches the server. */
function normalizedTarget(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** The DNS lookup and the connection pool for a request, by whether it may reach private addresses. */
type ConnectWith = (allowPrivate: boolean, protocol: 'http:' | 'https:') => { lookup: LookupFunction; agent: http.Agent };

function fetchOnce(
  target: string,
  request: SafeFetchRequest,
  policy: SafeFetchPolicy,
  connectWith: ConnectWith,
): Promise<SafeFetchResponse> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return reject(new FetchError(`not a valid URL: ${target}`, target));
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return reject(new FetchError(`only http and https can be fetched, not ${url.protocol}`, target));
    }
    const allowPrivate = policy.allowPrivateAddresses || policy.allowedOrigins.includes(url.origin);
    // An address literal never reaches the DNS lookup, so it is checked here.
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(literal) && !allowPrivate && !isPublicAddress(literal)) {
      return reject(new BlockedAddressError(url.hostname, literal));
    }
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(
      url,
      {
        method: request.method ?? 'GET',
        headers: { 'user-agent': policy.userAgent, 'accept-encoding': request.readAtMost === undefined ? ACCEPTED_ENCODINGS : 'identity', ...request.headers },
        ...connectWith(allowPrivate, url.protocol),
        timeout: policy.timeoutMs,
        signal: request.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const cutAt = request.readAtMost !== undefined && !isEncoded(res.headers['content-encoding']) ? request.readAtMost : undefined;
        let truncated = false;
        res.on('data', (chunk: Buffer) => {
          if (truncated) return;
          if (cutAt !== undefined && size + chunk.length > cutAt) {
            chunks.push(chunk.subarray(0, cutAt - size));
            truncated = true;
            // Enough read: the rest is never downloaded. Destroyed once answered, so the abort is no failure.
            finish(() => req.destroy());
            return;
          }
          size += chunk.length;
          if (size > policy.maxBytes) {
            req.destroy(new FetchError(`response larger than ${policy.maxBytes} bytes`, target));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          if (!truncated) finish();
        });
        function finish(afterwards?: () => void) {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          // The limit holds for what the body becomes, not only for what crossed the wire.
          decodeBody(Buffer.concat(chunks), headers['content-encoding'], policy.maxBytes).then(
            (body) => {
              // The body handed on is decoded: the encoding and length headers no longer describe it.
              if (isEncoded(headers['content-encoding'])) {
                delete headers['content-encoding'];
                delete headers['content-length'];
              }
              resolve({ status: res.statusCode ?? 0, url: url.toString(), headers, body, ...(truncated ? { truncated } : {}) });
              afterwards?.();
            },
            (error: unknown) => {
              reject(error instanceof Error ? new FetchError(error.message, target) : error);
              afterwards?.();
            },
          );
        }
        res.on('error', reject);
      },
    );
    // The socket timeout only covers idle time; this bounds the whole exchange.
    const deadline = setTimeout(() => req.destroy(new FetchError(`no complete answer within ${policy.timeoutMs} ms`, target)), policy.timeoutMs);
    req.on('timeout', () => req.destroy(new FetchError(`no answer within ${policy.timeoutMs} ms`, target)));
    req.on('error', (error) => reject(error));
    req.on('close', () => clearTimeout(deadline));
    req.end(request.body);
  });
}
