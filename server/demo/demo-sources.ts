import type { Source } from '../domain/index.js';
import { rssSource } from '../default-sources.js';
import type { DemoFeed } from './feed-simulator.js';

/** Demo sources are recognisable by their id, so a start without --demo can switch them off. */
export const DEMO_SOURCE_PREFIX = 'demo-';

// Every ten seconds: a new user should see the board fill within a minute.
const DEMO_SCHEDULE = '*/10 * * * * *';

export function demoSources(feeds: readonly DemoFeed[], now: Date): Source[] {
  return feeds.map((feed) => rssSource(`${DEMO_SOURCE_PREFIX}${feed.id}`, `${feed.name} (demo)`, feed.url, DEMO_SCHEDULE, now));
}

export function isDemoSource(source: Source): boolean {
  return source.id.startsWith(DEMO_SOURCE_PREFIX);
}
