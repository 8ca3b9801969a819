import http, { type Server as HttpServer } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { createApp } from '../../server/http/app.js';
import { attachBoardHub, type BoardHub } from '../../server/realtime/board-hub.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { listenOnLoopback } from './local-server.js';
import { tempDir } from './temp-dir.js';

export interface GuardHub {
  dir: ReturnType<typeof tempDir>;
  store: Store;
  app: ReturnType<typeof createApp>;
  hub: BoardHub;
  url: string;
  close(): Promise<void>;
}

/** The HTTP app and the board hub on one loopback port over a lowdb store in a temp dir, as the server wires them. */
export async function startGuardHub(): Promise<GuardHub> {
  const dir = tempDir();
  const store = await openLowdbStore({ dataDir: dir.path });
  const app = createApp({ store, version: 'guard', startedAt: Date.now(), webRoot: null, log: () => undefined, clock: () => new Date() });
  const server = createAdaptorServer({ fetch: app.fetch }) as HttpServer;
  const hub = attachBoardHub(server, { store, version: 'guard' });
  store.onEvents((events) => hub.broadcast(events));
  const url = await listenOnLoopback(server);
  return {
    dir,
    store,
    app,
    hub,
    url,
    async close() {
      await hub.close();
      await store.close();
      dir.remove();
    },
  };
}

/**
 * A JSON POST over a real connection from a chosen local address (any of 127/8 works on Linux),
 * so a test can be two different clients to the server's per-address limits.
 */
export function postFrom(baseUrl: string, path: string, body: unknown, localAddress: string): Promise<{ status: number; body: any }> {
  const target = new URL(path, baseUrl);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', localAddress, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
