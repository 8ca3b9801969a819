import type { Post } from '../../server/realtime/protocol.js';

/*
 * A published post's engagement as the board words it. The server reads it on a decaying
 * schedule after publication (W-POST-8); the last reading is the post's reception so far.
 */

export type EngagementSample = Post['engagement'][number];
export type EngagementCounts = Omit<EngagementSample, 'at'>;

/** The latest reading of a post, or null before the first. */
export const latestReading = (post: Pick<Post, 'engagement'>): EngagementSample | null => post.engagement.at(-1) ?? null;

/** The latest readings of several posts added up (an opportunity published on two channels). */
export function addUp(readings: readonly EngagementCounts[]): EngagementCounts {
  return readings.reduce((sum, r) => ({ likes: sum.likes + r.likes, reposts: sum.reposts + r.reposts, replies: sum.replies + r.replies }), { likes: 0, reposts: 0, replies: 0 });
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** "42 likes · 17 reposts · 4 replies". */
export function engagementWords({ likes, reposts, replies }: EngagementCounts): string {
  return [count(likes, 'like', 'likes'), count(reposts, 'repost', 'reposts'), count(replies, 'reply', 'replies')].join(' · ');
}
