import type { SessionInfo } from '../../server/realtime/protocol.js';
import { fetchEvents, fetchSession, fetchSnapshot, signOut, whenSignedOut } from './api.js';
import { messageOf } from './auth-card.js';
import { showAccount } from './account-menu.js';
import { BoardState } from './board-state.js';
import { BoardView } from './board-view.js';
import { connectBoard } from './connection.js';
import { el, replaceChildren } from './dom.js';
import { createLayout, showConnection, showNotice } from './layout.js';
import { showPasswordChange } from './password-screen.js';
import { Resync, type SyncStatus } from './resync.js';
import { showSignIn } from './sign-in-screen.js';

/** A running board, so signing out can stop its socket, fetches and timers. */
interface RunningBoard {
  stop(): void;
}

/**
 * The composition root of the live board: ask who is signed in, then show the sign-in screen,
 * the "choose your password" screen or the board. The socket connects only once signed in.
 */
function start(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('Tidewatch: the page has no #app element.');
  let board: RunningBoard | null = null;

  const stopBoard = (): void => {
    board?.stop();
    board = null;
  };

  const askToSignIn = (reason: string | null): void => {
    stopBoard();
    showSignIn(root, { reason, onSignedIn: () => void enter() });
  };

  const leave = async (): Promise<void> => {
    try {
      await signOut();
    } catch {
      // Signed out already, or the server is away: the cookie goes at the next sign-in anyway.
    }
    askToSignIn('You signed out. Sign in again to see the board.');
  };

  /** Whatever the server says about the session decides the screen. */
  const enter = async (): Promise<void> => {
    let session: SessionInfo | null;
    try {
      session = await fetchSession();
    } catch (error) {
      showUnreachable(root, messageOf(error), () => void enter());
      return;
    }
    if (!session) return askToSignIn(null);
    if (session.mustChangePassword) {
      showPasswordChange(root, { memberName: session.principal.name, onChanged: () => void enter(), onSignOut: () => void leave() });
      return;
    }
    stopBoard();
    board = startBoard(root, session, {
      onSignOut: leave,
      onSessionEnded: () => askToSignIn('Your session has ended. Sign in again to see the board.'),
    });
  };

  whenSignedOut(() => {
    if (board) askToSignIn('Your session has ended. Sign in again to see the board.');
  });
  void enter();
}

function startBoard(root: HTMLElement, session: SessionInfo, actions: { onSignOut(): Promise<void>; onSessionEnded(): void }): RunningBoard {
  const layout = createLayout(root);
  showAccount(layout.account, session.principal.name, actions.onSignOut);
  const state = new BoardState();
  const view = new BoardView(state, layout);

  const resync = new Resync({
    target: state,
    fetchEvents,
    async loadSnapshot(baseline) {
      state.reset(await fetchSnapshot(), baseline);
    },
    onStatus: (status) => showNotice(layout, noticeFor(status)),
  });

  void resync.start();
  const connection = connectBoard({
    onEvent: (event) => resync.receive(event),
    onHello: () => void resync.catchUp(),
    onStatus: (status) => showConnection(layout, status),
    onSignInRequired: actions.onSessionEnded,
  });
  return {
    stop() {
      connection.close();
      resync.stop();
      view.dispose();
    },
  };
}

function showUnreachable(root: HTMLElement, message: string, retry: () => void): void {
  const button = el('button', { className: 'auth-submit', text: 'Try again', attrs: { type: 'button' } });
  button.addEventListener('click', retry);
  replaceChildren(root, [
    el('main', { className: 'auth-screen' }, [
      el('section', { className: 'auth-card', attrs: { 'data-testid': 'unreachable' } }, [
        el('p', { className: 'auth-brand', text: 'Tidewatch' }),
        el('h1', { className: 'auth-title', text: 'The board cannot load' }),
        el('p', { className: 'auth-error', text: message, attrs: { role: 'alert' } }),
        button,
      ]),
    ]),
  ]);
}

function noticeFor(status: SyncStatus): string | null {
  if (status.kind !== 'failed') return null;
  const seconds = Math.max(1, Math.round(status.retryInMs / 1000));
  return `Couldn't update the board: ${status.message}. Trying again in ${seconds} s.`;
}

start();
