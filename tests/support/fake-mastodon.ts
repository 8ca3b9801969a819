import http from 'node:http';
import { closeServer, listenOnLoopback } from './local-server.js';

/** What the fake answers to one new status: a working platform, an error, or a status made and no answer. */
export type MastodonAnswer = 'ok' | 'create-then-hang' | { status: number; body?: unknown; headers?: Record<string, string> };

export interface FakeMastodon {
  origin: string;
  /** Every POST /api/v1/statuses, in order, with the Idempotency-Key it carried. */
  requests: Array<{ idempotencyKey: string | null; authorization: string | null }>;
  /** Statuses really created: what a duplicate would show up in. */
  created: Array<{ id: string; text: string; idempotencyKey: string | null }>;
  /** How the next requests are answered, in order; once empty, the platform works. */
  script: MastodonAnswer[];
  close(): Promise<void>;
}

/**
 * A Mastodon instance's statuses API as far as publishing sees it: a repeated Idempotency-Key is
 * answered with the status it already created (Mastodon keeps keys for an hour), errors are
 * `{ error }` bodies, and a status can be created without an answer ever coming back (a
 * connection cut after the platform acted).
 */
export async function startFakeMastodon(): Promise<FakeMastodon> {
  const byKey = new Map<string, { id: string; url: string }>();
  const fake: Omit<FakeMastodon, 'origin' | 'close'> = { requests: [], created: [], script: [] };
  let origin = '';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/api/v1/statuses') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Record not found' }));
        return;
      }
      const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
      fake.requests.push({ idempotencyKey: key, authorization: req.headers.authorization ?? null });
      const answer = fake.script.shift() ?? 'ok';
      if (typeof answer === 'object') {
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body ?? { error: 'Something went wrong' }));
        return;
      }
      const known = key === null ? undefined : byKey.get(key);
      if (known) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...known, uri: known.url }));
        return;
      }
      const id = String(110_000_000_000_000_000 + fake.created.length + 1);
      const status = { id, url: `${origin}/@desk/${id}` };
      const text = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { status: string }).status;
      fake.created.push({ id, text, idempotencyKey: key });
      if (key !== null) byKey.set(key, status);
      // The status exists; the answer never leaves: the caller cannot know it went out.
      if (answer === 'create-then-hang') return;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...status, uri: status.url }));
    });
  });
  origin = await listenOnLoopback(server);
  return Object.assign(fake, { origin, close: () => closeServer(server) });
}
