import type { Beat, Opportunity, PredictionRecord, PredictionRow, Story } from '../domain/index.js';
import { channelsCounted, type Scope } from './dashboard-scope.js';
import type { StorySize } from './measurement-input.js';
import { median, rounded } from './spread.js';

/** How one detector-raised opportunity's story grew. */
export interface StoryGrowth {
  opportunity: Opportunity;
  atRaise: number;
  now: number;
  /** At least doubled: now ≥ 2 × atRaise. */
  grew: boolean;
}

/**
 * For each opportunity the detector raised (pitchedBy null) with a story: the story's items at
 * raise time (the last `stories.update` at or before the opportunity's createdAt) against its
 * items now (the stored story). Opportunities whose story is gone, or whose size at raise time
 * the log does not tell, are left out rather than guessed.
 */
export function storyGrowth(opportunities: readonly Opportunity[], stories: readonly Story[], sizes: readonly StorySize[]): StoryGrowth[] {
  const current = new Map(stories.map((s) => [s.id, s.itemCount]));
  const byStory = new Map<string, StorySize[]>();
  for (const size of sizes) byStory.set(size.storyId, [...(byStory.get(size.storyId) ?? []), size]);
  return opportunities.flatMap((opportunity) => {
    if (opportunity.pitchedBy !== null || opportunity.storyId === null) return [];
    const now = current.get(opportunity.storyId);
    const raisedAt = Date.parse(opportunity.createdAt);
    let atRaise: number | null = null;
    let atRaiseTime = Number.NEGATIVE_INFINITY;
    for (const size of byStory.get(opportunity.storyId) ?? []) {
      const t = Date.parse(size.at);
      if (t <= raisedAt && t >= atRaiseTime) {
        atRaise = size.itemCount;
        atRaiseTime = t;
      }
    }
    if (now === undefined || atRaise === null) return [];
    return [{ opportunity, atRaise, now, grew: now >= 2 * atRaise }];
  });
}

function row(group: string, label: string, growths: readonly StoryGrowth[]): PredictionRow {
  const grew = growths.filter((g) => g.grew).length;
  const m = median(growths.map((g) => g.now - g.atRaise));
  return { group, label, raised: growths.length, grew, hitRate: growths.length === 0 ? null : rounded(grew / growths.length), medianGrowth: m === null ? null : rounded(m) };
}

/** Hit rate (grew / raised) and median items gained, per channel (each of an opportunity's channels) and per beat. */
export function predictionRecord(scope: Scope, growths: readonly StoryGrowth[], beats: readonly Beat[]): PredictionRecord {
  const byChannel = new Map<string, StoryGrowth[]>();
  const byBeat = new Map<string, StoryGrowth[]>();
  for (const g of growths) {
    for (const channel of channelsCounted(scope, g.opportunity)) byChannel.set(channel, [...(byChannel.get(channel) ?? []), g]);
    byBeat.set(g.opportunity.beatId, [...(byBeat.get(g.opportunity.beatId) ?? []), g]);
  }
  const names = new Map(beats.map((b) => [b.id, b.name]));
  return {
    byChannel: [...byChannel.keys()].sort().map((c) => row(c, c, byChannel.get(c)!)),
    byBeat: [...byBeat.keys()]
      .map((id) => row(id, names.get(id) ?? id, byBeat.get(id)!))
      .sort((a, b) => a.label.localeCompare(b.label) || a.group.localeCompare(b.group)),
  };
}
