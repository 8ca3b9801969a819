import { useEffect, useState } from 'preact/hooks';
import type { SessionInfo } from '../../server/realtime/protocol.js';
import { useBoardChanges } from './board-context.js';
import type { ConnectionStatus } from './connection.js';
import { NoticeTray, Toasts } from './notifications.js';
import { hrefOf, route, type Route } from './router.js';
import { BoardView } from './views/board-view.js';
import { DashboardView } from './views/dashboard-view.js';
import { DraftEditor } from './views/draft-editor.js';
import { OpportunityView } from './views/opportunity-view.js';
import { ReviewInbox } from './views/review-inbox.js';
import { ScheduleView } from './views/schedule-view.js';
import { SourcesView } from './views/sources-view.js';
import { StoriesView } from './views/stories-view.js';

const CONNECTION_LABELS: Record<ConnectionStatus['state'], string> = {
  live: 'Live',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
};

/** The tabs; each says who it is mainly for, so a newcomer finds their place. */
const TABS: Array<{ view: Route['view']; label: string; title: string }> = [
  { view: 'board', label: 'Board', title: 'Opportunities by state, soonest deadline first' },
  { view: 'reviews', label: 'Reviews', title: 'What waits for legal and comms' },
  { view: 'schedule', label: 'Schedule', title: 'Approved drafts and scheduled posts, for social managers' },
  { view: 'stories', label: 'Stories', title: 'Stories and live items from every source' },
  { view: 'sources', label: 'Sources', title: 'The health of every source' },
  { view: 'dashboard', label: 'Dashboard', title: 'Reaction speed, caught vs missed, reputation and the prediction record, for managers' },
];

/** Puts the last applied sequence number on the page root, where tests and a person can read it. */
function SyncMarker({ root }: { root: HTMLElement }) {
  const state = useBoardChanges();
  useEffect(() => {
    root.setAttribute('data-last-seq', String(state.lastSeq));
    root.setAttribute('data-loaded', String(state.isLoaded));
  });
  return null;
}

function Counts() {
  const state = useBoardChanges((change) => change.kind === 'reset' || change.kind === 'items' || change.kind === 'stories');
  return (
    <div class="counts" aria-label="On this board">
      <strong data-testid="item-count">{state.itemCount}</strong> items · <strong data-testid="story-count">{state.storyCount}</strong> stories
    </div>
  );
}

function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  return (
    <div class="connection" data-testid="connection" data-state={status.state} role="status" aria-live="polite" title={status.message}>
      <span class="connection-dot" aria-hidden="true" />
      <span class="connection-label">{CONNECTION_LABELS[status.state]}</span>
      <span class="connection-message">{status.message}</span>
    </div>
  );
}

function CurrentView() {
  const current = route.value;
  switch (current.view) {
    case 'board':
      return <BoardView />;
    case 'opportunity':
      return <OpportunityView key={current.id} id={current.id} />;
    case 'draft':
      return <DraftEditor key={current.id} id={current.id} />;
    case 'reviews':
      return <ReviewInbox />;
    case 'schedule':
      return <ScheduleView />;
    case 'stories':
      return <StoriesView />;
    case 'sources':
      return <SourcesView />;
    case 'dashboard':
      return <DashboardView />;
  }
}

export interface ShellProps {
  root: HTMLElement;
  session: SessionInfo;
  connection: ConnectionStatus;
  notice: string | null;
  onSignOut(): Promise<void>;
}

/** The page's frame: masthead with the tabs, connection and account; the current view below. */
export function Shell({ root, session, connection, notice, onSignOut }: ShellProps) {
  const [trayOpen, setTrayOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const current = route.value.view;
  const name = session.principal.name;
  return (
    <div class="shell" data-view={current}>
      <SyncMarker root={root} />
      <header class="masthead">
        <div class="brand">
          <h1>Tidewatch</h1>
          <span class="brand-sub">Live board</span>
        </div>
        <nav class="tabs" aria-label="Views">
          {TABS.map((tab) => (
            <a key={tab.view} class="tab" href={hrefOf({ view: tab.view } as Route)} title={tab.title} aria-current={current === tab.view ? 'page' : undefined} data-testid={`tab-${tab.view}`}>
              {tab.label}
            </a>
          ))}
        </nav>
        <Counts />
        <ConnectionBadge status={connection} />
        <NoticeTray open={trayOpen} onToggle={() => setTrayOpen(!trayOpen)} />
        <div class="account" data-testid="account">
          <span class="account-name" data-testid="account-name" title={`Signed in as ${name} (${session.roles.join(', ')})`}>
            {name}
          </span>
          <button
            class="account-sign-out"
            type="button"
            data-testid="sign-out"
            disabled={signingOut}
            onClick={() => {
              setSigningOut(true);
              void onSignOut().finally(() => setSigningOut(false));
            }}
          >
            {signingOut ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      </header>
      <div class="notice" role="alert" data-testid="notice" hidden={notice === null}>
        {notice ?? ''}
      </div>
      <main class="board-main">
        <CurrentView />
      </main>
      <Toasts />
    </div>
  );
}
