import type { Server } from 'node:http';
import { listen } from '../../server/http/listen.js';

/** Listens on a free loopback port and resolves with the base URL (`http://127.0.0.1:N`). */
export function listenOnLoopback(server: Server): Promise<string> {
  return listen(server, 0, '127.0.0.1');
}

/** Closes a test server, ending kept-alive and hanging connections instead of waiting for them. */
export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
