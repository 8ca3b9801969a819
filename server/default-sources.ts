import { NEW_SOURCE_HEALTH, type Source } from './domain/index.js';

/** Public news feeds a fresh install listens to when it has internet, so the board is never empty. */
const PUBLIC_FEEDS = [
  { id: 'bbc-world', name: 'BBC News — World', url: 'https://feeds.bbci.co.uk/news/world/rss.xml' },
  { id: 'npr-news', name: 'NPR News', url: 'https://feeds.npr.org/1001/rss.xml' },
  { id: 'guardian-world', name: 'The Guardian — World', url: 'https://www.theguardian.com/world/rss' },
  { id: 'aljazeera', name: 'Al Jazeera', url: 'https://www.aljazeera.com/xml/rss/all.xml' },
  { id: 'dw-top', name: 'DW — Top stories', url: 'https://rss.dw.com/rdf/rss-en-top' },
] as const;

export function defaultSources(now: Date): Source[] {
  return PUBLIC_FEEDS.map((feed) => rssSource(feed.id, feed.name, feed.url, '*/5 * * * *', now));
}

export function rssSource(id: string, name: string, url: string, schedule: string, now: Date): Source {
  return {
    id,
    name,
    kind: 'rss',
    channel: 'news',
    options: { url },
    schedule,
    enabled: true,
    cursor: null,
    health: { ...NEW_SOURCE_HEALTH },
    createdAt: now.toISOString(),
  };
}
