import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type { AnyEvent } from '../domain/index.js';
import type { Store } from '../store/store.js';
import { createWorkflowContext } from '../workflow/workflow-context.js';
import { noticesFor } from './notices.js';
import { PresenceRegistry, presenceSetSchema } from './presence.js';
import type { ClientToServerEvents, PresenceAck, ServerToClientEvents } from './protocol.js';
import { SharedPresence, type PresencePart } from './shared-presence.js';
import { identifySocket, reidentifySocket, roomsOf, roomToRecheck, type SocketIdentity } from './socket-identity.js';

export const BOARD_ROOM = 'board';

/** What server processes sharing one database tell each other through the adapter. */
interface InterServerEvents {
  'presence.part': (part: PresencePart) => void;
}

type BoardServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketIdentity>;
type BoardSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketIdentity>;

/** How often a process sends its presence rows again, and when the others forget a silent one. */
const PRESENCE_HEARTBEAT_MS = 10_000;
const PRESENCE_EXPIRE_MS = 30_000;

export interface BoardHub {
  io: BoardServer;
  /** Sends committed events to the board room, each under its own action name, and their notices to whom they concern. */
  broadcast(events: AnyEvent[]): void;
  close(): Promise<void>;
}

export interface BoardHubOptions {
  store: Store;
  version: string;
  /** The clock sessions are checked against; tests pass their own. */
  clock?: () => Date;
  /**
   * The socket.io adapter that carries broadcasts to the other server processes on the same
   * database (postgres-broadcast.ts); absent, this process is alone and socket.io's in-memory one serves.
   */
  adapter?: ServerOptions['adapter'];
  /**
   * Changes committed anywhere, for rechecking this process's sockets (the event feed); the
   * store's own listeners when absent, which hear only this process's commits.
   */
  events?: (listener: (events: AnyEvent[]) => void) => () => void;
}

/**
 * socket.io on the server's own HTTP server. Only signed-in members and API tokens connect; each
 * socket sits in its own room and one per role. A client joins the board and learns the last
 * sequence number; from there it applies pushes, and asks /api/events when it sees a gap.
 * When a session ends, a member is disabled or a token revoked, their sockets are closed.
 * Members say what they are looking at (`presence.set`); the board room hears who is where.
 * With an adapter (several processes on one database), `broadcast` reaches every process's
 * sockets, so each process broadcasts only its own commits.
 */
export function attachBoardHub(httpServer: HttpServer, { store, version, clock = () => new Date(), adapter, events = (l) => store.onEvents(l) }: BoardHubOptions): BoardHub {
  const ctx = createWorkflowContext(store, clock);
  const io: BoardServer = new Server(httpServer, {
    serveClient: false,
    // The board is served by this server; nothing on another origin may read from the socket.
    cors: { origin: false },
    ...(adapter ? { adapter } : {}),
  });

  io.use((socket, next) => {
    identifySocket(ctx, socket.handshake).then(
      (identity) => {
        if ('refused' in identity) return next(new Error(identity.refused));
        socket.data = identity;
        next();
      },
      (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
    );
  });

  // Presence: each process keeps its own sockets' rows and, with other processes on the database,
  // sends them to the others (serverSideEmit) and merges theirs. Each process then tells its own
  // sockets (io.local), so every board hears the merged list once. Asking every process for its
  // sockets on each change (fetchSockets) would cost a round trip to all of them, and wait out
  // the adapter's time-out whenever one has just died.
  const presence = new PresenceRegistry();
  const shared = new SharedPresence(presence, PRESENCE_EXPIRE_MS);
  const processId = randomUUID();
  const sendPresence = () => io.local.to(BOARD_ROOM).emit('presence', { entries: shared.entries() });
  const sharePresence = (ask = false) => {
    if (adapter) io.serverSideEmit('presence.part', { process: processId, rows: presence.rows(), ...(ask ? { ask } : {}) });
  };
  /** After this process's registry changed: the others learn of it, and this process's sockets too when the merged list moved. */
  const presenceChanged = () => {
    sharePresence();
    if (shared.changed()) sendPresence();
  };
  if (adapter) {
    io.on('presence.part', (part) => {
      if (typeof part?.process !== 'string' || !Array.isArray(part.rows)) return;
      if (shared.take(part, clock().getTime())) sendPresence();
      if (part.ask) sharePresence();
    });
    sharePresence(true);
  }
  const heartbeat = adapter
    ? setInterval(() => {
        sharePresence();
        if (shared.expire(clock().getTime())) sendPresence();
      }, PRESENCE_HEARTBEAT_MS)
    : null;
  heartbeat?.unref();

  /** Takes what a socket says it shows; a bad payload is refused in words and changes nothing. */
  function setPresence(socket: BoardSocket, payload: unknown): PresenceAck {
    const { principal } = socket.data;
    if (principal.kind !== 'member') return { ok: false, error: 'presence is for members: an API token is not a person on the board' };
    const parsed = presenceSetSchema.safeParse(payload);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`).join('; ');
      return { ok: false, error: `send { kind: "opportunity" | "draft", id, editing } or null (${problems})` };
    }
    if (presence.set(socket.id, { memberId: principal.id, name: principal.name }, parsed.data, clock())) presenceChanged();
    return { ok: true };
  }

  io.on('connection', (socket) => {
    void socket.join(roomsOf(socket.data.principal));
    socket.on('board.join', async () => {
      // Join before reading the sequence, so no event can fall between the two.
      await socket.join(BOARD_ROOM);
      socket.emit('board.hello', { seq: await store.lastSeq(), version });
      socket.emit('presence', { entries: shared.entries() });
    });
    socket.on('presence.set', (payload: unknown, ack?: unknown) => {
      const answer = setPresence(socket, payload);
      // The acknowledgement is the client's to ask for; anything else in its place is ignored.
      if (typeof ack === 'function') (ack as (answer: PresenceAck) => void)(answer);
    });
    socket.on('disconnect', () => {
      if (presence.remove(socket.id)) presenceChanged();
    });
  });

  /** Checks every socket of a room again: gone credentials disconnect, changed roles move rooms. */
  async function recheck(room: string): Promise<void> {
    // This process's sockets: each server process rechecks its own when it sees the event.
    const ids = [...(io.of('/').adapter.rooms.get(room) ?? [])];
    for (const id of ids) {
      const socket = io.sockets.sockets.get(id);
      if (!socket) continue;
      const principal = await reidentifySocket(ctx, socket.data.credential);
      if (!principal) {
        socket.disconnect(true);
        continue;
      }
      const before = new Set(roomsOf(socket.data.principal));
      const after = new Set(roomsOf(principal));
      for (const old of before) if (!after.has(old)) void socket.leave(old);
      for (const fresh of after) if (!before.has(fresh)) void socket.join(fresh);
      socket.data = { ...socket.data, principal };
      if (principal.kind === 'member' && presence.rename(principal.id, principal.name)) presenceChanged();
    }
  }

  const stopWatching = events((events) => {
    const rooms = new Set(events.map(roomToRecheck).filter((room) => room !== null));
    for (const room of rooms) {
      recheck(room).catch((error: unknown) => console.error(`could not recheck the sockets of ${room}: ${(error as Error).message}`));
    }
  });

  return {
    io,
    broadcast(events) {
      for (const event of events) {
        emitEvent(io, event);
        for (const { room, notice } of noticesFor(event)) io.to(room).emit('notice', notice);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        stopWatching();
        if (heartbeat) clearInterval(heartbeat);
        io.close(() => resolve());
      }),
  };
}

function emitEvent(io: BoardHub['io'], event: AnyEvent): void {
  // Each event goes out under its own action name; ServerToClientEvents ties that name to its payload type.
  const room = io.to(BOARD_ROOM);
  (room.emit as (action: AnyEvent['action'], event: AnyEvent) => boolean).call(room, event.action, event);
}
