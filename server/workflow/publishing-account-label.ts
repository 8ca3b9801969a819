import type { BlueskyAccount } from '../../connectors/bluesky/bluesky-publisher.js';
import type { MastodonAccount } from '../../connectors/mastodon/mastodon-publisher.js';
import type { WebhookAccount } from '../../connectors/webhook/webhook-publisher.js';
import type { PublishingKind } from '../domain/index.js';

/** Bluesky's own entryway: accounts it hosts need no "on <service>" after their handle. */
const BLUESKY_ENTRYWAY = 'bsky.social';

/**
 * What a person may see of an account, from its checked credentials: the Mastodon instance, the
 * Bluesky handle, the webhook's host. Never a token, and never a webhook's path or query: a Slack
 * or Teams address is itself the secret (anyone holding it can post to the channel).
 */
export function publishingAccountLabel(kind: PublishingKind, credentials: unknown): string {
  switch (kind) {
    case 'mastodon':
      // A token does not say whose it is without asking the instance; the instance is what we know.
      return hostOf((credentials as MastodonAccount).instance);
    case 'bluesky': {
      const { handle, service } = credentials as BlueskyAccount;
      const host = hostOf(service);
      return host === BLUESKY_ENTRYWAY ? `@${handle}` : `@${handle} on ${host}`;
    }
    case 'webhook': {
      const { url, format } = credentials as WebhookAccount;
      return format === 'json' ? `webhook to ${hostOf(url)}` : `${format === 'slack' ? 'Slack' : 'Teams'} webhook to ${hostOf(url)}`;
    }
    case 'manual':
      return 'posted by hand';
  }
}

/** The host (and port), without user, path, query or fragment. */
function hostOf(url: string): string {
  return new URL(url).host;
}
