import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONNECTORS } from '../../connectors/index.js';
import { connectorContract, type ConnectorExample } from './connector-contract.js';

const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url));

/**
 * An example for each kind: options its schema accepts and a sample response of its platform.
 * A connector added to CONNECTORS without an entry here fails below, saying what to add.
 */
const EXAMPLES: Record<string, ConnectorExample> = {
  rss: {
    options: { url: 'https://gazette.example/feed.xml' },
    sample: { body: fixture('feeds/harbour-gazette.rss.xml'), contentType: 'application/rss+xml', url: 'https://gazette.example/feed.xml' },
  },
  youtube: {
    options: { channelId: 'UCabcdefghijklmnopqrstuv' },
    sample: { body: fixture('feeds/youtube-harbour-channel.xml'), contentType: 'application/atom+xml', url: 'https://www.youtube.com/feeds/videos.xml?channel_id=UCabcdefghijklmnopqrstuv' },
  },
  reddit: {
    options: { subreddit: 'harbourtown' },
    sample: { body: fixture('reddit/harbourtown-new-first.json'), contentType: 'application/json', url: 'https://www.reddit.com/r/harbourtown/new.json?limit=100&raw_json=1' },
  },
  hackernews: {
    options: { query: 'crane' },
    sample: { body: fixture('hackernews/search-crane-first.json'), contentType: 'application/json', url: 'https://hn.algolia.com/api/v1/search_by_date?query=crane&tags=story' },
  },
  mastodon: {
    options: { timeline: 'hashtag', instance: 'https://mastodon.example', hashtag: 'harbour' },
    sample: { body: fixture('mastodon/tag-first-page.json'), contentType: 'application/json', url: 'https://mastodon.example/api/v1/timelines/tag/harbour' },
  },
  bluesky: {
    options: { feed: 'search', query: 'harbour' },
    sample: { body: fixture('bluesky/search-first-page.json'), contentType: 'application/json', url: 'https://public.api.bsky.app/xrpc/app.bsky.feed.searchPosts?q=harbour' },
  },
};

describe('every connector has a contract example', () => {
  it.each([...CONNECTORS.keys()])('%s', (kind) => {
    expect(EXAMPLES[kind], `add an example for "${kind}" to EXAMPLES in tests/contract/connectors.test.ts: options and a sample response`).toBeDefined();
  });
});

for (const [kind, connector] of CONNECTORS) {
  const example = EXAMPLES[kind];
  if (example) connectorContract(connector, example);
}
