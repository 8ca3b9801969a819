import { useComputed } from '@preact/signals';
import { now } from '../board-context.js';
import { formatAbsolute, formatRelative } from '../relative-time.js';

/** "5 min ago", kept current by the page's clock without re-rendering the row around it. */
export function TimeAgo({ at, prefix = '' }: { at: string; prefix?: string }) {
  const text = useComputed(() => prefix + formatRelative(at, now.value));
  return (
    <time class="relative-time" dateTime={at} title={formatAbsolute(at)}>
      {text}
    </time>
  );
}
