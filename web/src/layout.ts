import type { ConnectionStatus } from './connection.js';
import { el, replaceChildren } from './dom.js';

/** The page's fixed frame and the handles the renderers write into. */
export interface BoardLayout {
  root: HTMLElement;
  connection: HTMLElement;
  connectionLabel: HTMLElement;
  connectionMessage: HTMLElement;
  /** Who is signed in, and the sign-out button. */
  account: HTMLElement;
  itemCount: HTMLElement;
  storyCount: HTMLElement;
  notice: HTMLElement;
  storyList: HTMLOListElement;
  storyEmpty: HTMLElement;
  itemList: HTMLOListElement;
  itemEmpty: HTMLElement;
  sourceList: HTMLUListElement;
  sourceEmpty: HTMLElement;
  storyHeadingCount: HTMLElement;
  itemHeadingCount: HTMLElement;
  sourceHeadingCount: HTMLElement;
}

const CONNECTION_LABELS: Record<ConnectionStatus['state'], string> = {
  live: 'Live',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
};

function panel(
  className: string,
  title: string,
  headingId: string,
  list: HTMLElement,
  empty: HTMLElement,
  count: HTMLElement,
  tag: 'section' | 'aside' = 'section',
): HTMLElement {
  return el(tag, { className: `panel ${className}`, attrs: { 'aria-labelledby': headingId } }, [
    el('h2', { className: 'panel-title', attrs: { id: headingId } }, [title, ' ', count]),
    empty,
    list,
  ]);
}

export function createLayout(root: HTMLElement): BoardLayout {
  const connectionLabel = el('span', { className: 'connection-label', text: 'Connecting' });
  const connectionMessage = el('span', { className: 'connection-message', text: 'Connecting to the Tidewatch server…' });
  const connection = el(
    'div',
    {
      className: 'connection',
      attrs: { 'data-testid': 'connection', 'data-state': 'reconnecting', role: 'status', 'aria-live': 'polite' },
    },
    [el('span', { className: 'connection-dot', attrs: { 'aria-hidden': 'true' } }), connectionLabel, connectionMessage],
  );
  const account = el('div', { className: 'account', attrs: { 'data-testid': 'account' } });
  const itemCount = el('strong', { text: '0', attrs: { 'data-testid': 'item-count' } });
  const storyCount = el('strong', { text: '0', attrs: { 'data-testid': 'story-count' } });
  const notice = el('div', { className: 'notice', attrs: { role: 'alert', 'data-testid': 'notice', hidden: '' } });

  const storyList = el('ol', { className: 'story-list', attrs: { 'data-testid': 'stories' } });
  const itemList = el('ol', { className: 'item-list', attrs: { 'data-testid': 'items' } });
  const sourceList = el('ul', { className: 'source-list', attrs: { 'data-testid': 'sources' } });
  const storyEmpty = el('div', { className: 'empty' });
  const itemEmpty = el('div', { className: 'empty' });
  const sourceEmpty = el('div', { className: 'empty' });
  const storyHeadingCount = el('span', { className: 'panel-count' });
  const itemHeadingCount = el('span', { className: 'panel-count' });
  const sourceHeadingCount = el('span', { className: 'panel-count' });

  replaceChildren(root, [
    el('header', { className: 'masthead' }, [
      el('div', { className: 'brand' }, [
        el('h1', { text: 'Tidewatch' }),
        el('span', { className: 'brand-sub', text: 'Live board' }),
      ]),
      el('div', { className: 'counts', attrs: { 'aria-label': 'On this board' } }, [
        itemCount,
        ' items · ',
        storyCount,
        ' stories',
      ]),
      connection,
      account,
    ]),
    notice,
    el('main', { className: 'board' }, [
      panel('panel-stories', 'Stories', 'stories-heading', storyList, storyEmpty, storyHeadingCount),
      panel('panel-items', 'Live items', 'items-heading', itemList, itemEmpty, itemHeadingCount),
      panel('panel-sources', 'Sources', 'sources-heading', sourceList, sourceEmpty, sourceHeadingCount, 'aside'),
    ]),
  ]);

  return {
    root,
    connection,
    connectionLabel,
    connectionMessage,
    account,
    itemCount,
    storyCount,
    notice,
    storyList,
    storyEmpty,
    itemList,
    itemEmpty,
    sourceList,
    sourceEmpty,
    storyHeadingCount,
    itemHeadingCount,
    sourceHeadingCount,
  };
}

export function showConnection(layout: BoardLayout, status: ConnectionStatus): void {
  layout.connection.setAttribute('data-state', status.state);
  layout.connectionLabel.textContent = CONNECTION_LABELS[status.state];
  layout.connectionMessage.textContent = status.message;
  layout.connection.title = status.message;
}

/** A line under the masthead for problems the editor should know about; null hides it. */
export function showNotice(layout: BoardLayout, message: string | null): void {
  layout.notice.hidden = message === null;
  layout.notice.textContent = message ?? '';
}

/** Fill an empty-state box with a headline and what to do next; null hides it. */
export function showEmpty(box: HTMLElement, content: { title: string; hint: string } | null): void {
  box.hidden = content === null;
  if (content) replaceChildren(box, [el('p', { className: 'empty-title', text: content.title }), el('p', { className: 'empty-hint', text: content.hint })]);
}
