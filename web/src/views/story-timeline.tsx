import { useEffect, useRef } from 'preact/hooks';
import type { Opportunity } from '../../../server/realtime/protocol.js';
import { ApiError, fetchStory } from '../api.js';
import { messageOf } from '../auth-screens.js';
import { useBoardContext, useLiveQuery } from '../board-context.js';
import { ChannelChip, ExternalLink } from '../components/chips.js';
import { Sparkline } from '../components/sparkline.js';
import { TimeAgo } from '../components/time-ago.js';
import { formatVelocity, itemHeadline } from './stories-view.js';
import { formatSinceFirst, spreadOf } from './story-spread.js';
import '../styles/opportunity.css';

/** A busy story updates many times a minute; its items are fetched again at most this often. */
const STORY_REFRESH_MS = 5_000;

/** "2nd", "3rd", "11th": the how-manyth outlet picked the story up. */
function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** Fetches the story's items again when the detector updates the story, throttled. */
function useStoryRefresh(storyId: string | null, reload: () => void): void {
  const { state } = useBoardContext();
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  useEffect(() => {
    if (!storyId) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = state.subscribe((change) => {
      if (change.kind !== 'stories' || !change.updated.includes(storyId) || timer !== null) return;
      timer = setTimeout(() => {
        timer = null;
        reloadRef.current();
      }, STORY_REFRESH_MS);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [state, storyId]);
}

/**
 * The story behind an opportunity: its items across sources, oldest first, so the page shows
 * who said it first and how it spread from there.
 */
export function StoryTimeline({ opportunity }: { opportunity: Opportunity }) {
  const { state } = useBoardContext();
  const { storyId } = opportunity;
  const query = useLiveQuery(() => (storyId ? fetchStory(storyId) : Promise.resolve(null)), [storyId], () => false);
  useStoryRefresh(storyId, query.reload);

  if (!storyId) {
    const pitcher = opportunity.pitchedBy ? (state.member(opportunity.pitchedBy)?.name ?? 'an editor') : 'an editor';
    return (
      <section class="file-panel story-timeline" aria-labelledby="story-heading">
        <h3 class="file-heading" id="story-heading">
          The story
        </h3>
        <p class="file-note" data-testid="pitched-note">
          Pitched by hand by {pitcher}: no story from the feeds stands behind it, so there are no items to show.{' '}
          {opportunity.url && (
            <ExternalLink url={opportunity.url} label="Open the pitched link in a new tab">
              Open the link ↗
            </ExternalLink>
          )}
        </p>
      </section>
    );
  }

  const gone = query.error instanceof ApiError && query.error.status === 404;
  const story = query.data?.story ?? state.story(storyId);
  const rows = spreadOf(query.data?.items ?? []);
  return (
    <section class="file-panel story-timeline" aria-labelledby="story-heading" aria-busy={query.loading}>
      <h3 class="file-heading" id="story-heading">
        The story
      </h3>
      {story && (story.label || story.terms.length > 0) && <p class="story-name">{story.label || story.terms.slice(0, 4).join(' · ')}</p>}
      {story && (
        <div class="story-summary">
          <span>
            <strong>{story.itemCount}</strong> items
          </span>
          <span>
            <strong>{story.sourceCount}</strong> sources
          </span>
          <span>
            <strong>{story.authorCount}</strong> authors
          </span>
          <span>
            <strong>{formatVelocity(story.velocity)}</strong> now
          </span>
          <Sparkline values={story.buckets} label={`Items per time bucket, oldest first: ${story.buckets.join(', ') || 'none yet'}`} />
          <span class="story-first-seen">
            <TimeAgo at={story.firstSeenAt} prefix="first seen " />
          </span>
        </div>
      )}
      {gone ? (
        <p class="file-note">The story's items are no longer kept (they age out after a while, or were erased on request).</p>
      ) : query.error && !query.data ? (
        <p class="file-error" role="alert">
          Couldn't load the story's items: {messageOf(query.error)}{' '}
          <button type="button" class="link-button" onClick={query.reload}>
            Try again
          </button>
        </p>
      ) : !query.data ? (
        <p class="file-note">Loading the story's items…</p>
      ) : rows.length === 0 ? (
        <p class="file-note">No items of this story are kept any more.</p>
      ) : (
        <ol class="story-items" aria-label="Items, oldest first">
          {rows.map((row) => {
            const { item } = row;
            const source = state.source(item.sourceId);
            const headline = itemHeadline(item);
            return (
              <li key={item.id} class={`story-item${row.isFirst ? ' is-first' : ''}`} data-testid="story-item" data-item-id={item.id}>
                <div class="story-item-when">
                  {row.isFirst ? (
                    <span class="first-badge" data-testid="first-item" title="The earliest item of the story: who said it first">
                      Said first
                    </span>
                  ) : (
                    <span class="since-first" title="Time after the first item">
                      {formatSinceFirst(row.sinceFirstMs)}
                    </span>
                  )}
                </div>
                <div class="story-item-body">
                  <div class="story-item-meta">
                    <ChannelChip channel={item.channel} />
                    <span class="story-item-source">{source?.name ?? item.sourceId}</span>
                    {item.author && <span class="story-item-author">by {item.author}</span>}
                    <TimeAgo at={item.publishedAt} />
                    {!row.isFirst && row.newChannel && <span class="spread-mark">jumped to {item.channel}</span>}
                    {!row.isFirst && !row.newChannel && row.newSource && <span class="spread-mark">{ordinal(row.sourcesSoFar)} source</span>}
                  </div>
                  <p class="story-item-text">{headline}</p>
                  <ExternalLink url={item.url} label={`Open “${headline}” in a new tab`}>
                    Open ↗
                  </ExternalLink>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
