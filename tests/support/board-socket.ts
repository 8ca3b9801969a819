import { io as connect, type Socket } from 'socket.io-client';
import type { BoardHello, ClientToServerEvents, ServerToClientEvents } from '../../server/realtime/protocol.js';

export type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface BoardSocketAuth {
  /** The session cookie, as the board's browser sends it. */
  cookie?: string | null;
  /** An API token, as an integration sends it (`auth.token`). */
  token?: string;
  origin?: string;
}

/**
 * A socket to the board hub the way the board opens one, but over websocket only and without
 * reconnecting, so a test sees each refusal or drop as it happens. Kept in `sockets` for cleanup.
 */
export function openBoardSocket(url: string, auth: BoardSocketAuth, sockets?: BoardSocket[]): BoardSocket {
  const extraHeaders: Record<string, string> = {};
  if (auth.cookie) extraHeaders.cookie = auth.cookie;
  if (auth.origin) extraHeaders.origin = auth.origin;
  const socket: BoardSocket = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders,
    ...(auth.token ? { auth: { token: auth.token } } : {}),
  });
  sockets?.push(socket);
  return socket;
}

/** Joins the board room and resolves with the hello: the sequence number to resync from. */
export function joinBoard(socket: BoardSocket): Promise<BoardHello> {
  const hello = new Promise<BoardHello>((resolve) => socket.once('board.hello', resolve));
  socket.emit('board.join');
  return hello;
}
