import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { SessionInfo } from '../../server/realtime/protocol.js';
import { fetchEvents, fetchSession, fetchSnapshot, signOut, whenSignedOut } from './api.js';
import { refreshAllowedOnChange } from './allowed-refresh.js';
import { messageOf, PasswordScreen, SignInScreen, UnreachableScreen } from './auth-screens.js';
import { BoardContext, type BoardContextValue } from './board-context.js';
import { BoardState } from './board-state.js';
import { connectBoard, type ConnectionStatus } from './connection.js';
import { receiveNotice, showToast } from './notifications.js';
import { ownPresence, presenceEntries } from './presence.js';
import { Resync, type SyncStatus } from './resync.js';
import { Shell } from './shell.js';

type Screen =
  | { kind: 'loading' }
  | { kind: 'unreachable'; message: string }
  | { kind: 'sign-in'; reason: string | null }
  | { kind: 'password'; session: SessionInfo }
  | { kind: 'board'; session: SessionInfo };

const SESSION_ENDED = 'Your session has ended. Sign in again to see the board.';

function noticeFor(status: SyncStatus): string | null {
  if (status.kind !== 'failed') return null;
  const seconds = Math.max(1, Math.round(status.retryInMs / 1000));
  return `Couldn't update the board: ${status.message}. Trying again in ${seconds} s.`;
}

/**
 * A signed-in board: the state, the socket and the resync protocol live as long as this does.
 * The socket connects only once signed in.
 */
function LiveBoard({ root, session, onSignOut, onSessionEnded }: { root: HTMLElement; session: SessionInfo; onSignOut(): Promise<void>; onSessionEnded(): void }) {
  const state = useMemo(() => new BoardState(), []);
  const [connection, setConnection] = useState<ConnectionStatus>({ state: 'reconnecting', message: 'Connecting to the Tidewatch server…' });
  const [notice, setNotice] = useState<string | null>(null);
  const context = useMemo<BoardContextValue>(() => ({ state, session, toast: (text, tone = 'info') => showToast(text, tone) }), [state, session]);

  useEffect(() => {
    const resync = new Resync({
      target: state,
      fetchEvents,
      async loadSnapshot(baseline) {
        state.reset(await fetchSnapshot(), baseline);
      },
      onStatus: (status) => setNotice(noticeFor(status)),
    });
    void resync.start();
    // Retention or an erasure deleted or relabelled records the board holds: load them afresh.
    const stopStale = state.subscribe((change) => change.kind === 'stale' && void resync.start());
    const stopAllowed = refreshAllowedOnChange(state);
    const socket = connectBoard({
      onEvent: (event) => resync.receive(event),
      onHello: () => void resync.catchUp(),
      onStatus: setConnection,
      onSignInRequired: onSessionEnded,
      onNotice: receiveNotice,
      onPresence: (snapshot) => {
        presenceEntries.value = snapshot.entries;
      },
    });
    const stopPresence = ownPresence.subscribe((target) => socket.setPresence(target));
    // A laptop waking from sleep may hold a socket that looks open: ask what was missed.
    const onVisible = () => document.visibilityState === 'visible' && void resync.catchUp();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      stopPresence();
      socket.close();
      stopAllowed();
      stopStale();
      resync.stop();
    };
  }, [state]);

  return (
    <BoardContext.Provider value={context}>
      <Shell root={root} session={session} connection={connection} notice={notice} onSignOut={onSignOut} />
    </BoardContext.Provider>
  );
}

/** Whatever the server says about the session decides the screen. */
function App({ root }: { root: HTMLElement }) {
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });

  const enter = async (): Promise<void> => {
    let session: SessionInfo | null;
    try {
      session = await fetchSession();
    } catch (error) {
      setScreen({ kind: 'unreachable', message: messageOf(error) });
      return;
    }
    if (!session) setScreen({ kind: 'sign-in', reason: null });
    else if (session.mustChangePassword) setScreen({ kind: 'password', session });
    else setScreen({ kind: 'board', session });
  };

  const leave = async (): Promise<void> => {
    try {
      await signOut();
    } catch {
      // Signed out already, or the server is away: the cookie goes at the next sign-in anyway.
    }
    setScreen({ kind: 'sign-in', reason: 'You signed out. Sign in again to see the board.' });
  };

  useEffect(() => {
    whenSignedOut(() => setScreen((current) => (current.kind === 'board' ? { kind: 'sign-in', reason: SESSION_ENDED } : current)));
    void enter();
  }, []);

  useEffect(() => {
    if (screen.kind !== 'board') root.removeAttribute('data-loaded');
  }, [screen]);

  switch (screen.kind) {
    case 'loading':
      return <p class="loading">Loading Tidewatch…</p>;
    case 'unreachable':
      return <UnreachableScreen message={screen.message} onRetry={() => void enter()} />;
    case 'sign-in':
      return <SignInScreen reason={screen.reason} onSignedIn={() => void enter()} />;
    case 'password':
      return <PasswordScreen memberName={screen.session.principal.name} onChanged={() => void enter()} onSignOut={() => void leave()} />;
    case 'board':
      return <LiveBoard key={screen.session.principal.id} root={root} session={screen.session} onSignOut={leave} onSessionEnded={() => setScreen({ kind: 'sign-in', reason: SESSION_ENDED })} />;
  }
}

const root = document.getElementById('app');
if (!root) throw new Error('Tidewatch: the page has no #app element.');
render(<App root={root} />, root);
