import type { ConnectorItem } from '../../connectors/index.js';
import { itemId, type Item, type Source } from '../domain/index.js';

/**
 * An item as the store keeps it, from what a connector (or a webhook) gave: the id comes from the
 * source and the platform's id, so the same item seen again is the same record.
 */
export function toItem(source: Pick<Source, 'id' | 'channel'>, item: ConnectorItem, fetchedAt: Date): Item {
  const fetched = fetchedAt.toISOString();
  return {
    id: itemId(source.id, item.externalId),
    sourceId: source.id,
    channel: source.channel,
    externalId: item.externalId,
    author: item.author,
    title: item.title,
    text: item.text,
    html: item.html,
    url: item.url,
    publishedAt: publishedAt(item.publishedAt, fetchedAt),
    fetchedAt: fetched,
    language: item.language,
    engagement: item.engagement,
    storyId: null,
  };
}

/** A missing, unreadable or future date becomes the fetch time: a future one would keep the item "new" for days. */
function publishedAt(raw: string | null, fetchedAt: Date): string {
  const at = raw ? Date.parse(raw) : Number.NaN;
  return Number.isFinite(at) && at <= fetchedAt.getTime() ? new Date(at).toISOString() : fetchedAt.toISOString();
}
