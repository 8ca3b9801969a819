import { RichText, type Facet } from '@atproto/api';
import { escapeAttribute, escapeText } from 'entities';
import { z } from 'zod';
import { canonicalUrl } from '../http/canonical-url.js';
import { sanitizeHtml } from '../http/html.js';

const facetSchema = z.object({
  index: z.object({ byteStart: z.number().int().min(0), byteEnd: z.number().int().min(1) }),
  features: z.array(z.object({ $type: z.string() }).loose()).min(1),
});

export interface PostText {
  /** Plain text, with shortened link text replaced by the canonical URL it stands for. */
  text: string;
  /** Sanitized HTML with links, mentions and hashtags as anchors. */
  html: string;
}

/**
 * Renders a post's text and facets. Facets address UTF-8 bytes, not JavaScript's UTF-16 units:
 * @atproto/api's RichText does the conversion; facets that point outside the text, into the
 * middle of a character, or over another facet are ignored, as the Bluesky app ignores them.
 */
export function renderPostText(text: string, rawFacets: unknown): PostText {
  const rich = new RichText({ text, facets: usableFacets(text, rawFacets) });
  let plain = '';
  let html = '';
  for (const segment of rich.segments()) {
    const shown = segment.text;
    const link = segment.link;
    const mention = segment.mention;
    const tag = segment.tag;
    if (link) {
      const href = canonicalUrl(link.uri);
      plain += href && abbreviates(shown, link.uri) ? href : shown;
      html += href ? anchor(href, shown) : escapeText(shown);
    } else if (mention) {
      plain += shown;
      html += anchor(`https://bsky.app/profile/${encodeURIComponent(mention.did)}`, shown);
    } else if (tag) {
      plain += shown;
      html += anchor(`https://bsky.app/hashtag/${encodeURIComponent(tag.tag)}`, shown);
    } else {
      plain += shown;
      html += escapeText(shown).replace(/\r?\n/g, '<br>');
    }
  }
  // White space folded as the other connectors fold it; the HTML keeps the line breaks.
  const folded = plain.replace(/\s+/g, ' ').trim();
  return { text: folded, html: folded ? sanitizeHtml(`<p>${html}</p>`) : '' };
}

function anchor(href: string, shown: string): string {
  return `<a href="${escapeAttribute(href)}">${escapeText(shown)}</a>`;
}

/**
 * Whether the linked text is the URL itself, shortened the way apps shorten it ("example.com/a/b...").
 * Link text that says something else ("read this") stays as written.
 */
function abbreviates(shown: string, uri: string): boolean {
  const bare = (value: string) => value.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^www\./i, '').replace(/(\.\.\.|…)$/, '');
  const shortened = bare(shown);
  return shortened.length > 0 && !/\s/.test(shortened) && bare(uri).toLowerCase().startsWith(shortened.toLowerCase());
}

function usableFacets(text: string, raw: unknown): Facet[] {
  if (!Array.isArray(raw)) return [];
  const bytes = Buffer.from(text, 'utf8');
  const atCharStart = (offset: number) => offset === bytes.length || (offset < bytes.length && ((bytes[offset] ?? 0) & 0xc0) !== 0x80);
  const facets = raw
    .map((candidate) => facetSchema.safeParse(candidate))
    .filter((parsed) => parsed.success)
    .map((parsed) => parsed.data)
    .filter(({ index }) => index.byteStart < index.byteEnd && index.byteEnd <= bytes.length && atCharStart(index.byteStart) && atCharStart(index.byteEnd))
    .sort((a, b) => a.index.byteStart - b.index.byteStart);
  const kept: Facet[] = [];
  let end = 0;
  for (const facet of facets) {
    if (facet.index.byteStart < end) continue;
    kept.push(facet as unknown as Facet);
    end = facet.index.byteEnd;
  }
  return kept;
}
