import { decodeHTML } from 'entities';
import { decodeFeedBytes } from './decode-text.js';
import { htmlToText } from './html.js';

/** What a link preview shows of a page: plain text, never HTML. */
export interface PagePreview {
  title: string | null;
  description: string | null;
  siteName: string | null;
}

/** Longest texts a preview keeps: a card line, a short paragraph, a name. */
export const PREVIEW_LIMITS = { title: 200, description: 400, siteName: 80 } as const;

const META = /<meta\b[^>]*>/gi;
const ATTRIBUTE = /([^\s"'=<>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g;
const TITLE = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i;

/**
 * The title, description and site name a page gives for itself: Open Graph first, then Twitter
 * cards, then the plain `<title>` and `<meta name="description">`. Only the head is read (a
 * page's body can hold meta tags of embedded things). Entities are decoded, tags stripped, white
 * space folded and lengths capped: the text is untrusted, and the board shows it as text.
 */
export function readPagePreview(html: string): PagePreview {
  const headEnd = html.search(/<\/head\s*>|<body\b/i);
  const head = headEnd === -1 ? html : html.slice(0, headEnd);
  const meta = new Map<string, string>();
  for (const tag of head.match(META) ?? []) {
    const attributes = attributesOf(tag);
    const key = (attributes.get('property') ?? attributes.get('name'))?.toLowerCase();
    const content = attributes.get('content');
    // The first one wins, as in the crawlers the tags are written for.
    if (key && content !== undefined && !meta.has(key)) meta.set(key, content);
  }
  /** The first of the candidates with any text in it. */
  const pick = (limit: number, ...candidates: Array<string | undefined>) => candidates.reduce<string | null>((found, value) => found ?? plain(value, limit), null);
  return {
    title: pick(PREVIEW_LIMITS.title, meta.get('og:title'), meta.get('twitter:title'), TITLE.exec(head)?.[1]),
    description: pick(PREVIEW_LIMITS.description, meta.get('og:description'), meta.get('twitter:description'), meta.get('description')),
    siteName: pick(PREVIEW_LIMITS.siteName, meta.get('og:site_name'), meta.get('application-name')),
  };
}

/** Decodes a fetched page: the HTTP header's charset, else the page's own `<meta charset>`, else what the bytes say. */
export function decodePage(body: Buffer, contentType: string | undefined): string {
  const declared = /charset\s*=/i.test(contentType ?? '') ? contentType : metaCharset(body);
  return decodeFeedBytes(body, declared ? `text/html; charset=${declared.replace(/^.*charset\s*=\s*/i, '')}` : contentType).text;
}

function metaCharset(body: Buffer): string | undefined {
  const start = body.subarray(0, 4096).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(start)?.[1];
}

function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of tag.matchAll(ATTRIBUTE)) {
    const name = match[1]!.toLowerCase();
    if (!attributes.has(name)) attributes.set(name, match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

/**
 * Text for display: attribute values are entity-encoded HTML text, so decoding once gives what
 * the page meant; whatever markup that reveals is stripped, not shown.
 */
function plain(value: string | undefined, limit: number): string | null {
  if (value === undefined) return null;
  const text = htmlToText(decodeHTML(value));
  if (text === '') return null;
  return text.length <= limit ? text : `${text.slice(0, limit - 1).trimEnd()}…`;
}
