import { z } from 'zod';
import type { ConnectorItem } from '../connector.js';
import { canonicalUrl } from '../http/canonical-url.js';
import { htmlToText, sanitizeHtml } from '../http/html.js';

/** The fields of a Mastodon Status we use; the API sends many more, and other servers fewer. */
const statusCoreSchema = z.object({
  id: z.string(),
  uri: z.string(),
  url: z.string().nullish(),
  created_at: z.string(),
  edited_at: z.string().nullish(),
  content: z.string(),
  spoiler_text: z.string().nullish(),
  language: z.string().nullish(),
  visibility: z.string().nullish(),
  favourites_count: z.number().nullish(),
  reblogs_count: z.number().nullish(),
  replies_count: z.number().nullish(),
  account: z.object({ acct: z.string(), url: z.string().nullish() }),
  media_attachments: z.array(z.object({ description: z.string().nullish() })).nullish(),
});

export const statusSchema = statusCoreSchema.extend({ reblog: statusCoreSchema.nullish() });
export type MastodonStatus = z.infer<typeof statusSchema>;

/** Whether a parsed JSON value has the shape of a Status (before validating it field by field). */
export function looksLikeStatus(value: unknown): boolean {
  return !!value && typeof value === 'object' && 'uri' in value && 'content' in value && 'account' in value && 'created_at' in value;
}

/** Only what anyone can read: followers-only and direct messages are never listened to. */
const PUBLIC_VISIBILITIES = new Set(['public', 'unlisted']);

export type StatusMapping = { item: ConnectorItem } | { skipped: 'not public' | 'empty' };

/**
 * A timeline entry as an item. A reblog is unwrapped: the item is the reblogged status, so the
 * same post boosted by many accounts is one item. An edited status keeps its id and URI.
 */
export function statusToItem(entry: MastodonStatus): StatusMapping {
  const status = entry.reblog ?? entry;
  if (status.visibility && !PUBLIC_VISIBILITIES.has(status.visibility)) return { skipped: 'not public' };
  const url = canonicalUrl(status.url) ?? canonicalUrl(status.uri);
  const altTexts = (status.media_attachments ?? []).map((media) => media.description?.trim() ?? '').filter((text) => text !== '');
  // Links in Mastodon's HTML hide part of the URL in "invisible" spans: as text they read whole.
  const text = htmlToText(status.content) || altTexts.join(' ');
  const title = status.spoiler_text?.trim() ? status.spoiler_text.trim() : null;
  if (!text && !title) return { skipped: 'empty' };
  return {
    item: {
      externalId: status.uri,
      author: qualifiedAcct(status.account.acct, status.account.url ?? status.uri),
      title,
      text,
      html: status.content ? sanitizeHtml(status.content, url ?? undefined) : null,
      url,
      publishedAt: isoDate(status.created_at),
      language: status.language ?? null,
      engagement: {
        likes: status.favourites_count ?? 0,
        reposts: status.reblogs_count ?? 0,
        replies: status.replies_count ?? 0,
      },
    },
  };
}

/**
 * `acct` is bare ("alice") for accounts of the instance that answered and "alice@host" for the
 * others; one source can follow several instances, so a bare acct gets its host from the account URL.
 */
function qualifiedAcct(acct: string, accountUrl: string): string {
  if (acct.includes('@')) return acct;
  try {
    return `${acct}@${new URL(accountUrl).host}`;
  } catch {
    return acct;
  }
}

function isoDate(raw: string): string | null {
  const time = Date.parse(raw);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
