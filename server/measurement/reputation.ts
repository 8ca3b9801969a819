import type { BeatReputation, Channel, Source, Story } from '../domain/index.js';
import { daysOf } from './calendar.js';
import type { Scope } from './dashboard-scope.js';
import { topOf, type ItemFigures } from './item-tally.js';
import { rounded } from './spread.js';

/** How many sources, authors and stories each beat lists. */
export const TOP = 10;

/**
 * Per beat (the filtered one, or every beat): matching items per UTC day of the period with their
 * mean AFINN sentiment (null on a day without a scored item), and share of voice: the beat's
 * matching items over the sum of every beat's matching items (an item two beats match counts for
 * both). With a beat filter the share is still against every beat, or it would always be 1.
 */
export function reputation(scope: Scope, tally: ItemFigures, sources: readonly Pick<Source, 'id' | 'name'>[], stories: readonly Pick<Story, 'id' | 'label'>[]): BeatReputation[] {
  const sourceNames = new Map(sources.map((s) => [s.id, s.name]));
  const storyLabels = new Map(stories.map((s) => [s.id, s.label]));
  let allBeats = 0;
  for (const t of tally.perBeat.values()) allBeats += t.items;
  const days = daysOf(scope.query.from, scope.query.to);
  return tally.beats
    .filter(({ beat }) => scope.query.beatId === null || beat.id === scope.query.beatId)
    .map(({ beat }) => {
      const t = tally.perBeat.get(beat.id)!;
      return {
        beatId: beat.id,
        name: beat.name,
        days: days.map((day) => {
          const d = t.days.get(day);
          return { day, items: d?.items ?? 0, sentiment: d && d.scored > 0 ? rounded(d.sentimentSum / d.scored) : null };
        }),
        items: t.items,
        shareOfVoice: allBeats === 0 ? 0 : rounded(t.items / allBeats),
        topSources: topOf(t.sources, TOP).map(([sourceId, items]) => ({ sourceId, name: sourceNames.get(sourceId) ?? sourceId, items })),
        topAuthors: topOf(t.authors, TOP).map(([key, items]) => {
          const [channel, author] = key.split('\u0000') as [Channel, string];
          return { author, channel, items };
        }),
        topStories: topOf(t.stories, TOP).map(([storyId, items]) => ({ storyId, label: storyLabels.get(storyId) ?? storyId, items })),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.beatId.localeCompare(b.beatId));
}
