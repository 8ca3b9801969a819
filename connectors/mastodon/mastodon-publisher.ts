import { z } from 'zod';
import type { SafeFetch } from '../http/safe-fetch.js';
import { checkPublishResponse, publishedJson, sendForPublishing, textWithLink, type OutgoingPost, type Publisher, type PublishResult } from '../publisher.js';
import { mastodonEngagement } from './mastodon-engagement.js';

const mastodonAccountSchema = z.object({
  instance: z.string().url('must be the address of the instance, such as https://mastodon.social'),
  /** An access token with the write:statuses scope. */
  accessToken: z.string().min(1),
  visibility: z.enum(['public', 'unlisted']).default('public'),
});
export type MastodonAccount = z.infer<typeof mastodonAccountSchema>;

/**
 * Posts a status. Mastodon remembers an Idempotency-Key for an hour and answers a repeat with
 * the status it already created, so a retry of the same post cannot publish it twice.
 */
export const mastodonPublisher: Publisher<MastodonAccount> = {
  kind: 'mastodon',
  accountSchema: mastodonAccountSchema,

  async publish(post: OutgoingPost, account: MastodonAccount, fetch: SafeFetch): Promise<PublishResult> {
    const url = new URL('/api/v1/statuses', new URL(account.instance).origin).toString();
    const body = {
      status: textWithLink(post),
      visibility: account.visibility,
      ...(post.language ? { language: post.language } : {}),
    };
    const response = await sendForPublishing(
      fetch,
      {
        url,
        method: 'POST',
        headers: {
          authorization: `Bearer ${account.accessToken}`,
          'content-type': 'application/json',
          accept: 'application/json',
          'idempotency-key': post.idempotencyKey,
        },
        body: JSON.stringify(body),
      },
      'Mastodon',
    );
    checkPublishResponse(response, 'Mastodon');
    const status = publishedJson(response, 'Mastodon');
    const id = typeof status['id'] === 'string' ? status['id'] : null;
    if (!id) return { platformId: String(status['uri'] ?? ''), url: null };
    const statusUrl = typeof status['url'] === 'string' ? status['url'] : typeof status['uri'] === 'string' ? status['uri'] : null;
    return { platformId: id, url: statusUrl };
  },

  engagement: mastodonEngagement,
};
