import type { Item } from '../../../server/realtime/protocol.js';

/** One item of a story in the order the story spread, with where it stands against the first. */
export interface SpreadRow {
  item: Item;
  /** Time since the story's first item; 0 for the first. */
  sinceFirstMs: number;
  isFirst: boolean;
  /** The first item from its source: the story reached one more outlet here. */
  newSource: boolean;
  /** The first item on its channel: the story jumped to another platform here. */
  newChannel: boolean;
  /** Distinct sources that had spoken by this item, this one included. */
  sourcesSoFar: number;
}

/** When the item was said; a feed with no usable date falls back to when we fetched it. */
export function saidAt(item: Item): number {
  const published = Date.parse(item.publishedAt);
  return Number.isNaN(published) ? Date.parse(item.fetchedAt) || 0 : published;
}

/** The items oldest first, each marked with how the story spread up to it. */
export function spreadOf(items: readonly Item[]): SpreadRow[] {
  const ordered = [...items].sort((a, b) => saidAt(a) - saidAt(b) || a.id.localeCompare(b.id));
  const first = ordered[0] ? saidAt(ordered[0]) : 0;
  const sources = new Set<string>();
  const channels = new Set<string>();
  return ordered.map((item, index) => {
    const newSource = !sources.has(item.sourceId);
    const newChannel = !channels.has(item.channel);
    sources.add(item.sourceId);
    channels.add(item.channel);
    return { item, sinceFirstMs: Math.max(0, saidAt(item) - first), isFirst: index === 0, newSource, newChannel, sourcesSoFar: sources.size };
  });
}

const MINUTE = 60_000;

/** "first", "+40 s", "+12 min", "+2 h 05 min", "+3 d". */
export function formatSinceFirst(ms: number, isFirst = false): string {
  if (isFirst) return 'first';
  if (ms < MINUTE) return `+${Math.round(ms / 1000)} s`;
  const minutes = Math.round(ms / MINUTE);
  if (minutes < 60) return `+${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `+${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `+${Math.round(hours / 24)} d`;
}
