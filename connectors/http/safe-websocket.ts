import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import WebSocket from 'ws';
import { checkResponse } from '../connector-errors.js';
import { BlockedAddressError, isPublicAddress } from './address-policy.js';
import { guardedLookup } from './guarded-lookup.js';
import { DEFAULT_FETCH_POLICY } from './safe-fetch.js';

export interface SafeWebSocketPolicy {
  allowPrivateAddresses: boolean;
  /** Origins (ws://host:port or wss://host:port) an operator trusts even on a private address. */
  allowedOrigins: readonly string[];
  /** How long the connection and upgrade may take. */
  handshakeTimeoutMs: number;
  /** The largest single message accepted; a larger one closes the connection. */
  maxPayloadBytes: number;
  userAgent: string;
}

export const DEFAULT_WEBSOCKET_POLICY: SafeWebSocketPolicy = {
  allowPrivateAddresses: false,
  allowedOrigins: [],
  handshakeTimeoutMs: 15_000,
  maxPayloadBytes: 1024 * 1024,
  userAgent: DEFAULT_FETCH_POLICY.userAgent,
};

/**
 * Opens a connection, or fails: how a connector reaches a streaming endpoint. The socket comes
 * back paused, so no message is lost between the opening and the caller's listeners: call
 * `resume()` once they are attached.
 */
export type OpenWebSocket = (url: string, signal?: AbortSignal) => Promise<WebSocket>;

/**
 * The websocket counterpart of the safe fetch: the same address policy, applied in the socket's
 * own DNS lookup (so a name that resolves to a private address is refused at connect time),
 * no redirects, a bounded handshake and bounded messages. A refused upgrade becomes the same
 * HttpStatusError or RateLimitedError a fetch would give.
 */
export function createSafeWebSocket(overrides: Partial<SafeWebSocketPolicy> = {}): OpenWebSocket {
  const policy: SafeWebSocketPolicy = { ...DEFAULT_WEBSOCKET_POLICY, ...overrides };

  return (target, signal) =>
    new Promise<WebSocket>((resolve, reject) => {
      let url: URL;
      try {
        url = new URL(target);
      } catch {
        return reject(new Error(`not a valid websocket address: ${target}`));
      }
      if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
        return reject(new Error(`only ws and wss can be opened, not ${url.protocol}`));
      }
      const allowPrivate = policy.allowPrivateAddresses || policy.allowedOrigins.includes(url.origin);
      // An address literal never reaches the DNS lookup, so it is checked here.
      const literal = url.hostname.replace(/^\[|\]$/g, '');
      if (isIP(literal) && !allowPrivate && !isPublicAddress(literal)) {
        return reject(new BlockedAddressError(url.hostname, literal));
      }
      if (signal?.aborted) return reject(signal.reason);

      const socket = new WebSocket(url, {
        headers: { 'user-agent': policy.userAgent },
        lookup: guardedLookup(allowPrivate),
        handshakeTimeout: policy.handshakeTimeoutMs,
        maxPayload: policy.maxPayloadBytes,
        followRedirects: false,
        perMessageDeflate: false,
      });
      // Ending a socket that never opened makes ws emit one more error: it is already reported.
      const end = () => {
        socket.on('error', () => {});
        socket.terminate();
      };
      const onAbort = () => {
        settle();
        end();
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = () => {
        signal?.removeEventListener('abort', onAbort);
        socket.off('open', onOpen);
        socket.off('error', onError);
        socket.off('unexpected-response', onUnexpectedResponse);
      };
      const onOpen = () => {
        settle();
        // A server may send at once; the caller attaches its listeners only after this promise settles.
        socket.pause();
        resolve(socket);
      };
      const onError = (error: Error) => {
        settle();
        end();
        reject(error);
      };
      const onUnexpectedResponse = (_request: unknown, response: IncomingMessage) => {
        settle();
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        response.resume();
        end();
        try {
          checkResponse({ status: response.statusCode ?? 0, url: target, headers, body: Buffer.alloc(0) }, new Date(), 'the streaming server');
          reject(new Error(`the streaming server answered HTTP ${response.statusCode} instead of opening a websocket`));
        } catch (error) {
          reject(error);
        }
      };
      socket.on('open', onOpen);
      socket.on('error', onError);
      socket.on('unexpected-response', onUnexpectedResponse);
    });
}
