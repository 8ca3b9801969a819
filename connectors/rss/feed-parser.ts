import { createRequire } from 'node:module';
import Parser from 'rss-parser';
import type { RawDocument } from '../connector.js';
import { UnreadableDocumentError } from '../connector-errors.js';
import { decodeFeedBytes } from '../http/decode-text.js';
import { recoverXml, UnrecoverableXmlError } from '../http/xml-recovery.js';
import { textOf } from './feed-values.js';

/** Larger than any real feed (the biggest podcast feeds are a few MB); beyond it we stop before parsing. */
export const MAX_FEED_BYTES = 32 * 1024 * 1024;

/** Namespaces whose elements rss-parser expects without a prefix (`<a:feed>` → `<feed>`). */
const FEED_NAMESPACES = [
  'http://www.w3.org/2005/Atom',
  'http://purl.org/atom/ns#',
  'http://purl.org/rss/1.0/',
  'http://my.netscape.com/rdf/simple/0.9/',
];

const FEED_ROOTS = new Set(['rss', 'feed', 'rdf:RDF']);

/** One entry as rss-parser gives it, with the raw pieces we ask for besides. */
export type RawEntry = Parser.Item & Record<string, unknown>;

export interface ParsedFeed {
  title: string | null;
  /** The base for relative links: the document's URL, then the feed's xml:base, then its own link. */
  base: string | null;
  /** The feed's own xml:base, when it states one. */
  xmlBase: string | null;
  language: string | null;
  entries: RawEntry[];
  warnings: string[];
}

/** rss-parser's own reading of an element's content (text, or child elements serialized as markup). */
const { getContent } = createRequire(import.meta.url)('rss-parser/lib/utils.js') as { getContent(content: unknown): string };

type Fields = Array<string | [string, string, Record<string, unknown>?]>;
interface ParserInternals {
  parseItemAtom(entry: Record<string, unknown>): Record<string, unknown>;
  parseItemRss(item: Record<string, unknown>, fields: Fields): Record<string, unknown>;
}
const parent = Parser.prototype as unknown as ParserInternals;

/**
 * Two corrections to rss-parser, made on the entry it is given rather than by patching it:
 * - it turns an Atom entry's date into ISO itself and throws on one it cannot read, losing the
 *   whole feed: the dates are taken out before it looks and read by feed-date instead;
 * - it makes a text "snippet" of every content with a regex that is quadratic on a `<` without a
 *   `>` (a hostile feed stalls the process): contents are handed over without it.
 */
class LenientParser extends Parser<Record<string, unknown>, Record<string, unknown>> {
  parseItemAtom(entry: Record<string, unknown>): Record<string, unknown> {
    const { published, updated, content, ...rest } = entry;
    const item = parent.parseItemAtom.call(this, rest);
    return { ...item, content: contentOf(content), published: textOf(published), updated: textOf(updated) };
  }

  parseItemRss(entry: Record<string, unknown>, fields: Fields): Record<string, unknown> {
    const { description, ...rest } = entry;
    const withoutSnippets = fields.map((field): Fields[number] => (Array.isArray(field) && field[2] ? [field[0], field[1], { ...field[2], includeSnippet: false }] : field));
    return { ...parent.parseItemRss.call(this, rest, withoutSnippets), content: contentOf(description) };
  }
}

function contentOf(element: unknown): string | undefined {
  const first = Array.isArray(element) ? element[0] : undefined;
  return first === undefined ? undefined : getContent(first);
}

// One parser per feed: rss-parser keeps a single xml2js parser whose state after a failed parse
// can make a later document never settle.
const newParser = () =>
  new LenientParser({
    customFields: {
      feed: [['$', 'attributes', { keepArray: true }] as never, 'language', 'dc:language'],
      item: [
        ['$', 'attributes', { keepArray: true }] as never,
        ['link', 'links', { keepArray: true }] as never,
        ['author', 'rawAuthor', { keepArray: true }] as never,
        // rss-parser keeps only the text of a title with child elements; we want every word.
        ['title', 'rawTitle', { keepArray: true }] as never,
        'id',
        'description',
        'dc:date',
        'issued',
        'created',
        'modified',
        'media:group',
        'media:description',
        'media:title',
        'media:community',
        'slash:comments',
        'thr:total',
        'yt:videoId',
        'yt:channelId',
        'yt:statistics',
        'yt:rating',
        'gd:rating',
      ],
    },
    // Feed readers read an <rss> without a version attribute as RSS 2.0.
    defaultRSS: 2,
  });

/**
 * Bytes to entries: decode (feed-aware charset detection), repair the XML, then rss-parser.
 * Throws UnreadableDocumentError for anything that is not an RSS, RDF or Atom feed.
 */
export async function parseFeed(document: RawDocument): Promise<ParsedFeed> {
  if (document.body.length > MAX_FEED_BYTES) {
    throw new UnreadableDocumentError(`not read: ${document.body.length} bytes is more than the ${MAX_FEED_BYTES} a feed may have`);
  }
  const decoded = decodeFeedBytes(document.body, document.contentType);
  let recovered;
  try {
    recovered = recoverXml(decoded.text, { unprefixNamespaces: FEED_NAMESPACES });
  } catch (error) {
    if (error instanceof UnrecoverableXmlError) throw new UnreadableDocumentError(`not a readable RSS or Atom feed: ${error.message}`);
    throw error;
  }
  if (recovered.root === null) throw new UnreadableDocumentError('not a readable RSS or Atom feed: the document has no XML elements');
  if (!FEED_ROOTS.has(recovered.root)) throw new UnreadableDocumentError(notAFeedMessage(recovered.root, decoded.text));

  let text = recovered.text;
  const warnings = [...decoded.warnings, ...recovered.warnings];
  if (recovered.root !== 'feed' && !/<channel[\s>/]/.test(text)) {
    // rss-parser reads items through the channel and fails without one; a reader takes the
    // items of an <rss> without a channel as the channel's (RSS 1.0 items are outside it anyway).
    text =
      recovered.root === 'rss'
        ? text.replace(/(<rss(?:\s[^>]*)?>)([\s\S]*)(<\/rss>)\s*$/, '$1<channel>$2</channel>$3')
        : text.replace(/<\/rdf:RDF>\s*$/, '<channel></channel></rdf:RDF>');
    warnings.push('the feed has no <channel>');
  }
  let feed: Parser.Output<Record<string, unknown>> & Record<string, unknown>;
  try {
    feed = (await newParser().parseString(text)) as typeof feed;
  } catch (error) {
    throw new UnreadableDocumentError(`not a readable RSS or Atom feed: ${(error as Error).message.split('\n')[0]}`);
  }
  const attributes = (feed['attributes'] ?? {}) as Record<string, string>;
  const xmlBase = resolve(attributes['xml:base'], document.url);
  return {
    title: textOf(feed.title),
    // Without an address of its own, a feed's self link (absolute by the spec) is the next best base.
    base: xmlBase ?? document.url ?? resolve(textOf(feed.feedUrl), null) ?? resolve(textOf(feed.link), null),
    xmlBase,
    language: textOf(feed['language']) ?? textOf(feed['dc:language']) ?? attributes['xml:lang'] ?? null,
    entries: (feed.items ?? []) as RawEntry[],
    warnings,
  };
}

function notAFeedMessage(root: string, text: string): string {
  if (root.toLowerCase() === 'html') {
    const alternate = /<link[^>]+type=["']application\/(?:rss|atom)\+xml["'][^>]*>/i.exec(text.slice(0, 64 * 1024))?.[0];
    const href = alternate && /href=["']([^"']+)["']/i.exec(alternate)?.[1];
    return `not a readable RSS or Atom feed: this is an HTML page${href ? `; it links to a feed at ${href}` : ''}`;
  }
  return `not a readable RSS or Atom feed: the document's root element is <${root}>, not <rss>, <feed> or <rdf:RDF>`;
}

export function resolve(href: string | null | undefined, base: string | null | undefined): string | null {
  if (!href) return null;
  try {
    return new URL(href.trim(), base ?? undefined).toString();
  } catch {
    return null;
  }
}
