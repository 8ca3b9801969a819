import type { PublishingKind } from '../domain/index.js';

/**
 * How long after a send that may have arrived a resend with the same idempotency key still cannot
 * publish twice, per platform (W-PUB-6). Bluesky: always, since the post's rkey comes from the key
 * and the publisher looks for it first. Mastodon: it remembers a key for an hour; five minutes
 * are kept as slack for clocks and slow answers. A webhook cannot be asked and Slack and Teams do
 * not deduplicate: never.
 */
const RESEND_SAFE_FOR_MS: Readonly<Record<PublishingKind, number>> = {
  bluesky: Number.POSITIVE_INFINITY,
  mastodon: 55 * 60_000,
  webhook: 0,
  manual: 0,
};

/** Whether resending at `at` a post first sent at `firstSentAt` can only find, never repeat, it. */
export function resendIsSafe(kind: PublishingKind, firstSentAt: string, at: Date): boolean {
  return at.getTime() - Date.parse(firstSentAt) < RESEND_SAFE_FOR_MS[kind];
}

/** Why a send that may have arrived is not sent again, and what a person does instead, in words. */
export function notResentReason(kind: PublishingKind, where: string): string {
  const check = `check ${where}, then confirm whether it arrived`;
  switch (kind) {
    case 'mastodon':
      return `Mastodon forgets an idempotency key after an hour, so sending it again could post it twice: ${check}`;
    case 'webhook':
      return `a webhook cannot be asked whether it arrived, and sending it again could post it twice: ${check}`;
    default:
      return `sending it again could post it twice: ${check}`;
  }
}
