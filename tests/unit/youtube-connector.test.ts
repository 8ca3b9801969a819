import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawDocument } from '../../connectors/connector.js';
import { createSafeFetch, type SafeFetch } from '../../connectors/http/safe-fetch.js';
import { CONNECTORS } from '../../connectors/index.js';
import { rssConnector } from '../../connectors/rss/rss-connector.js';
import { youtubeConnector, youtubeFeedUrl } from '../../connectors/youtube/youtube-connector.js';
import { closeServer, listenOnLoopback } from '../support/local-server.js';

const OWN = fileURLToPath(new URL('../fixtures/feeds/', import.meta.url));
/** Real recorded YouTube feeds, read in place. */
const SOCIAL = fileURLToPath(new URL('../../../shared/data/fixtures/social/', import.meta.url));
const doc = (path: string): RawDocument => ({ body: readFileSync(path), contentType: null, url: null });

describe('youtube options', () => {
  it('takes a channel id or a playlist id, not both and not neither', () => {
    expect(youtubeConnector.optionsSchema.safeParse({ channelId: 'UCLA_DiR1FfKNvjuUpBHmylQ' }).success).toBe(true);
    expect(youtubeConnector.optionsSchema.safeParse({ playlistId: 'PLD50E7DEEB70F4CE0' }).success).toBe(true);
    const neither = youtubeConnector.optionsSchema.safeParse({});
    expect(neither.error?.issues[0]?.message).toBe('give either channelId or playlistId (one of them)');
    expect(youtubeConnector.optionsSchema.safeParse({ channelId: 'UCLA_DiR1FfKNvjuUpBHmylQ', playlistId: 'PLD50E7DEEB70F4CE0' }).success).toBe(false);
    expect(youtubeConnector.optionsSchema.safeParse({ channelId: 'nasa' }).success).toBe(false);
  });

  it('builds the public feed address', () => {
    expect(youtubeFeedUrl({ channelId: 'UCLA_DiR1FfKNvjuUpBHmylQ' })).toBe('https://www.youtube.com/feeds/videos.xml?channel_id=UCLA_DiR1FfKNvjuUpBHmylQ');
    expect(youtubeFeedUrl({ playlistId: 'PLD50E7DEEB70F4CE0' })).toBe('https://www.youtube.com/feeds/videos.xml?playlist_id=PLD50E7DEEB70F4CE0');
  });
});

describe('youtube read on our own channel feed', () => {
  it('maps media:group: video id, title, plain description, thumbnail, views and likes', async () => {
    const { items, warnings } = await youtubeConnector.read(doc(`${OWN}youtube-harbour-channel.xml`));
    expect(warnings).toEqual([]);
    expect(items).toHaveLength(2);
    const [launch, short] = items;
    expect(launch).toMatchObject({
      externalId: 'hb0000000a1',
      author: 'Harbour TV',
      title: 'Ferry launch, live',
      // The description is plain text: "<leaves>" is a word in angle brackets, not a tag.
      text: 'The new ferry <leaves> the yard at 9 & heads for the quay. Chapters: 0:00 Yard 4:10 Quay',
      url: 'https://www.youtube.com/watch?v=hb0000000a1',
      publishedAt: '2024-06-11T07:00:00.000Z',
      engagement: { views: 48213, likes: 1204 },
    });
    expect(launch?.html).toContain('<img src="https://i1.ytimg.com/vi/hb0000000a1/hqdefault.jpg" alt="Ferry launch, live" />');
    expect(launch?.html).toContain('<p>Chapters:<br />0:00 Yard<br />4:10 Quay</p>');
    expect(launch?.html).toContain('The new ferry &lt;leaves&gt; the yard');
    // No statistics: no figures rather than zeros.
    expect(short).toMatchObject({ externalId: 'hb0000000b2', text: 'Short: gulls', engagement: {} });
  });

  it('is recognized as youtube, and listed before rss so inspect picks it', () => {
    const document = doc(`${OWN}youtube-harbour-channel.xml`);
    expect(youtubeConnector.recognizes(document)).toBe(true);
    expect(rssConnector.recognizes(document)).toBe(true);
    expect([...CONNECTORS.values()].find((c) => c.recognizes(document))?.kind).toBe('youtube');
    expect(youtubeConnector.recognizes(doc(`${OWN}xml-base.atom.xml`))).toBe(false);
  });
});

describe('youtube read on real feeds', () => {
  it('reads the NASA channel feed: 15 videos with their figures', async () => {
    const source = readFileSync(`${SOCIAL}youtube__youpdated__youtube_feed.xml`, 'utf8');
    const ids = [...source.matchAll(/<yt:videoId>([^<]+)<\/yt:videoId>/g)].map((m) => m[1]);
    const views = [...source.matchAll(/<media:statistics views="(\d+)"\/>/g)].map((m) => Number(m[1]));
    const { items } = await youtubeConnector.read(doc(`${SOCIAL}youtube__youpdated__youtube_feed.xml`));
    expect(items.map((i) => i.externalId)).toEqual(ids);
    expect(items.map((i) => i.engagement.views)).toEqual(views);
    expect(items[0]).toMatchObject({ title: 'Special Event Announcement (Aug. 14, 2026)', author: 'NASA', engagement: { views: 66195, likes: 2541 } });
    expect(items.some((i) => i.url?.startsWith('https://www.youtube.com/shorts/'))).toBe(true);
  });

  it('reads the legacy GData v2 playlist: ids from the watch links, views from yt:statistics', async () => {
    const { items } = await youtubeConnector.read(doc(`${SOCIAL}youtube__picofeed__youtube_gdata_v2_playlist.xml`));
    expect(items).toHaveLength(25);
    expect(items[0]).toMatchObject({ externalId: 'PKVE7HZX0-k', title: 'Breakshift - Before You Notice Her', engagement: { views: 150739 } });
  });
});

describe('youtube poll', () => {
  let server: http.Server;
  let origin: string;
  const asked: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      asked.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/atom+xml; charset=UTF-8' });
      res.end(readFileSync(`${OWN}youtube-harbour-channel.xml`));
    });
    origin = await listenOnLoopback(server);
  });

  afterAll(async () => {
    await closeServer(server);
  });

  it('asks for the channel feed and maps what comes back', async () => {
    const real = createSafeFetch({ allowPrivateAddresses: true });
    // The real fetch, pointed at the local server instead of youtube.com: path and query kept.
    const toLocal: SafeFetch = (request) => {
      const url = new URL(request.url);
      return real({ ...request, url: `${origin}${url.pathname}${url.search}` });
    };
    const result = await youtubeConnector.poll({
      options: { channelId: 'UCharbourTVharbourTV0001' },
      cursor: null,
      fetch: toLocal,
      now: new Date('2024-06-12T00:00:00Z'),
      signal: new AbortController().signal,
    });
    expect(asked).toEqual(['/feeds/videos.xml?channel_id=UCharbourTVharbourTV0001']);
    expect(result.items.map((i) => i.externalId)).toEqual(['hb0000000a1', 'hb0000000b2']);
    expect(result.cursor).toEqual({ etag: null, lastModified: null });
  });
});
