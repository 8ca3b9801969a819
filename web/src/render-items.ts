import type { Item, PublicSource } from '../../server/realtime/protocol.js';
import { el } from './dom.js';
import { KeyedList } from './keyed-list.js';
import { timeAgo } from './relative-time.js';
import { channelChip } from './render-stories.js';
import { externalLink } from './safe-link.js';

/** Items kept in the page; older ones leave the DOM (they stay in memory). */
export const MAX_ITEMS_SHOWN = 200;
const MAX_TEXT_CHARS = 280;

export function itemHeadline(item: Item): string {
  const title = item.title?.trim();
  if (title) return title;
  const text = item.text.replace(/\s+/g, ' ').trim();
  if (!text) return '(no text)';
  return text.length > MAX_TEXT_CHARS ? `${text.slice(0, MAX_TEXT_CHARS - 1).trimEnd()}…` : text;
}

export function buildItem(item: Item, source: PublicSource | undefined): HTMLElement {
  const link = externalLink(item.url, 'Open ↗', `Open “${itemHeadline(item)}” in a new tab`);
  return el(
    'li',
    { className: 'item', attrs: { 'data-testid': 'item', 'data-item-id': item.id, 'data-source-id': item.sourceId } },
    [
      el('div', { className: 'item-meta' }, [
        channelChip(item.channel),
        el('span', { className: 'item-source', text: item.sourceId, attrs: { title: source?.name ?? null } }),
        item.author ? el('span', { className: 'item-author', text: item.author }) : null,
        timeAgo(item.publishedAt),
      ]),
      el('p', { className: item.title ? 'item-title' : 'item-text', text: itemHeadline(item) }),
      link ? el('div', { className: 'item-actions' }, [link]) : null,
    ],
  );
}

export function createItemList(
  container: HTMLElement,
  sourceOf: (id: string) => PublicSource | undefined,
): KeyedList<Item> {
  return new KeyedList(container, (item) => item.id, (item) => buildItem(item, sourceOf(item.sourceId)));
}
