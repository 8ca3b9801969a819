import type { PublishingAccount } from '../domain/index.js';
import { open, seal } from './secret-box.js';

/**
 * Seals and opens the credentials of publishing accounts with the server's secret key. Only the
 * scheduler (to send) and the account commands (to store) hold one; nothing else sees plaintext.
 */
export interface PublishingVault {
  sealCredentials(accountId: string, credentials: unknown): string;
  openCredentials(account: PublishingAccount): unknown;
}

export function createPublishingVault(key: Buffer): PublishingVault {
  return {
    sealCredentials: (accountId, credentials) => seal(key, JSON.stringify(credentials), `account:${accountId}`),
    openCredentials(account) {
      if (account.sealed === null) return null;
      return JSON.parse(open(key, account.sealed, `account:${account.id}`)) as unknown;
    },
  };
}
