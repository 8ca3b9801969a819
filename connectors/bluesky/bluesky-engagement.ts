import { HttpStatusError } from '../connector-errors.js';
import { countOf, readEngagementJson } from '../engagement-reading.js';
import type { SafeFetch } from '../http/safe-fetch.js';
import type { EngagementCounts } from '../publisher.js';

/**
 * A post's likes, reposts (quotes count as reposts: the post passed on with a comment) and
 * replies as the AppView counts them (`app.bsky.feed.getPosts`). The AppView answers for public
 * posts without signing in, which spares the account a session per reading: Bluesky limits how
 * often an account may sign in.
 */
export async function blueskyEngagement(uri: string, appView: string, fetch: SafeFetch): Promise<EngagementCounts> {
  const url = new URL('/xrpc/app.bsky.feed.getPosts', appView);
  url.searchParams.set('uris', uri);
  const answer = await readEngagementJson(fetch, { url: url.toString(), headers: { accept: 'application/json' } }, 'Bluesky');
  const posts = Array.isArray(answer['posts']) ? (answer['posts'] as unknown[]) : [];
  const post = posts.find((candidate): candidate is Record<string, unknown> => !!candidate && typeof candidate === 'object' && (candidate as Record<string, unknown>)['uri'] === uri);
  // The AppView leaves out posts it has not indexed yet (right after publication) as well as
  // deleted ones, and cannot say which: look again later rather than stop watching.
  if (!post) throw new HttpStatusError(404, url.toString(), 'Bluesky does not show the post (yet); Tidewatch will look again');
  return {
    likes: countOf(post['likeCount']),
    reposts: countOf(post['repostCount']) + countOf(post['quoteCount']),
    replies: countOf(post['replyCount']),
  };
}
