import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { AnyEvent } from '../domain/index.js';
import type { Store } from '../store/store.js';
import type { ClientToServerEvents, ServerToClientEvents } from './protocol.js';

export const BOARD_ROOM = 'board';

export interface BoardHub {
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  /** Sends committed events to the board room, each under its own action name. */
  broadcast(events: AnyEvent[]): void;
  close(): Promise<void>;
}

/**
 * socket.io on the server's own HTTP server. A client joins the board and learns the last
 * sequence number; from there it applies pushes, and asks /api/events when it sees a gap.
 */
export function attachBoardHub(httpServer: HttpServer, { store, version }: { store: Store; version: string }): BoardHub {
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    serveClient: false,
    // Same origin only until sign-in lands: the board is served by this server.
    cors: { origin: false },
  });

  io.on('connection', (socket) => {
    socket.on('board.join', async () => {
      // Join before reading the sequence, so no event can fall between the two.
      await socket.join(BOARD_ROOM);
      socket.emit('board.hello', { seq: await store.lastSeq(), version });
    });
  });

  return {
    io,
    broadcast(events) {
      for (const event of events) emitEvent(io, event);
    },
    close: () =>
      new Promise<void>((resolve) => {
        io.close(() => resolve());
      }),
  };
}

function emitEvent(io: BoardHub['io'], event: AnyEvent): void {
  // Each event goes out under its own action name; ServerToClientEvents ties that name to its payload type.
  const room = io.to(BOARD_ROOM);
  (room.emit as (action: AnyEvent['action'], event: AnyEvent) => boolean).call(room, event.action, event);
}
