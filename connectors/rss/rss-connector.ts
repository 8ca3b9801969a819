import Parser from 'rss-parser';
import { z } from 'zod';
import type { Connector, ConnectorItem, PollResult, RawDocument, ReadResult } from '../connector.js';
import { checkResponse, UnreadableDocumentError } from '../connector-errors.js';
import { canonicalUrl } from '../http/canonical-url.js';
import { decodeText } from '../http/decode-text.js';
import { htmlToText, sanitizeHtml } from '../http/html.js';
import { conditionalHeaders, validatorsOf, type HttpCursor } from '../http/conditional-get.js';

const rssOptionsSchema = z.object({
  url: z.string().url('must be an absolute http(s) URL'),
});
export type RssOptions = z.infer<typeof rssOptionsSchema>;

type FeedItem = Parser.Item & { id?: string; author?: string; 'dc:creator'?: string };

// One parser per feed: rss-parser keeps a single xml2js parser whose state after a parse makes a
// later document without a root element (empty, only a comment) never settle, hanging the poll.
const newParser = () => new Parser<Record<string, unknown>, FeedItem>({
  customFields: { item: ['id', 'author'] },
  // Feed readers read an <rss> without a version attribute as RSS 2.0; rss-parser refuses it otherwise.
  defaultRSS: 2,
});

/** Any RSS 0.9x/1.0/2.0, Atom or RDF feed, parsed by rss-parser from text we decode ourselves. */
export const rssConnector: Connector<RssOptions> = {
  kind: 'rss',
  channel: 'news',
  optionsSchema: rssOptionsSchema,
  defaultSchedule: '*/5 * * * *',

  async read(document: RawDocument): Promise<ReadResult> {
    const text = decodeText(document.body, document.contentType ?? undefined);
    let feed: Parser.Output<FeedItem>;
    try {
      feed = await newParser().parseString(text);
    } catch (error) {
      throw new UnreadableDocumentError(`not a readable RSS or Atom feed: ${(error as Error).message}`);
    }
    const base = document.url ?? feed.link ?? '';
    const items = (feed.items ?? []).map((entry) => toConnectorItem(entry, base)).filter((item): item is ConnectorItem => item !== null);
    return { items, warnings: [] };
  },

  recognizes(document: RawDocument): boolean {
    const head = document.body.subarray(0, 2048).toString('latin1');
    return /<(rss|feed|rdf:RDF|channel)[\s>]/i.test(head);
  },

  async poll({ options, cursor, fetch, signal, now }): Promise<PollResult> {
    const previous = (cursor ?? null) as HttpCursor | null;
    const response = await fetch({
      url: options.url,
      headers: { accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5', ...conditionalHeaders(previous) },
      signal,
    });
    if (response.status === 304) return { items: [], cursor: previous };
    checkResponse(response, now, 'the feed');
    const { items, warnings } = await this.read({ body: response.body, contentType: response.headers['content-type'] ?? null, url: response.url });
    return { items, cursor: validatorsOf(response.headers), warnings };
  },
};

function toConnectorItem(entry: FeedItem, feedUrl: string): ConnectorItem | null {
  const url = canonicalUrl(entry.link, feedUrl);
  const title = entry.title ? htmlToText(entry.title) : null;
  const html = entry.content ?? entry.summary ?? null;
  // Not rss-parser's contentSnippet: it keeps the source of <script> and <style> as text.
  const text = (html ? htmlToText(html) : '') || title || '';
  // A feed without guids still needs an id that survives re-polls: the link, else the title.
  const externalId = entry.guid || entry.id || url || (title ? `title:${title}` : null);
  if (!externalId || (!title && !text)) return null;
  const publishedAt = entry.isoDate ?? parseDate(entry.pubDate);
  return {
    externalId,
    author: entry.creator ?? entry.author ?? entry['dc:creator'] ?? null,
    title,
    text,
    html: html ? sanitizeHtml(html, url ?? feedUrl) : null,
    url,
    publishedAt,
    language: null,
    engagement: {},
  };
}

function parseDate(raw: string | undefined): string | null {
  if (!raw) return null;
  const time = Date.parse(raw);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
