import type { AnyEvent } from '../domain/index.js';
import type { OpportunityHistory } from './measurement-input.js';

/** Which records' history to keep: the opportunities of the period and their stories. */
export interface HistoryScope {
  opportunityIds: ReadonlySet<string>;
  storyIds: ReadonlySet<string>;
}

/**
 * Keeps what the dashboard needs of a page of events, and nothing else: each state an
 * opportunity of the scope was put in (any `opportunities.*` event carries the opportunity as
 * it became), and each item count a story of the scope had (`stories.update`). Fed page by
 * page, so the whole log never sits in memory.
 */
export function addEventFacts(history: OpportunityHistory, events: readonly AnyEvent[], scope: HistoryScope): void {
  for (const event of events) {
    if (event.record.type === 'opportunity' && 'opportunity' in event.data) {
      const { opportunity } = event.data;
      if (scope.opportunityIds.has(opportunity.id)) history.stateChanges.push({ opportunityId: opportunity.id, state: opportunity.state, at: event.at });
    } else if (event.action === 'stories.update') {
      const { story } = event.data;
      if (scope.storyIds.has(story.id)) history.storySizes.push({ storyId: story.id, itemCount: story.itemCount, at: event.at });
    }
  }
}

export function emptyHistory(): OpportunityHistory {
  return { stateChanges: [], storySizes: [] };
}
