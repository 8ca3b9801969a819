import { decodeHTML } from 'entities';
import sanitize from 'sanitize-html';

const ALLOWED_TAGS = ['p', 'br', 'b', 'strong', 'i', 'em', 'u', 'a', 'ul', 'ol', 'li', 'blockquote', 'q', 'code', 'pre', 'h2', 'h3', 'h4', 'img', 'figure', 'figcaption'];

/**
 * HTML from a feed is untrusted: only formatting tags survive, links and images only with
 * http(s) addresses, and every link opens outside the board without access to it.
 */
export function sanitizeHtml(html: string, baseUrl?: string): string {
  return sanitize(shallow(html), {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: { a: ['href', 'title', 'rel', 'target'], img: ['src', 'alt', 'title'] },
    allowedSchemes: ['http', 'https'],
    allowProtocolRelative: false,
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, ...(attribs.href ? { href: absolute(attribs.href, baseUrl) } : {}), rel: 'noopener noreferrer nofollow', target: '_blank' },
      }),
    },
  });
}

/** Tags that end a line or a block: a space before them keeps the words on either side apart. */
const BLOCK_BOUNDARY = /<\/?(?:p|div|br|hr|li|ul|ol|h[1-6]|blockquote|pre|table|tr|td|th|section|article|header|footer|figure|figcaption)\b[^<>]*>/gi;

/** Plain text with entities decoded and white space folded. */
export function htmlToText(html: string): string {
  // Not a space after every text chunk: the parser splits text at entities ("caf&eacute;").
  const text = sanitize(shallow(html).replace(BLOCK_BOUNDARY, ' $&'), { allowedTags: [], allowedAttributes: {} });
  // sanitize-html escapes the text it returns; decoding once gives back what the feed said.
  return decodeHTML(text).replace(/\s+/g, ' ').trim();
}

function absolute(href: string, base: string | undefined): string {
  try {
    return new URL(href, base).toString();
  } catch {
    return href;
  }
}

/** Deeper than any article's markup; past it, tags are dropped and their text kept. */
export const MAX_HTML_DEPTH = 256;
const TAG = /<(\/?)([A-Za-z][\w:-]*)[^<>]*?(\/?)>/g;
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/**
 * The HTML parser under sanitize-html looks its open elements up by scanning them on every end
 * tag: 100,000 nested <div>s in one feed item took it tens of seconds (quadratic), with the
 * process stalled meanwhile. One linear pass drops the tags nested deeper than MAX_HTML_DEPTH
 * first, keeping their text; the sanitizer still sees (and cleans) everything that is left.
 */
function shallow(html: string): string {
  if (html.length < MAX_HTML_DEPTH * 3) return html;
  let depth = 0;
  let dropped = false;
  const result = html.replace(TAG, (tag, closing: string, name: string, selfClosing: string) => {
    if (VOID_ELEMENTS.has(name.toLowerCase()) || selfClosing) return tag;
    if (closing) {
      depth = Math.max(0, depth - 1);
      if (depth < MAX_HTML_DEPTH) return tag;
    } else if (++depth <= MAX_HTML_DEPTH) return tag;
    dropped = true;
    return '';
  });
  return dropped ? result : html;
}
