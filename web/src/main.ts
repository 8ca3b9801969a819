import { fetchEvents, fetchSnapshot } from './api.js';
import { BoardState } from './board-state.js';
import { BoardView } from './board-view.js';
import { connectBoard } from './connection.js';
import { createLayout, showConnection, showNotice } from './layout.js';
import { Resync, type SyncStatus } from './resync.js';

/** The composition root of the live board. */
function start(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('Tidewatch: the page has no #app element.');

  const layout = createLayout(root);
  const state = new BoardState();
  new BoardView(state, layout);

  const resync = new Resync({
    target: state,
    fetchEvents,
    async loadSnapshot(baseline) {
      state.reset(await fetchSnapshot(), baseline);
    },
    onStatus: (status) => showNotice(layout, noticeFor(status)),
  });

  void resync.start();
  connectBoard({
    onEvent: (event) => resync.receive(event),
    onHello: () => void resync.catchUp(),
    onStatus: (status) => showConnection(layout, status),
  });
}

function noticeFor(status: SyncStatus): string | null {
  if (status.kind !== 'failed') return null;
  const seconds = Math.max(1, Math.round(status.retryInMs / 1000));
  return `Couldn't update the board: ${status.message}. Trying again in ${seconds} s.`;
}

start();
