import { useComputed } from '@preact/signals';
import { Fragment } from 'preact';
import type { BoardPost } from '../../../server/realtime/protocol.js';
import { now } from '../board-context.js';
import { formatAbsolute, formatClock } from '../relative-time.js';
import { layoutTimeline, percentOf, timelineRange, timelineTicks, type TimelineEntry } from '../timeline-layout.js';
import { POST_STATE } from '../workflow-words.js';
import '../styles/schedule-timeline.css';

/** How wide a post's block is drawn, as a share of the track: room for a short title and a time. */
const BLOCK_PERCENT = 15;
/** The timeline redraws this often: its scale is hours, so the "now" line moves a pixel or so. */
const REDRAW_MS = 15_000;

export interface TimelinePost extends TimelineEntry {
  post: BoardPost;
}

/** When a post went out, or is meant to. */
export const postTime = (post: BoardPost): number => Date.parse(post.publishedAt ?? post.scheduledFor);

export function timelinePosts(posts: readonly BoardPost[]): TimelinePost[] {
  return posts.filter((post) => post.state !== 'cancelled').map((post) => ({ id: post.id, channel: post.channel, at: postTime(post), post }));
}

/** "14:30", or "Tue 14:30" when it is not today. */
export function formatWhen(ms: number, today: number = Date.now()): string {
  const at = new Date(ms);
  const clock = formatClock(at.toISOString());
  return at.toDateString() === new Date(today).toDateString() ? clock : `${at.toLocaleDateString([], { weekday: 'short' })} ${clock}`;
}

/**
 * Posts per channel across time, from two hours ago to the latest window close, with a line at
 * now. Every block carries its words (title, time, state); held, failed and missed posts differ
 * by pattern and border as well as colour. `listId` names the list that says the same in rows.
 */
export function ScheduleTimeline({ posts, closes, channels, listId }: { posts: readonly TimelinePost[]; closes: readonly number[]; channels: readonly string[]; listId: string }) {
  const clock = useComputed(() => Math.floor(now.value / REDRAW_MS) * REDRAW_MS);
  const at = clock.value;
  const range = timelineRange(at, closes, posts);
  const used = channels.filter((channel) => posts.some((p) => p.channel === channel && p.at >= range.start && p.at <= range.end));
  const rows = layoutTimeline(posts, range, used, BLOCK_PERCENT);
  const ticks = timelineTicks(range, 8, -new Date(at).getTimezoneOffset() * 60_000);
  const nowLeft = percentOf(at, range);
  const summary = `Posts by channel from ${formatWhen(range.start, at)} to ${formatWhen(range.end, at)}; the line marks now (${formatClock(new Date(at).toISOString())}).`;

  return (
    <figure class="schedule-timeline" data-testid="schedule-timeline" aria-describedby={listId}>
      <figcaption class="timeline-caption">{summary}</figcaption>
      {rows.length === 0 ? (
        <p class="timeline-empty">Nothing is scheduled or went out in this span.</p>
      ) : (
        <div class="timeline-grid">
          <div class="timeline-axis" aria-hidden="true">
            <span class="timeline-channel" />
            <div class="timeline-track timeline-axis-track">
              {ticks.map((tick) => (
                <span key={tick.at} class="timeline-tick-label" style={{ left: `${tick.left}%` }}>
                  {formatWhen(tick.at, at)}
                </span>
              ))}
              <span class="timeline-now-label" style={{ left: `${nowLeft}%` }}>
                now
              </span>
            </div>
          </div>
          {rows.map((row) => (
            <div key={row.channel} class="timeline-row" data-channel={row.channel}>
              <span class={`timeline-channel chip channel channel-${row.channel}`}>{row.channel}</span>
              <div class="timeline-track" style={{ '--lanes': row.lanes }}>
                {ticks.map((tick) => (
                  <span key={tick.at} class="timeline-gridline" style={{ left: `${tick.left}%` }} aria-hidden="true" />
                ))}
                <span class="timeline-now" style={{ left: `${nowLeft}%` }} aria-hidden="true" />
                {row.placed.map(({ entry, left, boxLeft, lane }) => {
                  const { post } = entry;
                  const stateWords = POST_STATE[post.state].words;
                  return (
                    <Fragment key={post.id}>
                      <span class="timeline-mark" data-state={post.state} style={{ left: `${left}%`, '--lane': lane }} aria-hidden="true" />
                      <div
                        class="timeline-post"
                        data-testid="timeline-post"
                        data-post-id={post.id}
                        data-state={post.state}
                        style={{ left: `${boxLeft}%`, width: `${BLOCK_PERCENT}%`, '--lane': lane }}
                        title={`${post.about.title} — ${post.channel}, ${stateWords.toLowerCase()} ${formatAbsolute(new Date(entry.at).toISOString())}${post.holdReason ? ` (${post.holdReason})` : ''}`}
                      >
                        <span class="timeline-post-title">{post.about.title}</span>
                        <span class="timeline-post-when">
                          {formatWhen(entry.at, at)} · <strong>{stateWords}</strong>
                        </span>
                      </div>
                    </Fragment>
                  );
                })}
              </div>
            </div>
          ))}
        </div>
      )}
    </figure>
  );
}
