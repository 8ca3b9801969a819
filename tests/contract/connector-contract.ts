import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, RawDocument } from '../../connectors/connector.js';
import { HttpStatusError, RateLimitedError, UnreadableDocumentError } from '../../connectors/connector-errors.js';
import { createSafeFetch, type SafeFetch } from '../../connectors/http/safe-fetch.js';
import { listen } from '../../server/http/listen.js';
import { closeServer } from '../support/local-server.js';

/** What the suite needs to know of one connector: valid options, and a document of its platform. */
export interface ConnectorExample {
  /** Options its schema accepts: the platform's real addresses are fine, every request goes to a local server. */
  options: Record<string, unknown>;
  /** A response of the platform, as `read` gets it, that holds at least one item. */
  sample: RawDocument;
}

/** Longer than any honest answer to a local server takes: a connector still busy by then is hanging. */
const HANG_MS = 5_000;

const HTML_PAGE: RawDocument = {
  body: Buffer.from('<!doctype html><html><head><title>Harbour news</title></head><body><h1>Harbour news</h1><p>Nothing to poll here.</p></body></html>'),
  contentType: 'text/html; charset=utf-8',
  url: 'https://news.example/',
};

/** Settles with the promise's outcome, or fails the test naming what hung. */
async function settles<T>(what: string, promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${HANG_MS} ms: it hangs`)), HANG_MS);
  });
  try {
    return await Promise.race([promise.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error })), hung]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What every connector must do, whatever its platform (DESIGN.md section 6). Run against each
 * entry of CONNECTORS by tests/contract/connectors.test.ts, so a connector added later is held to
 * it the day it is listed.
 */
export function connectorContract(connector: Connector<any>, example: ConnectorExample): void {
  describe(`Connector contract: ${connector.kind}`, () => {
    let server: http.Server;
    let origin: string;
    let answer: { status: number; headers: Record<string, string>; body: string } = { status: 200, headers: {}, body: '' };
    const requests: string[] = [];

    beforeAll(async () => {
      server = http.createServer((req, res) => {
        requests.push(req.url ?? '');
        res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        res.end(answer.body);
      });
      origin = await listen(server, 0, '127.0.0.1');
    });

    afterAll(async () => {
      await closeServer(server);
    });

    /** Safe fetch, with every address sent to the local server (path and query kept). */
    function localFetch(): SafeFetch {
      const fetch = createSafeFetch({ allowedOrigins: [origin], timeoutMs: 2_000 });
      return (request) => {
        const url = new URL(request.url);
        return fetch({ ...request, url: `${origin}${url.pathname}${url.search}` });
      };
    }

    function poll() {
      const options = connector.optionsSchema.parse(example.options);
      return connector.poll({ options, cursor: null, fetch: localFetch(), now: new Date(), signal: new AbortController().signal });
    }

    it('has a kind, a channel and a default schedule', async () => {
      expect(connector.kind).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(connector.channel).not.toBe('');
      const cron = (await import('node-cron')).default;
      expect(cron.validate(connector.defaultSchedule), `default schedule "${connector.defaultSchedule}"`).toBe(true);
    });

    it('accepts its example options', () => {
      const parsed = connector.optionsSchema.safeParse(example.options);
      expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues)).toBe(true);
    });

    it.each([null, 42, 'garbage', [], { url: 42, subreddit: 42, instance: 42, query: 42, feed: 42, timeline: 42, channelId: 42 }])('refuses the options %j with a message', (garbage) => {
      const parsed = connector.optionsSchema.safeParse(garbage);
      expect(parsed.success).toBe(false);
      const issue = parsed.error?.issues[0];
      expect(issue?.message.trim().length).toBeGreaterThan(0);
    });

    it.each([
      ['an empty body', Buffer.alloc(0)],
      ['random bytes', randomBytes(4096)],
      ['an HTML page', HTML_PAGE.body],
    ])('reading %s throws UnreadableDocumentError or gives no items, without hanging', async (_what, body) => {
      const result = await settles('read', connector.read({ body, contentType: null, url: 'https://news.example/' }));
      if (result.ok) expect(result.value.items).toEqual([]);
      else expect(result.error).toBeInstanceOf(UnreadableDocumentError);
    });

    it('does not take an HTML page for one of its documents', () => {
      expect(connector.recognizes(HTML_PAGE)).toBe(false);
    });

    it('recognizes its sample', () => {
      expect(connector.recognizes(example.sample)).toBe(true);
    });

    it('reads items with a stable id and no date in the future from its sample', async () => {
      const result = await settles('read', connector.read(example.sample));
      if (!result.ok) throw result.error;
      const { items } = result.value;
      expect(items.length).toBeGreaterThan(0);
      const now = Date.now();
      for (const item of items) {
        expect(item.externalId.trim(), JSON.stringify(item)).not.toBe('');
        expect(typeof item.text).toBe('string');
        if (item.publishedAt !== null) {
          expect(Number.isNaN(Date.parse(item.publishedAt)), item.publishedAt).toBe(false);
          expect(Date.parse(item.publishedAt), `${item.externalId} published ${item.publishedAt}`).toBeLessThanOrEqual(now);
        }
      }
      const again = await connector.read(example.sample);
      expect(again.items.map((i) => i.externalId)).toEqual(items.map((i) => i.externalId));
    });

    it('throws RateLimitedError with the wait when the platform answers 429 with Retry-After', async () => {
      answer = { status: 429, headers: { 'retry-after': '120' }, body: 'slow down' };
      requests.length = 0;
      const result = await settles('poll', poll());
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toBeInstanceOf(RateLimitedError);
      expect((result.error as RateLimitedError).retryAfterMs).toBe(120_000);
      // It asked, was told to wait, and did not ask again in the same poll.
      expect(requests.length).toBe(1);
    });

    it('throws HttpStatusError naming the status when the platform answers 500', async () => {
      answer = { status: 500, headers: {}, body: 'Internal Server Error' };
      const result = await settles('poll', poll());
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toBeInstanceOf(HttpStatusError);
      expect(result.error).not.toBeInstanceOf(RateLimitedError);
      expect((result.error as HttpStatusError).status).toBe(500);
      expect((result.error as Error).message).toContain('500');
    });
  });
}
