import type { Item, Story } from '../domain/index.js';
import type { Store, StoryAssignment } from '../store/store.js';
import { ArrivalOrder } from '../trends/arrival-order.js';
import { TrendDetector, type DetectorItem } from '../trends/detector.js';
import { findOpportunities, type StoryDocument } from '../trends/opportunity-find.js';
import { raiseOpportunities } from '../workflow/opportunity-raise.js';
import { createWorkflowContext } from '../workflow/workflow-context.js';

export interface DetectorJob {
  /** Feeds newly stored items to the detector and saves the stories they changed. */
  ingest(items: Item[]): Promise<void>;
  /** Re-reads recent items so a restart rebuilds the same stories. */
  warmUp(): Promise<number>;
  /** When the newest item taken in was fetched (ms since the epoch), null before any: for the detector's lag. */
  newestFetchedAt(): number | null;
  stop(): Promise<void>;
}

const WARM_UP_HOURS = 24;
const WARM_UP_LIMIT = 100_000;
/** Item texts kept for matching stories against beats: the recent ones are what a beat reads. */
const DOCUMENTS_KEPT = 20_000;
const DOCUMENTS_PER_STORY = 200;

/**
 * The runtime around the pure detector: it owns the clock, the periodic tick and storage.
 * Saves are chained so stories are written in the order the detector changed them.
 */
export function startDetectorJob({ store, clock, tickSeconds, log }: { store: Store; clock: () => Date; tickSeconds: number; log: (m: string) => void }): DetectorJob {
  const detector = new TrendDetector();
  const ctx = createWorkflowContext(store, clock);
  const documents = new Map<string, StoryDocument>();
  /** The documents' ids, oldest first: the first forgotten when the cap is reached. */
  const documentOrder = new ArrivalOrder<string>();
  let saving: Promise<void> = Promise.resolve();
  let newestFetchedAt: number | null = null;

  function save(assignments: StoryAssignment[]): Promise<void> {
    const now = clock().getTime();
    // Stories merged into others take their items along: the store learns each item's new story.
    for (const { into } of detector.drainMerges()) {
      for (const itemId of detector.storyItems(into)) assignments.push({ itemId, storyId: into });
    }
    const stories = detector.drainChanged().flatMap((id) => detector.story(id, now) ?? []);
    if (stories.length === 0 && assignments.length === 0) return saving;
    saving = saving
      .then(async () => {
        await store.saveStories(stories, assignments, 'system');
        await raiseFor(stories.filter((story) => story.trending), now);
      })
      .catch((error: unknown) => log(`could not save stories: ${(error as Error).message}`));
    return saving;
  }

  /** Trending stories that match a beat while a window is open become opportunities (W-OPP-8). */
  async function raiseFor(stories: Story[], now: number): Promise<void> {
    if (stories.length === 0) return;
    const beats = await store.listRecords('beat');
    if (beats.length === 0) return;
    const found = stories.flatMap((story) => {
      const storyDocuments = detector
        .storyItems(story.id)
        .slice(-DOCUMENTS_PER_STORY)
        .flatMap((itemId) => documents.get(itemId) ?? []);
      return findOpportunities({ story, storyDocuments, beats, now });
    });
    const raised = await raiseOpportunities(ctx, found);
    if (raised.length > 0) log(`${raised.length} opportunit${raised.length === 1 ? 'y' : 'ies'} raised or refreshed from trending stories.`);
  }

  function feed(items: Item[], now: (item: Item) => number): StoryAssignment[] {
    const assignments: StoryAssignment[] = [];
    for (const item of items) {
      const assignment = detector.ingest(toDetectorItem(item), now(item));
      if (assignment) assignments.push({ itemId: assignment.itemId, storyId: assignment.storyId });
      if (!documents.has(item.id)) documentOrder.push(item.id);
      documents.set(item.id, { text: item.text, title: item.title, url: item.url, language: item.language });
      const fetchedAt = Date.parse(item.fetchedAt);
      if (newestFetchedAt === null || fetchedAt > newestFetchedAt) newestFetchedAt = fetchedAt;
      if (documents.size > DOCUMENTS_KEPT) documents.delete(documentOrder.shift()!);
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
    newestFetchedAt: () => newestFetchedAt,
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
    url: item.url,
    language: item.language,
    engagement: item.engagement,
    publishedAt: Date.parse(item.publishedAt),
  };
}
