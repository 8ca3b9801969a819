import { z } from 'zod';
import type { SafeFetch } from '../http/safe-fetch.js';
import { checkPublishResponse, sendForPublishing, textWithLink, type OutgoingPost, type Publisher, type PublishResult } from '../publisher.js';

const webhookAccountSchema = z.object({
  /** The webhook's address. Slack's and Teams' addresses are secrets: they are never echoed back. */
  url: z.string().url(),
  /**
   * `json`: our own post as JSON; `slack`: an incoming-webhook message ({text});
   * `teams`: a card for a Teams webhook (see `teamsCard`).
   */
  format: z.enum(['json', 'slack', 'teams']).default('json'),
  /** Office 365 connectors take a MessageCard; Teams Workflows take an Adaptive Card. */
  teamsCard: z.enum(['messagecard', 'adaptive']).default('adaptive'),
});
export type WebhookAccount = z.infer<typeof webhookAccountSchema>;

/**
 * Posts to a webhook: a chat channel or any system of the newsroom's own. Webhooks return no id
 * of what they received, so the result names the idempotency key; the key is also sent as a
 * header for receivers that deduplicate (Slack and Teams do not, so a retry may repeat there).
 */
export const webhookPublisher: Publisher<WebhookAccount> = {
  kind: 'webhook',
  accountSchema: webhookAccountSchema,

  async publish(post: OutgoingPost, account: WebhookAccount, fetch: SafeFetch): Promise<PublishResult> {
    const response = await sendForPublishing(
      fetch,
      {
        url: account.url,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': post.idempotencyKey },
        body: JSON.stringify(webhookPayload(post, account)),
      },
      'the webhook',
    );
    checkPublishResponse(response, 'the webhook');
    return { platformId: `webhook:${post.idempotencyKey}`, url: null };
  },
};

export function webhookPayload(post: OutgoingPost, account: Pick<WebhookAccount, 'format' | 'teamsCard'>): unknown {
  switch (account.format) {
    case 'json':
      return { text: post.text, link: post.link, language: post.language, idempotencyKey: post.idempotencyKey };
    case 'slack':
      // Slack turns a bare URL in text into a link by itself.
      return { text: textWithLink(post) };
    case 'teams':
      return account.teamsCard === 'messagecard' ? messageCard(post) : adaptiveCardMessage(post);
  }
}

/** The legacy Office 365 connector card. */
function messageCard(post: OutgoingPost): unknown {
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: post.text.slice(0, 80),
    text: post.text,
    ...(post.link ? { potentialAction: [{ '@type': 'OpenUri', name: 'Open link', targets: [{ os: 'default', uri: post.link }] }] } : {}),
  };
}

/** An Adaptive Card wrapped in a message, as Teams Workflows webhooks expect. */
function adaptiveCardMessage(post: OutgoingPost): unknown {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [{ type: 'TextBlock', text: post.text, wrap: true }],
          ...(post.link ? { actions: [{ type: 'Action.OpenUrl', title: 'Open link', url: post.link }] } : {}),
        },
      },
    ],
  };
}
