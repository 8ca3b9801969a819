import { z } from 'zod';
import type { Connector, PollResult, RawDocument, ReadResult } from '../connector.js';
import { looksLikeFeed, pollFeed, readFeed } from '../rss/rss-connector.js';
import { decorateVideo } from './youtube-video.js';

const youtubeOptionsSchema = z
  .object({
    channelId: z.string().regex(/^UC[\w-]{22}$/, 'must be a channel id: "UC" and 22 letters, digits, "-" or "_"').optional(),
    playlistId: z.string().regex(/^[\w-]{10,64}$/, 'must be a playlist id (letters, digits, "-" or "_")').optional(),
  })
  .refine((options) => (options.channelId === undefined) !== (options.playlistId === undefined), {
    message: 'give either channelId or playlistId (one of them)',
    path: ['channelId'],
  });
export type YoutubeOptions = z.infer<typeof youtubeOptionsSchema>;

/** The public Atom feed of a channel's or a playlist's latest videos (no API key needed). */
export function youtubeFeedUrl(options: YoutubeOptions): string {
  const url = new URL('https://www.youtube.com/feeds/videos.xml');
  if (options.channelId) url.searchParams.set('channel_id', options.channelId);
  else if (options.playlistId) url.searchParams.set('playlist_id', options.playlistId);
  return url.toString();
}

/** The yt: namespaces of today's feeds and of the retired GData v2 API. */
const YOUTUBE_NAMESPACE = /xmlns:yt=["']http:\/\/(?:www\.youtube\.com\/xml\/schemas\/2015|gdata\.youtube\.com\/schemas\/2007)["']/;

/** YouTube channel and playlist feeds: the rss reader, plus media:group and view/like counts. */
export const youtubeConnector: Connector<YoutubeOptions> = {
  kind: 'youtube',
  channel: 'youtube',
  optionsSchema: youtubeOptionsSchema,
  defaultSchedule: '*/15 * * * *',

  read(document: RawDocument): Promise<ReadResult> {
    return readFeed(document, new Date(), decorateVideo);
  },

  recognizes(document: RawDocument): boolean {
    return looksLikeFeed(document, YOUTUBE_NAMESPACE);
  },

  poll({ options, ...context }): Promise<PollResult> {
    return pollFeed(youtubeFeedUrl(options), context, decorateVideo);
  },
};
