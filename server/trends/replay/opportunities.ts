import type { Story } from '../../domain/index.js';
import { DEFAULT_DETECTOR_OPTIONS } from '../detector.js';
import { findOpportunities, type StoryDocument } from '../opportunity-find.js';
import type { ReplayBeat } from './beats-file.js';
import type { StreamItem } from './stream-item.js';

/** A line of opportunities.jsonl: a story matching a beat while its window was open. */
export interface OpportunityRecord {
  story: string;
  beat: string;
  /** The replay's clock when the opportunity was first found. */
  openedAt: string;
  /** The latest close of the story's open windows, as last found. */
  closesAt: string;
  /** Score, reasons and risk flags as first found: what the board would have shown when it appeared. */
  score: number;
  reasons: string[];
  risk: string[];
}

/** Documents kept per story for matching: the most recent, as findOpportunities prefers. */
const DOCUMENTS_PER_STORY = 100;
const HOUR_MS = 3_600_000;

/**
 * Finds opportunities during a replay: keeps each story's recent items, and asks
 * `findOpportunities` about every story read back while it trends. Plug `onItem`, `onMerge` and
 * `onStory` into the Replay's options.
 */
export class OpportunityTracker {
  private readonly documents = new Map<string, { list: StoryDocument[]; lastSeen: number }>();
  private readonly found = new Map<string, OpportunityRecord>();
  private nextSweep = -Infinity;

  /**
   * `forgetAfterMs`: how long a story can go without an item before its documents are dropped;
   * past the detector's own forgetting (DEFAULT_DETECTOR_OPTIONS.storyTtlMs), such a story can
   * no longer trend, and a long replay would otherwise hold the text of every story it met.
   */
  constructor(
    private readonly beats: readonly ReplayBeat[],
    private readonly forgetAfterMs = DEFAULT_DETECTOR_OPTIONS.storyTtlMs + HOUR_MS,
  ) {}

  readonly onItem = (item: StreamItem, storyId: string): void => {
    let entry = this.documents.get(storyId);
    if (!entry) this.documents.set(storyId, (entry = { list: [], lastSeen: item.publishedAt }));
    entry.lastSeen = Math.max(entry.lastSeen, item.publishedAt);
    entry.list.unshift({ text: item.text, title: item.title, url: item.url, language: item.lang });
    if (entry.list.length > DOCUMENTS_PER_STORY) entry.list.pop();
    if (item.publishedAt >= this.nextSweep) this.forgetIdle(item.publishedAt);
  };

  /** A merged story's documents join the story it went into (after its own, up to the cap). */
  readonly onMerge = (from: string, into: string): void => {
    const moved = this.documents.get(from);
    if (!moved) return;
    this.documents.delete(from);
    const kept = this.documents.get(into);
    this.documents.set(into, {
      list: [...(kept?.list ?? []), ...moved.list].slice(0, DOCUMENTS_PER_STORY),
      lastSeen: Math.max(kept?.lastSeen ?? -Infinity, moved.lastSeen),
    });
  };

  /** How many stories' documents are held (for tests of the forgetting). */
  get storiesHeld(): number {
    return this.documents.size;
  }

  /** Hourly, in stream time: drops the documents of stories idle past forgetAfterMs. */
  private forgetIdle(now: number): void {
    this.nextSweep = now + HOUR_MS;
    for (const [story, entry] of this.documents) if (now - entry.lastSeen > this.forgetAfterMs) this.documents.delete(story);
  }

  readonly onStory = (story: Story, now: number): void => {
    if (story.trendingAt === null || !story.trending) return;
    const documents = this.documents.get(story.id);
    if (!documents) return;
    for (const opportunity of findOpportunities({ story, storyDocuments: documents.list, beats: this.beats, now })) {
      const key = `${opportunity.storyId}\0${opportunity.beatId}`;
      const known = this.found.get(key);
      if (known) {
        known.closesAt = opportunity.deadline;
        continue;
      }
      this.found.set(key, {
        story: opportunity.storyId,
        beat: opportunity.beatId,
        openedAt: new Date(now).toISOString(),
        closesAt: opportunity.deadline,
        score: opportunity.score,
        reasons: opportunity.reasons,
        risk: opportunity.riskFlags,
      });
    }
  };

  records(): OpportunityRecord[] {
    return [...this.found.values()].sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.story.localeCompare(b.story) || a.beat.localeCompare(b.beat));
  }
}
