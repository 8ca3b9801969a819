import { el } from './dom.js';

/** The URL, normalised, when it is an absolute http: or https: address; otherwise null. */
export function safeHttpUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}

/**
 * A link that opens outside the board, or null when the address is not http(s):
 * `javascript:`, `data:` and relative addresses from a feed never become links.
 */
export function externalLink(raw: string | null | undefined, text: string, label?: string): HTMLAnchorElement | null {
  const href = safeHttpUrl(raw);
  if (!href) return null;
  return el('a', {
    className: 'external-link',
    text,
    attrs: { href, target: '_blank', rel: 'noopener noreferrer', 'aria-label': label },
  });
}
