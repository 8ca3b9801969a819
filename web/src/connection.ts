import { io, type Socket } from 'socket.io-client';
import type { AnyEvent, BoardHello, ClientToServerEvents, EventAction, Notice, PresenceSet, PresenceSnapshot, ServerToClientEvents } from '../../server/realtime/protocol.js';

export type ConnectionState = 'live' | 'reconnecting' | 'offline';

export interface ConnectionStatus {
  state: ConnectionState;
  /** What is happening, in words an editor can act on. */
  message: string;
}

export interface BoardConnectionHandlers {
  onEvent(event: AnyEvent): void;
  /** Called after every (re)join: the moment to catch up on anything missed. */
  onHello(hello: BoardHello): void;
  onStatus(status: ConnectionStatus): void;
  /** The server refused the socket because nobody is signed in (any more): show the sign-in screen. */
  onSignInRequired(): void;
  /** Something that should interrupt this member: a review to do, an escalation, a mention. */
  onNotice(notice: Notice): void;
  /** Who is looking at or editing which record, whenever that changes. */
  onPresence(snapshot: PresenceSnapshot): void;
}

export interface BoardConnection {
  /** Tell the others what this tab shows (and whether it edits); null when neither. Kept across reconnects. */
  setPresence(target: PresenceSet | null): void;
  close(): void;
}

/** Every action the board listens for; the compiler flags an action added to the protocol. */
const BOARD_ACTIONS: { readonly [A in EventAction]: true } = {
  'items.create': true,
  'stories.update': true,
  'sources.update': true,
  'sources.remove': true,
  'members.create': true,
  'members.update': true,
  'members.password': true,
  'sessions.create': true,
  'sessions.revoke': true,
  'tokens.create': true,
  'tokens.revoke': true,
  'beats.create': true,
  'beats.update': true,
  'opportunities.create': true,
  'opportunities.pitch': true,
  'opportunities.claim': true,
  'opportunities.assign': true,
  'opportunities.dismiss': true,
  'opportunities.expire': true,
  'opportunities.update': true,
  'opportunities.watch': true,
  'drafts.create': true,
  'drafts.revise': true,
  'drafts.submit': true,
  'drafts.update': true,
  'reviews.open': true,
  'reviews.decide': true,
  'reviews.reopen': true,
  'reviews.escalate': true,
  'posts.schedule': true,
  'posts.cancel': true,
  'posts.hold': true,
  'posts.override': true,
  'posts.claim': true,
  'posts.publish': true,
  'posts.fail': true,
  'posts.miss': true,
  'posts.confirm': true,
  'posts.engagement': true,
  'accounts.create': true,
  'accounts.update': true,
  'comments.create': true,
  'erasures.create': true,
  'items.expire': true,
  'tallies.create': true,
};

/** How the server words a refusal for want of a session (see server/realtime/socket-identity.ts). */
const SIGN_IN_REFUSAL = /sign in/i;

/** Failed attempts in a row before the board calls itself offline rather than reconnecting. */
const OFFLINE_AFTER_FAILURES = 3;

type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

function isKnownAction(name: string): name is EventAction {
  return Object.hasOwn(BOARD_ACTIONS, name);
}

function looksLikeEvent(name: string, payload: unknown): payload is AnyEvent {
  if (typeof payload !== 'object' || payload === null) return false;
  const candidate = payload as { seq?: unknown; action?: unknown };
  return typeof candidate.seq === 'number' && Number.isInteger(candidate.seq) && candidate.action === name;
}

/**
 * The board's socket: joins the board room on every connection, reports its state, and hands
 * each change event (whatever its action) to `onEvent` in arrival order.
 */
export function connectBoard(handlers: BoardConnectionHandlers): BoardConnection {
  const socket: BoardSocket = io({ path: '/socket.io' });
  let failures = 0;
  let firstVersion: string | null = null;
  let connectedOnce = false;

  const report = (state: ConnectionState, message: string): void => handlers.onStatus({ state, message });
  report('reconnecting', 'Connecting to the Tidewatch server…');

  socket.on('connect', () => {
    failures = 0;
    report('reconnecting', connectedOnce ? 'Back online; rejoining the board…' : 'Connected; joining the board…');
    connectedOnce = true;
    socket.emit('board.join');
  });

  socket.on('board.hello', (hello) => {
    firstVersion ??= hello.version;
    const message =
      hello.version === firstVersion
        ? 'New items and stories appear as they arrive.'
        : `The server was updated to ${hello.version}: reload the page to get the newest board.`;
    report('live', message);
    // The server forgot this tab's presence with its old socket.
    if (presence) socket.emit('presence.set', presence);
    handlers.onHello(hello);
  });

  socket.on('notice', (notice) => handlers.onNotice(notice));
  socket.on('presence', (snapshot) => handlers.onPresence(snapshot));
  let presence: PresenceSet | null = null;

  // Change events arrive under their action names; onAny also catches actions this build
  // does not know yet, so their sequence numbers do not look like gaps.
  socket.onAny((name: string, payload: unknown) => {
    if (name === 'board.hello' || name === 'notice' || name === 'presence') return;
    if (!looksLikeEvent(name, payload)) return;
    if (!isKnownAction(name)) console.info(`Tidewatch: ignoring unknown event ${name} #${payload.seq}`);
    handlers.onEvent(payload);
  });

  socket.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') {
      report('offline', 'Disconnected from the server.');
      return;
    }
    if (reason === 'io server disconnect') {
      // The server closed the session on purpose; socket.io will not retry by itself.
      socket.connect();
      report('reconnecting', 'The server closed the connection; reconnecting. Missed updates will be fetched.');
      return;
    }
    report('reconnecting', 'Connection lost; reconnecting. Missed updates will be fetched when it is back.');
  });

  socket.on('connect_error', (error) => {
    if (SIGN_IN_REFUSAL.test(error.message)) {
      // Retrying cannot help until the member signs in again; the page takes over from here.
      socket.close();
      report('offline', 'Signed out. Sign in again to see live updates.');
      handlers.onSignInRequired();
      return;
    }
    failures += 1;
    if (!navigator.onLine) {
      report('offline', 'Your device is offline. The board shows the last known state and will catch up.');
    } else if (failures >= OFFLINE_AFTER_FAILURES) {
      console.warn(`Tidewatch: connection attempt ${failures} failed: ${error.message}`);
      report('offline', "Can't reach the Tidewatch server. Showing the last known state; still trying.");
    } else {
      report('reconnecting', `Reconnecting to the server (attempt ${failures})…`);
    }
  });

  const onOffline = (): void =>
    report('offline', 'Your device is offline. The board shows the last known state and will catch up.');
  const onOnline = (): void => {
    if (socket.connected) return;
    report('reconnecting', 'Network is back; reconnecting…');
    socket.connect();
  };
  window.addEventListener('offline', onOffline);
  window.addEventListener('online', onOnline);

  return {
    setPresence(target) {
      presence = target;
      if (socket.connected) socket.emit('presence.set', target);
    },
    close() {
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      socket.close();
    },
  };
}
