import type { Story } from '../../server/realtime/protocol.js';
import { el } from './dom.js';
import { KeyedList } from './keyed-list.js';
import { timeAgo } from './relative-time.js';
import { sparkline } from './sparkline.js';

type Channel = Story['channels'][number];

/** Stories shown at most; the rest stay in memory until they climb back. */
export const MAX_STORIES_SHOWN = 100;

export function formatVelocity(perHour: number): string {
  if (!Number.isFinite(perHour) || perHour <= 0) return '0/h';
  return `${perHour < 10 ? perHour.toFixed(1) : Math.round(perHour)}/h`;
}

function trendArrow(acceleration: number): { symbol: string; label: string; className: string } {
  if (acceleration > 0.05) return { symbol: '▲', label: 'speeding up', className: 'trend-up' };
  if (acceleration < -0.05) return { symbol: '▼', label: 'slowing down', className: 'trend-down' };
  return { symbol: '▶', label: 'steady', className: 'trend-flat' };
}

function figure(value: string, label: string, className = ''): HTMLElement {
  return el('div', { className: `figure ${className}`.trim() }, [
    el('dt', { text: label }),
    el('dd', { text: value }),
  ]);
}

export function channelChip(channel: Channel | string): HTMLElement {
  return el('span', { className: `chip channel channel-${channel}`, text: channel });
}

export function buildStory(story: Story): HTMLElement {
  const arrow = trendArrow(story.acceleration);
  const velocity = el('dd', {}, [
    formatVelocity(story.velocity),
    ' ',
    el('span', { className: `trend ${arrow.className}`, text: arrow.symbol, attrs: { title: arrow.label, 'aria-label': arrow.label } }),
  ]);
  const terms = story.terms.slice(0, 6);
  return el(
    'li',
    {
      className: story.trending ? 'story card is-trending' : 'story card',
      attrs: { 'data-testid': 'story', 'data-story-id': story.id, 'data-trending': String(story.trending) },
    },
    [
      el('div', { className: 'story-head' }, [
        story.trending ? el('span', { className: 'badge badge-trending', text: 'Trending' }) : null,
        el('h3', { className: 'story-label', text: story.label || terms.join(' ') || 'Untitled story' }),
      ]),
      terms.length > 0 ? el('p', { className: 'story-terms', text: terms.join(' · ') }) : null,
      el('div', { className: 'story-body' }, [
        el('dl', { className: 'story-figures' }, [
          figure(String(story.itemCount), story.itemCount === 1 ? 'item' : 'items'),
          figure(String(story.sourceCount), story.sourceCount === 1 ? 'source' : 'sources'),
          el('div', { className: 'figure figure-velocity' }, [el('dt', { text: 'velocity' }), velocity]),
        ]),
        sparkline(story.buckets, { label: `Items per time bucket for “${story.label}”` }),
      ]),
      el('div', { className: 'story-foot' }, [
        el('span', { className: 'channels' }, story.channels.map(channelChip)),
        el('span', { className: 'story-age' }, [timeAgo(story.firstSeenAt, 'first seen ')]),
      ]),
    ],
  );
}

export function createStoryList(container: HTMLElement): KeyedList<Story> {
  return new KeyedList(container, (story) => story.id, buildStory);
}
