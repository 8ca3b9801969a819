import { safeHttpUrl } from '../safe-link.js';

export function ChannelChip({ channel }: { channel: string }) {
  return <span class={`chip channel channel-${channel}`}>{channel}</span>;
}

/** A link that opens outside the board, or nothing when the address is not http(s). */
export function ExternalLink({ url, children, label }: { url: string | null | undefined; children: preact.ComponentChildren; label?: string }) {
  const href = safeHttpUrl(url);
  if (!href) return null;
  return (
    <a class="external-link" href={href} target="_blank" rel="noopener noreferrer" aria-label={label}>
      {children}
    </a>
  );
}

/** An empty list's headline and what to do next. */
export function EmptyState({ title, hint }: { title: string; hint: string }) {
  return (
    <div class="empty">
      <p class="empty-title">{title}</p>
      <p class="empty-hint">{hint}</p>
    </div>
  );
}
