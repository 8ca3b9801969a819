import { escapeUTF8 } from 'entities';
import type { ConnectorItem } from '../connector.js';
import { canonicalUrl } from '../http/canonical-url.js';
import { sanitizeHtml } from '../http/html.js';
import type { RawEntry } from '../rss/feed-parser.js';
import { attributesOf, childOf, countOf, textOf } from '../rss/feed-values.js';

/**
 * What a YouTube entry carries beside Atom: the video id, and in media:group the title, the
 * description (plain text, not HTML), a thumbnail and the community figures (views; the star
 * rating's count is the number of likes). GData v2 feeds put the figures in yt:statistics.
 */
export function decorateVideo(item: ConnectorItem, entry: RawEntry): ConnectorItem {
  const group = entry['media:group'];
  const community = childOf(group, 'media:community') ?? entry['media:community'];
  const videoId = textOf(entry['yt:videoId']) ?? textOf(childOf(group, 'yt:videoid')) ?? watchId(item.url);
  const title = item.title ?? textOf(childOf(group, 'media:title'));
  const description = textOf(childOf(group, 'media:description'));
  const thumbnail = canonicalUrl(attributesOf(childOf(group, 'media:thumbnail'))['url']);

  const views = countOf(attributesOf(childOf(community, 'media:statistics'))['views']) ?? countOf(attributesOf(entry['yt:statistics'])['viewCount']);
  const likes = countOf(attributesOf(childOf(community, 'media:starRating'))['count']) ?? countOf(attributesOf(entry['yt:rating'])['numLikes']);
  const engagement = { ...item.engagement, ...(views === undefined ? {} : { views }), ...(likes === undefined ? {} : { likes }) };

  const text = description ? description.replace(/\s+/g, ' ').trim() : item.text;
  return {
    ...item,
    externalId: videoId ?? item.externalId,
    title,
    text: text || title || '',
    html: description || thumbnail ? videoHtml(item.url, title, description, thumbnail) : item.html,
    engagement,
  };
}

/** The thumbnail linked to the video, then the description with its line breaks kept. */
function videoHtml(url: string | null, title: string | null, description: string | null, thumbnail: string | null): string {
  const image = thumbnail ? `<img src="${escapeUTF8(thumbnail)}" alt="${escapeUTF8(title ?? '')}">` : '';
  const picture = image ? `<p>${url ? `<a href="${escapeUTF8(url)}">${image}</a>` : image}</p>` : '';
  const paragraphs = (description ?? '')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeUTF8(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
  return sanitizeHtml(picture + paragraphs);
}

/** The `v` of a watch link: GData feeds name the video only there. */
function watchId(url: string | null): string | null {
  if (!url) return null;
  const parsed = new URL(url);
  return /(^|\.)youtube\.com$/.test(parsed.hostname) ? parsed.searchParams.get('v') : null;
}
