import { readEngagementJson, countOf } from '../engagement-reading.js';
import type { SafeFetch } from '../http/safe-fetch.js';
import type { EngagementCounts } from '../publisher.js';
import type { MastodonAccount } from './mastodon-publisher.js';

/**
 * A status's favourites, boosts and replies as its own instance counts them
 * (`GET /api/v1/statuses/:id`). Asked with the account's token, so an unlisted status answers too.
 */
export async function mastodonEngagement(statusId: string, account: MastodonAccount, fetch: SafeFetch): Promise<EngagementCounts> {
  const url = new URL(`/api/v1/statuses/${encodeURIComponent(statusId)}`, new URL(account.instance).origin).toString();
  const status = await readEngagementJson(fetch, { url, headers: { authorization: `Bearer ${account.accessToken}`, accept: 'application/json' } }, 'Mastodon');
  return { likes: countOf(status['favourites_count']), reposts: countOf(status['reblogs_count']), replies: countOf(status['replies_count']) };
}
