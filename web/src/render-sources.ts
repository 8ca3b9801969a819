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
  const perHour = health.itemsPerHour >= 10 ? Math.round(health.itemsPerHour) : Math.round(health.itemsPerHour * 10) / 10;
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
        el('span', { text: `${perHour} items/hour`, attrs: { 'data-testid': 'items-per-hour' } }),
        health.lastSuccessAt ? timeAgo(health.lastSuccessAt, 'last success ') : el('span', { text: health.lastRunAt ? 'no success yet' : 'waiting for first run' }),
        source.enabled && health.nextPollAt ? timeAgo(health.nextPollAt, 'next poll ') : null,
      ]),
      health.lastError
        ? el('p', { className: 'source-error', attrs: { role: 'note' } }, [
            health.consecutiveFailures > 1 ? `${health.consecutiveFailures} failures in a row: ` : '',
            health.lastError,
          ])
        : null,
      health.warnings.length > 0
        ? el('p', { className: 'source-warning', attrs: { role: 'note', 'data-testid': 'source-warnings' } }, [`Recovered: ${health.warnings.join('; ')}`])
        : null,
    ],
  );
}

export function createSourceList(container: HTMLElement): KeyedList<PublicSource> {
  return new KeyedList(container, (source) => source.id, buildSource);
}
