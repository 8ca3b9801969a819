import type { Connector } from './connector.js';
import { blueskyConnector } from './bluesky/bluesky-connector.js';
import { hackernewsConnector } from './hackernews/hackernews-connector.js';
import { mastodonConnector } from './mastodon/mastodon-connector.js';
import { redditConnector } from './reddit/reddit-connector.js';
import { rssConnector } from './rss/rss-connector.js';
import { youtubeConnector } from './youtube/youtube-connector.js';

export type { Connector, ConnectorItem, PollContext, PollResult } from './connector.js';
export { createSafeFetch, type SafeFetch, type SafeFetchPolicy } from './http/safe-fetch.js';
export { createSafeWebSocket, type OpenWebSocket } from './http/safe-websocket.js';

/**
 * Every connector, by kind. An explicit list: no registry filled by import side effects. When
 * several recognize a document, `tidewatch inspect` takes the first: specific before general
 * (a YouTube feed is also an Atom feed).
 */
export const CONNECTORS: ReadonlyMap<string, Connector<any>> = new Map<string, Connector<any>>([
  [youtubeConnector.kind, youtubeConnector],
  [rssConnector.kind, rssConnector],
  [redditConnector.kind, redditConnector],
  [hackernewsConnector.kind, hackernewsConnector],
  [mastodonConnector.kind, mastodonConnector],
  [blueskyConnector.kind, blueskyConnector],
]);
