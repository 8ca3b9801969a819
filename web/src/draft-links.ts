import { safeHttpUrl } from './safe-link.js';
import { linksIn } from './text-length.js';

/** A post with more links than this is rare; the first few say enough. */
export const MAX_PREVIEWS = 4;

/** The distinct http(s) links of a draft, normalised, in order of first appearance, at most `max`. */
export function previewableLinks(text: string, max = MAX_PREVIEWS): string[] {
  const seen = new Set<string>();
  for (const link of linksIn(text)) {
    if (seen.size >= max) break;
    const url = safeHttpUrl(link);
    if (url) seen.add(url);
  }
  return [...seen];
}
