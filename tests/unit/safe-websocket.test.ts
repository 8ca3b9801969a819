import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { HttpStatusError, RateLimitedError } from '../../connectors/connector-errors.js';
import { BlockedAddressError } from '../../connectors/http/address-policy.js';
import { createSafeWebSocket } from '../../connectors/http/safe-websocket.js';
import { closeServer } from '../support/local-server.js';

describe('safe websocket', () => {
  let server: http.Server;
  let sockets: WebSocketServer;
  let port: number;
  let connections = 0;
  /** How the server answers an upgrade: open it, or refuse with a status. */
  let refuse: { status: number; headers: Record<string, string> } | null = null;

  beforeAll(async () => {
    server = http.createServer();
    sockets = new WebSocketServer({
      server,
      verifyClient: (_info, done) => (refuse ? done(false, refuse.status, 'refused', refuse.headers) : done(true)),
    });
    sockets.on('connection', (socket) => {
      connections++;
      socket.send('hello');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    for (const client of sockets.clients) client.terminate();
    await new Promise<void>((resolve) => sockets.close(() => resolve()));
    await closeServer(server);
  });

  beforeEach(() => {
    connections = 0;
    refuse = null;
  });

  it('refuses a loopback address literal by default, before connecting', async () => {
    await expect(createSafeWebSocket()(`ws://127.0.0.1:${port}/`)).rejects.toBeInstanceOf(BlockedAddressError);
    expect(connections).toBe(0);
  });

  it('refuses a name that resolves to loopback, in the socket lookup', async () => {
    const error = await createSafeWebSocket()(`ws://localhost:${port}/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect((error as Error).message).toMatch(/^refused to fetch localhost: it resolves to/);
    expect(connections).toBe(0);
  });

  it('refuses other schemes', async () => {
    await expect(createSafeWebSocket({ allowPrivateAddresses: true })(`http://127.0.0.1:${port}/`)).rejects.toThrow(/only ws and wss/);
  });

  it('opens when private addresses are allowed, or the origin is trusted; no message is lost before listening', async () => {
    for (const open of [createSafeWebSocket({ allowPrivateAddresses: true }), createSafeWebSocket({ allowedOrigins: [`ws://127.0.0.1:${port}`] })]) {
      const socket = await open(`ws://127.0.0.1:${port}/`);
      const message = new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
      socket.resume();
      expect(await message).toBe('hello');
      socket.close();
    }
    expect(connections).toBe(2);
  });

  it('a refused upgrade is the same error a fetch would give', async () => {
    const open = createSafeWebSocket({ allowPrivateAddresses: true });
    refuse = { status: 429, headers: { 'retry-after': '7' } };
    const limited = await open(`ws://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(7000);
    refuse = { status: 403, headers: {} };
    const forbidden = await open(`ws://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(HttpStatusError);
    expect((forbidden as HttpStatusError).status).toBe(403);
  });
});
