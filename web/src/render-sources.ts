import type { PublicSource } from '../../server/realtime/protocol.js';
import { el } from './dom.js';
import { KeyedList } from './keyed-list.js';
import { timeAgo } from './relative-time.js';
import { channelChip } from './render-stories.js';

const STATUS_LABELS: Record<PublicSource['health']['status'], string> = {
  healthy: 'Healthy',
  unhealthy: 'Unhealthy',
  unknown: 'Unknown',
};

export function buildSource(source: PublicSource): HTMLElement {
  const { health } = source;
  const status = health.status;
  const itemsLastRun = `${health.itemsLastRun} ${health.itemsLastRun === 1 ? 'item' : 'items'} last run`;
  return el(
    'li',
    {
      className: `source status-${status}${source.enabled ? '' : ' is-paused'}`,
      attrs: { 'data-testid': 'source', 'data-source-id': source.id, 'data-status': status },
    },
    [
      el('div', { className: 'source-head' }, [
        el('span', { className: 'status-dot', attrs: { 'aria-hidden': 'true' } }),
        el('span', { className: 'source-name', text: source.name }),
        el('span', { className: 'source-status', text: source.enabled ? STATUS_LABELS[status] : 'Paused' }),
      ]),
      el('div', { className: 'source-meta' }, [
        channelChip(source.channel),
        el('span', { text: source.kind }),
        el('span', { text: itemsLastRun }),
        health.lastRunAt ? timeAgo(health.lastRunAt, 'ran ') : el('span', { text: 'waiting for first run' }),
      ]),
      health.lastError
        ? el('p', { className: 'source-error', attrs: { role: 'note' } }, [
            health.consecutiveFailures > 1 ? `${health.consecutiveFailures} failures in a row: ` : '',
            health.lastError,
          ])
        : null,
    ],
  );
}

export function createSourceList(container: HTMLElement): KeyedList<PublicSource> {
  return new KeyedList(container, (source) => source.id, buildSource);
}
