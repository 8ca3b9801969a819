import { memo } from 'preact/compat';
import type { Item, PublicSource, Story } from '../../../server/realtime/protocol.js';
import { useBoardChanges } from '../board-context.js';
import { ChannelChip, EmptyState, ExternalLink } from '../components/chips.js';
import { Sparkline } from '../components/sparkline.js';
import { TimeAgo } from '../components/time-ago.js';

/** Shown at most; the rest stay in memory until they climb back. */
export const MAX_STORIES_SHOWN = 100;
export const MAX_ITEMS_SHOWN = 200;
const MAX_TEXT_CHARS = 280;

export function formatVelocity(perHour: number): string {
  if (!Number.isFinite(perHour) || perHour <= 0) return '0/h';
  return `${perHour < 10 ? perHour.toFixed(1) : Math.round(perHour)}/h`;
}

function trendArrow(acceleration: number): { symbol: string; label: string; className: string } {
  if (acceleration > 0.05) return { symbol: '▲', label: 'speeding up', className: 'trend-up' };
  if (acceleration < -0.05) return { symbol: '▼', label: 'slowing down', className: 'trend-down' };
  return { symbol: '▶', label: 'steady', className: 'trend-flat' };
}

/** Feed text as one line: the title, else the start of the text. Always text, never markup. */
export function itemHeadline(item: Item): string {
  const title = item.title?.trim();
  if (title) return title;
  const text = item.text.replace(/\s+/g, ' ').trim();
  if (!text) return '(no text)';
  return text.length > MAX_TEXT_CHARS ? `${text.slice(0, MAX_TEXT_CHARS - 1).trimEnd()}…` : text;
}

export const StoryCard = memo(function StoryCard({ story }: { story: Story }) {
  const arrow = trendArrow(story.acceleration);
  const terms = story.terms.slice(0, 6);
  return (
    <li class={story.trending ? 'story card is-trending' : 'story card'} data-testid="story" data-story-id={story.id} data-trending={String(story.trending)}>
      <div class="story-head">
        {story.trending && <span class="badge badge-trending">Trending</span>}
        <h3 class="story-label">{story.label || terms.join(' ') || 'Untitled story'}</h3>
      </div>
      {terms.length > 0 && <p class="story-terms">{terms.join(' · ')}</p>}
      <div class="story-body">
        <dl class="story-figures">
          <div class="figure">
            <dt>{story.itemCount === 1 ? 'item' : 'items'}</dt>
            <dd>{story.itemCount}</dd>
          </div>
          <div class="figure">
            <dt>{story.sourceCount === 1 ? 'source' : 'sources'}</dt>
            <dd>{story.sourceCount}</dd>
          </div>
          <div class="figure figure-velocity">
            <dt>velocity</dt>
            <dd>
              {formatVelocity(story.velocity)}{' '}
              <span class={`trend ${arrow.className}`} title={arrow.label} aria-label={arrow.label}>
                {arrow.symbol}
              </span>
            </dd>
          </div>
        </dl>
        <Sparkline values={story.buckets} label={`Items per time bucket for “${story.label}”`} />
      </div>
      <div class="story-foot">
        <span class="channels">
          {story.channels.map((channel) => (
            <ChannelChip key={channel} channel={channel} />
          ))}
        </span>
        <span class="story-age">
          <TimeAgo at={story.firstSeenAt} prefix="first seen " />
        </span>
      </div>
    </li>
  );
});

export const ItemRow = memo(function ItemRow({ item, source }: { item: Item; source: PublicSource | undefined }) {
  const headline = itemHeadline(item);
  return (
    <li class="item" data-testid="item" data-item-id={item.id} data-source-id={item.sourceId}>
      <div class="item-meta">
        <ChannelChip channel={item.channel} />
        <span class="item-source" title={source?.name}>
          {source?.name ?? item.sourceId}
        </span>
        {item.author && <span class="item-author">{item.author}</span>}
        <TimeAgo at={item.publishedAt} />
      </div>
      <p class={item.title ? 'item-title' : 'item-text'}>{headline}</p>
      <div class="item-actions">
        <ExternalLink url={item.url} label={`Open “${headline}” in a new tab`}>
          Open ↗
        </ExternalLink>
      </div>
    </li>
  );
});

/** Stories as the detector sees them, and the items arriving live. */
export function StoriesView() {
  const state = useBoardChanges((change) => change.kind === 'reset' || change.kind === 'stories' || change.kind === 'items' || change.kind === 'sources');
  const stories = state.storiesInOrder();
  const items = state.itemsNewestFirst();
  const trending = stories.filter((story) => story.trending).length;
  const noSources = state.sourcesInOrder().length === 0;
  const waiting = noSources
    ? { title: 'Nothing to show yet.', hint: 'No sources are configured: add a feed, subreddit or account to start listening.' }
    : { title: 'Waiting for the first poll…', hint: 'Stories appear here when several items talk about the same thing. Trending ones come first.' };
  return (
    <div class="view view-stories">
      <section class="panel panel-stories" aria-labelledby="stories-heading">
        <h2 class="panel-title" id="stories-heading">
          Stories <span class="panel-count">{stories.length ? `${stories.length}${trending ? ` · ${trending} trending` : ''}` : ''}</span>
        </h2>
        {!state.isLoaded ? <EmptyState title="Loading the board…" hint="Fetching stories, items and sources from the server." /> : stories.length === 0 && <EmptyState {...waiting} />}
        <ol class="story-list" data-testid="stories">
          {stories.slice(0, MAX_STORIES_SHOWN).map((story) => (
            <StoryCard key={story.id} story={story} />
          ))}
        </ol>
      </section>
      <section class="panel panel-items" aria-labelledby="items-heading">
        <h2 class="panel-title" id="items-heading">
          Live items <span class="panel-count">{items.length || ''}</span>
        </h2>
        {state.isLoaded && items.length === 0 && <EmptyState title={waiting.title} hint="New items show up here, newest first, as each source is polled." />}
        <ol class="item-list" data-testid="items">
          {items.slice(0, MAX_ITEMS_SHOWN).map((item) => (
            <ItemRow key={item.id} item={item} source={state.source(item.sourceId)} />
          ))}
        </ol>
      </section>
    </div>
  );
}
