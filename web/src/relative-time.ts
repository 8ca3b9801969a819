import { el } from './dom.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "2 d ago"; "in 5 min" for times ahead of the clock. */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return 'unknown time';
  const delta = now - at;
  const abs = Math.abs(delta);
  let text: string;
  if (abs < 45_000) return 'just now';
  if (abs < HOUR) text = `${Math.max(1, Math.round(abs / MINUTE))} min`;
  else if (abs < DAY) text = `${Math.round(abs / HOUR)} h`;
  else text = `${Math.round(abs / DAY)} d`;
  return delta >= 0 ? `${text} ago` : `in ${text}`;
}

export function formatAbsolute(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleString();
}

/** A `<time>` element that `refreshRelativeTimes` keeps current. */
export function timeAgo(iso: string, prefix = ''): HTMLTimeElement {
  const node = el('time', {
    className: 'relative-time',
    text: prefix + formatRelative(iso),
    attrs: { datetime: iso, title: formatAbsolute(iso), 'data-prefix': prefix || null },
  });
  return node;
}

/** Rewrite every relative time under `root`; run on a timer so "2 min ago" does not go stale. */
export function refreshRelativeTimes(root: ParentNode, now: number = Date.now()): void {
  for (const node of root.querySelectorAll<HTMLTimeElement>('time.relative-time')) {
    const prefix = node.getAttribute('data-prefix') ?? '';
    node.textContent = prefix + formatRelative(node.dateTime, now);
  }
}
