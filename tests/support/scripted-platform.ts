import http from 'node:http';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { closeServer, listenOnLoopback } from './local-server.js';

/** A request the scripted platform received. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What the platform answers: JSON by default (a string body is sent as is). */
export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * A local server standing in for a social platform's API: each test sets `handle` to answer as the
 * platform would, and reads back what the code under test sent in `seen`.
 */
export class ScriptedPlatform {
  readonly seen: SeenRequest[] = [];
  handle: (request: SeenRequest) => ScriptedAnswer = () => ({ status: 404 });
  origin = '';
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      this.seen.push(request);
      const answer = this.handle(request);
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
      res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {}));
    });
  });

  async listen(): Promise<void> {
    this.origin = await listenOnLoopback(this.server);
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }
}

/** A scripted platform for the tests of one file: listening before them, emptied of requests before each, closed after. */
export function useScriptedPlatform(): ScriptedPlatform {
  const platform = new ScriptedPlatform();
  beforeAll(() => platform.listen());
  afterAll(() => platform.close());
  beforeEach(() => {
    platform.seen.length = 0;
  });
  return platform;
}
