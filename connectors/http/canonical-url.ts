/** Query parameters that only tell an analytics tool where a click came from. */
const TRACKING_PARAMETER = /^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|ref_src|cmpid|ocid)$/i;

/** Longer than any link a browser or server accepts; a feed sending more is bloating the store. */
export const MAX_URL_LENGTH = 16 * 1024;

/**
 * The canonical form of a link: tracking parameters and fragments removed, so the same article
 * shared through different campaigns is recognised as one URL. Returns null for anything that
 * is not an absolute http(s) URL, so a `javascript:` link never reaches the board, and for one
 * longer than MAX_URL_LENGTH (a hostile feed's 10 MB <link> was stored whole).
 */
export function canonicalUrl(raw: string | null | undefined, base?: string): string | null {
  if (!raw || raw.length > MAX_URL_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  for (const name of [...url.searchParams.keys()]) {
    if (TRACKING_PARAMETER.test(name)) url.searchParams.delete(name);
  }
  url.hash = '';
  return url.toString();
}
