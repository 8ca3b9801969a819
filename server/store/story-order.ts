import type { Story } from '../domain/index.js';

/** How every adapter orders stories: trending first, then the most recently active. */
export function compareStories(a: Story, b: Story): number {
  if (a.trending !== b.trending) return a.trending ? -1 : 1;
  return b.lastSeenAt.localeCompare(a.lastSeenAt);
}
