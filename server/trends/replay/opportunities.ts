import type { Story } from '../../domain/index.js';
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

/**
 * Finds opportunities during a replay: keeps each story's recent items, and asks
 * `findOpportunities` about every story read back while it trends. Plug `onItem`, `onMerge` and
 * `onStory` into the Replay's options.
 */
export class OpportunityTracker {
  private readonly documents = new Map<string, StoryDocument[]>();
  private readonly found = new Map<string, OpportunityRecord>();

  constructor(private readonly beats: readonly ReplayBeat[]) {}

  readonly onItem = (item: StreamItem, storyId: string): void => {
    let list = this.documents.get(storyId);
    if (!list) this.documents.set(storyId, (list = []));
    list.unshift({ text: item.text, title: item.title, url: item.url, language: item.lang });
    if (list.length > DOCUMENTS_PER_STORY) list.pop();
  };

  /** A merged story's documents join the story it went into (after its own, up to the cap). */
  readonly onMerge = (from: string, into: string): void => {
    const moved = this.documents.get(from);
    if (!moved) return;
    this.documents.delete(from);
    const kept = this.documents.get(into) ?? [];
    this.documents.set(into, [...kept, ...moved].slice(0, DOCUMENTS_PER_STORY));
  };

  readonly onStory = (story: Story, now: number): void => {
    if (story.trendingAt === null || !story.trending) return;
    const documents = this.documents.get(story.id);
    if (!documents) return;
    for (const opportunity of findOpportunities({ story, storyDocuments: documents, beats: this.beats, now })) {
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
