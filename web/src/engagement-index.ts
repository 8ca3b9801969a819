import { signal, type Signal } from '@preact/signals';
import type { Channel, Post } from '../../server/realtime/protocol.js';
import { fetchPosts } from './api.js';
import type { BoardState } from './board-state.js';
import { latestReading, type EngagementSample } from './post-engagement.js';

/** One published post of an opportunity as its card shows it. */
export interface PublishedPost {
  postId: string;
  channel: Channel;
  /** Null before the first reading. */
  latest: EngagementSample | null;
  /** Whether the server still reads it. */
  watched: boolean;
}

/**
 * The latest engagement of every opportunity's published posts, for the cards. The board state
 * holds no posts (views fetch their own), and a card must not fetch per card: the published
 * posts are fetched once when a card first asks and again after a resync, then kept current by
 * the post events. One signal per opportunity, so a reading redraws only its card.
 */
export class EngagementIndex {
  private readonly posts = new Map<string, Post>();
  private readonly byOpportunity = new Map<string, Signal<readonly PublishedPost[]>>();
  /** Whether the published posts were asked for since the last resync (once, even when it failed). */
  private asked = false;
  private loading: Promise<void> | null = null;

  constructor(state: BoardState) {
    state.subscribe((change) => {
      if (change.kind === 'reset') {
        this.asked = false;
        if (this.byOpportunity.size > 0) this.ask();
      } else if (change.kind === 'workflow' && change.event.action.startsWith('posts.')) {
        const { post } = change.event.data as { post?: Post };
        if (post) this.upsert(post);
      }
    });
  }

  /** The published posts of an opportunity; fetched on first use. */
  of(opportunityId: string): Signal<readonly PublishedPost[]> {
    let entry = this.byOpportunity.get(opportunityId);
    if (!entry) {
      entry = signal(this.summary(opportunityId));
      this.byOpportunity.set(opportunityId, entry);
    }
    this.ask();
    return entry;
  }

  private ask(): void {
    if (this.asked) return;
    this.asked = true;
    this.loading ??= fetchPosts({ state: 'published' })
      .then(({ posts }) => {
        for (const post of posts) this.upsert(post);
      })
      // A card without its engagement is no reason to bother the member; the next resync asks again.
      .catch(() => undefined)
      .finally(() => {
        this.loading = null;
      });
  }

  private upsert(post: Post): void {
    const known = this.posts.get(post.id);
    // Events can be replayed after a fetch that already holds a later rev.
    if (known && known.rev > post.rev) return;
    if (post.state === 'published') this.posts.set(post.id, post);
    else if (!known) return;
    else this.posts.delete(post.id);
    const entry = this.byOpportunity.get(post.opportunityId);
    if (entry) entry.value = this.summary(post.opportunityId);
  }

  private summary(opportunityId: string): PublishedPost[] {
    return [...this.posts.values()]
      .filter((post) => post.opportunityId === opportunityId)
      .map((post) => ({ postId: post.id, channel: post.channel, latest: latestReading(post), watched: post.nextEngagementAt !== null }));
  }
}

const indexes = new WeakMap<BoardState, EngagementIndex>();

/** The board's index, made the first time a card asks: boards with no published card never fetch. */
export function engagementIndexOf(state: BoardState): EngagementIndex {
  let index = indexes.get(state);
  if (!index) {
    index = new EngagementIndex(state);
    indexes.set(state, index);
  }
  return index;
}
