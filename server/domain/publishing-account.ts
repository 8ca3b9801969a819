import { z } from 'zod';
import type { Channel } from './channel.js';

/** How a post leaves Tidewatch: a platform's API, a webhook, or a person who posts by hand. */
export const publishingKindSchema = z.enum(['mastodon', 'bluesky', 'webhook', 'manual']);
export type PublishingKind = z.infer<typeof publishingKindSchema>;

/**
 * An account the team publishes through on one channel: a Mastodon instance and token, a
 * Bluesky handle and app password, a webhook address, or "manual". The credentials are sealed
 * (encrypted with the server's secret key) and never leave the server: not in the API, the
 * event log, or the logs.
 */
export interface PublishingAccount {
  id: string;
  rev: number;
  name: string;
  kind: PublishingKind;
  channel: Channel;
  /** What a person may see of the account: the instance and handle, the webhook's host. */
  label: string;
  /** The credentials as JSON, sealed with AES-256-GCM (see server/workflow/secret-box.ts); null for manual. */
  sealed: string | null;
  disabled: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export type PublicPublishingAccount = Omit<PublishingAccount, 'sealed'>;

export function publicPublishingAccount(account: PublishingAccount): PublicPublishingAccount {
  const { sealed: _sealed, ...rest } = account;
  return rest;
}
