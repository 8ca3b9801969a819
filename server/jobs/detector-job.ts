import type { Item } from '../domain/index.js';
import type { Store, StoryAssignment } from '../store/store.js';
import { TrendDetector, type DetectorItem } from '../trends/detector.js';

export interface DetectorJob {
  /** Feeds newly stored items to the detector and saves the stories they changed. */
  ingest(items: Item[]): Promise<void>;
  /** Re-reads recent items so a restart rebuilds the same stories. */
  warmUp(): Promise<number>;
  stop(): Promise<void>;
}

const WARM_UP_HOURS = 24;
const WARM_UP_LIMIT = 100_000;

/**
 * The runtime around the pure detector: it owns the clock, the periodic tick and storage.
 * Saves are chained so stories are written in the order the detector changed them.
 */
export function startDetectorJob({ store, clock, tickSeconds, log }: { store: Store; clock: () => Date; tickSeconds: number; log: (m: string) => void }): DetectorJob {
  const detector = new TrendDetector();
  let saving: Promise<void> = Promise.resolve();

  function save(assignments: StoryAssignment[]): Promise<void> {
    const now = clock().getTime();
    const stories = detector.drainChanged().flatMap((id) => detector.story(id, now) ?? []);
    if (stories.length === 0 && assignments.length === 0) return saving;
    saving = saving
      .then(() => store.saveStories(stories, assignments, 'system').then(() => undefined))
      .catch((error: unknown) => log(`could not save stories: ${(error as Error).message}`));
    return saving;
  }

  function feed(items: Item[], now: (item: Item) => number): StoryAssignment[] {
    const assignments: StoryAssignment[] = [];
    for (const item of items) {
      const assignment = detector.ingest(toDetectorItem(item), now(item));
      if (assignment) assignments.push({ itemId: assignment.itemId, storyId: assignment.storyId });
    }
    return assignments;
  }

  const timer = setInterval(() => {
    detector.tick(clock().getTime());
    void save([]);
  }, tickSeconds * 1000);
  timer.unref();

  return {
    ingest(items) {
      const now = clock().getTime();
      return save(feed(items, () => now));
    },
    async warmUp() {
      const since = new Date(clock().getTime() - WARM_UP_HOURS * 3_600_000).toISOString();
      const items = await store.itemsFetchedSince(since, WARM_UP_LIMIT);
      // Replayed at the time each item arrived, so the rebuilt figures match the live ones.
      const assignments = feed(items, (item) => Date.parse(item.fetchedAt));
      detector.tick(clock().getTime());
      const stored = new Map(items.map((item) => [item.id, item.storyId]));
      await save(assignments.filter((a) => stored.get(a.itemId) !== a.storyId));
      return items.length;
    },
    async stop() {
      clearInterval(timer);
      await saving;
    },
  };
}

function toDetectorItem(item: Item): DetectorItem {
  return {
    id: item.id,
    sourceId: item.sourceId,
    channel: item.channel,
    author: item.author,
    title: item.title,
    text: item.text,
    publishedAt: Date.parse(item.publishedAt),
  };
}
