import LinkHeader from 'http-link-header';

/**
 * Compares two status ids. Mastodon's are decimal snowflakes of varying length (numeric order);
 * other servers (Pleroma, Akkoma) use fixed-length sortable strings (text order).
 */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b) && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function newestId(ids: Iterable<string>, start: string | null = null): string | null {
  let newest = start;
  for (const id of ids) if (newest === null || compareIds(id, newest) > 0) newest = id;
  return newest;
}

/**
 * The address of the next newer page (rel="prev"), as the server wrote it in the Link header.
 * Only followed on the instance's own origin: a hostile header must not send us elsewhere.
 */
export function newerPageUrl(linkHeader: string | undefined, origin: string): string | null {
  if (!linkHeader) return null;
  let links: LinkHeader;
  try {
    links = LinkHeader.parse(linkHeader);
  } catch {
    return null;
  }
  const prev = links.rel('prev')[0];
  if (!prev) return null;
  try {
    const url = new URL(prev.uri, origin);
    return url.origin === origin ? url.toString() : null;
  } catch {
    return null;
  }
}
