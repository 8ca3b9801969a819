import { createHash } from 'node:crypto';
import type { ConnectorItem } from '../connector.js';
import { canonicalUrl } from '../http/canonical-url.js';
import { parseFeedDate } from '../http/feed-date.js';
import { htmlToText, sanitizeHtml } from '../http/html.js';
import { resolve, type ParsedFeed, type RawEntry } from './feed-parser.js';
import { attributesOf, countOf, textOf } from './feed-values.js';

export interface EntryContext {
  feed: ParsedFeed;
  now: Date;
  /** `kind` groups warnings of one sort, so a feed with 50 bad dates gives one line. */
  warn(kind: string, message: string): void;
}

/** Dates in the order a reader prefers them: first publication, then later changes. */
const DATE_FIELDS = ['pubDate', 'published', 'issued', 'date', 'dc:date', 'created', 'updated', 'modified'] as const;

/**
 * One feed entry as an item. Returns null for an entry with nothing to show and nowhere to go
 * (no title, no text, no link): the caller counts those in a warning.
 */
export function entryToItem(entry: RawEntry, { feed, now, warn }: EntryContext): ConnectorItem | null {
  const attributes = attributesOf({ $: entry['attributes'] });
  const entryBase = resolve(attributes['xml:base'], feed.base) ?? feed.base;
  const url = canonicalUrl(linkOf(entry, entryBase), entryBase ?? undefined);
  const rawTitle = textOf(entry['rawTitle']) ?? textOf(entry.title);
  const title = rawTitle ? htmlToText(rawTitle) || null : null;
  const html = unclosedEscaped(textOf(entry['content:encoded']) ?? textOf(entry.content) ?? textOf(entry.summary) ?? textOf(entry['media:description']) ?? textOf(childOfGroup(entry, 'media:description')));
  const text = (html ? htmlToText(html) : '') || title || '';
  // Without an id of its own an entry still needs one that survives re-polls: its link, else its words.
  const externalId = textOf(entry.guid) ?? textOf(entry['id']) ?? attributes['rdf:about'] ?? url ?? (title ? `title:${title}` : text ? `text:${digest(text)}` : null);
  if (!externalId || (!title && !text && !url)) return null;
  // Relative links inside the content: an explicit xml:base first, else the article's own address.
  const htmlBase = (attributes['xml:base'] ? entryBase : null) ?? feed.xmlBase ?? url ?? feed.base;
  return {
    externalId,
    author: authorOf(entry),
    title,
    text,
    html: html ? sanitizeHtml(html, htmlBase ?? undefined) || null : null,
    url,
    publishedAt: dateOf(entry, now, warn),
    language: languageTag(attributes['xml:lang'] ?? textOf(entry['language']) ?? feed.language),
    engagement: repliesOf(entry),
  };
}

function linkOf(entry: RawEntry, base: string | null): string | null {
  const links = entry['links'];
  if (Array.isArray(links)) {
    // Atom: <link rel="alternate" href>, resolved against its own xml:base when it has one.
    const atom = links.map((link) => attributesOf(link)).filter((attrs) => attrs['href']);
    const chosen = atom.find((attrs) => (attrs['rel'] ?? 'alternate') === 'alternate') ?? atom[0];
    if (chosen) return resolve(chosen['href'], resolve(chosen['xml:base'], base) ?? base) ?? chosen['href'] ?? null;
    const plain = textOf(links);
    if (plain) return plain;
  }
  const guid = entry['guid'];
  const permalink = attributesOf(guid)['isPermaLink'] !== 'false';
  const guidText = textOf(guid);
  return textOf(entry.link) ?? (permalink && guidText && /^https?:\/\//i.test(guidText) ? guidText : null);
}

function authorOf(entry: RawEntry): string | null {
  const raw = entry['rawAuthor'];
  const atomName = Array.isArray(raw) && raw[0] && typeof raw[0] === 'object' ? textOf((raw[0] as Record<string, unknown>)['name']) : null;
  const author = atomName ?? textOf(entry.creator) ?? textOf(raw);
  if (!author) return null;
  // RSS <author> is "jane@example.com (Jane Doe)": the name reads better than the address.
  return /^\S+@\S+\s*\((.+)\)$/.exec(author)?.[1]?.trim() ?? author;
}

function dateOf(entry: RawEntry, now: Date, warn: EntryContext['warn']): string | null {
  for (const field of DATE_FIELDS) {
    const reading = parseFeedDate(textOf(entry[field]), now);
    if (reading.iso) return reading.iso;
    if (reading.warning) {
      const future = reading.warning.includes('future');
      warn(future ? 'future date' : 'unreadable date', reading.warning);
      // A future date is a lie the other dates of the entry most likely repeat.
      if (future) return null;
    }
  }
  return null;
}

function repliesOf(entry: RawEntry): ConnectorItem['engagement'] {
  const replies = countOf(textOf(entry['slash:comments'])) ?? countOf(textOf(entry['thr:total']));
  return replies === undefined ? {} : { replies };
}

function childOfGroup(entry: RawEntry, name: string): unknown {
  const group = entry['media:group'];
  return Array.isArray(group) || !group || typeof group !== 'object' ? undefined : (group as Record<string, unknown>)[name];
}

/** "en-us" → "en-US"; anything that is not a language tag → null. */
export function languageTag(raw: string | null | undefined): string | null {
  const match = raw?.trim().match(/^([A-Za-z]{2,3})(?:[-_]([A-Za-z0-9]{2,8}))?/);
  if (!match?.[1]) return null;
  const region = match[2];
  return region ? `${match[1].toLowerCase()}-${region.length === 2 ? region.toUpperCase() : region}` : match[1].toLowerCase();
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}

/** A `<` that no `>` closes before the next `<`. */
const UNCLOSED_LT = /<(?![^<>]*>)/g;

/**
 * Escapes every `<` that does not start a complete tag. In HTML such a `<` is text anyway; left
 * as it is, a run of them makes tag-matching regexes downstream scan to the end of the content
 * once per `<` (quadratic time on a hostile feed). The lookahead stops at the next `<` or `>`,
 * so this pass is linear.
 */
function unclosedEscaped(html: string | null): string | null {
  return html === null ? null : html.replace(UNCLOSED_LT, '&lt;');
}
