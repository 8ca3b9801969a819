import { blueskyPublisher } from './bluesky/bluesky-publisher.js';
import { mastodonPublisher } from './mastodon/mastodon-publisher.js';
import type { Publisher } from './publisher.js';
import { webhookPublisher } from './webhook/webhook-publisher.js';

export type { EngagementCounts, OutgoingPost, Publisher, PublishResult } from './publisher.js';
export { PublishRejectedError } from './publisher.js';

/** Every publisher, by kind. An explicit list: no registry filled by import side effects. */
export const PUBLISHERS: ReadonlyMap<string, Publisher<any>> = new Map<string, Publisher<any>>([
  [mastodonPublisher.kind, mastodonPublisher],
  [blueskyPublisher.kind, blueskyPublisher],
  [webhookPublisher.kind, webhookPublisher],
]);
