import { useEffect, useState } from 'preact/hooks';
import { fetchLinkPreview, type LinkPreview } from '../api.js';
import { previewableLinks } from '../draft-links.js';
import { ExternalLink } from './chips.js';
import '../styles/link-previews.css';

/** Typing pauses this long before the links are looked up: one lookup per pause, not per key. */
export const PREVIEW_DEBOUNCE_MS = 700;

/**
 * Previews already fetched, by address, for the life of the page; null when the server could not
 * make one. A page seen once does not change while a draft is written.
 */
const cache = new Map<string, LinkPreview | null>();

function PreviewCard({ url, preview }: { url: string; preview: LinkPreview | null | undefined }) {
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  // Feed and page text is untrusted: it is only ever text here.
  return (
    <li class="link-preview" data-testid="link-preview" data-url={url} data-state={preview === undefined ? 'loading' : preview ? 'ready' : 'plain'}>
      {preview ? (
        <>
          <p class="link-preview-site">{preview.siteName || host}</p>
          {preview.title && <p class="link-preview-title">{preview.title}</p>}
          {preview.description && <p class="link-preview-description">{preview.description}</p>}
        </>
      ) : (
        <p class="link-preview-site">{preview === undefined ? `Looking up ${host}…` : host}</p>
      )}
      <ExternalLink url={url} label={`Open ${url} in a new tab`}>
        {url}
      </ExternalLink>
    </li>
  );
}

/**
 * What each link in the text points at, as the server read the page: title, description, site.
 * When the server cannot say (no preview service, page down, not a page), the plain link.
 */
export function LinkPreviews({ text }: { text: string }) {
  const [links, setLinks] = useState<string[]>(() => previewableLinks(text));
  const [, setFetched] = useState(0);

  useEffect(() => {
    const timer = setTimeout(() => setLinks((previous) => {
      const next = previewableLinks(text);
      return next.join('\n') === previous.join('\n') ? previous : next;
    }), PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  useEffect(() => {
    const controller = new AbortController();
    for (const url of links) {
      if (cache.has(url)) continue;
      fetchLinkPreview(url, controller.signal).then(
        (preview) => {
          cache.set(url, preview);
          setFetched((n) => n + 1);
        },
        () => {
          if (controller.signal.aborted) return;
          cache.set(url, null);
          setFetched((n) => n + 1);
        },
      );
    }
    return () => controller.abort();
  }, [links]);

  if (links.length === 0) return null;
  return (
    <section class="link-previews" aria-label="Links in the draft">
      <ul>
        {links.map((url) => (
          <PreviewCard key={url} url={url} preview={cache.get(url)} />
        ))}
      </ul>
    </section>
  );
}
