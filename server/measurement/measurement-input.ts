import type { Beat, Draft, Item, ItemDay, Opportunity, OpportunityState, Post, Review, Source, Story } from '../domain/index.js';

/** A moment an opportunity was in a state, as its events tell it. */
export interface OpportunityStateChange {
  opportunityId: string;
  state: OpportunityState;
  at: string;
}

/** A story's item count at one moment, as a `stories.update` event carried it. */
export interface StorySize {
  storyId: string;
  itemCount: number;
  at: string;
}

/** What the event log tells the dashboard beyond the records: when things happened. */
export interface OpportunityHistory {
  /** In log order. */
  stateChanges: OpportunityStateChange[];
  /** In log order. */
  storySizes: StorySize[];
}

/**
 * The plain records the dashboard is computed from. Workflow records may span any time (the
 * computation picks those of the period); items are those published in the period (more do no
 * harm); stories are at least those the opportunities and top stories name.
 */
export interface MeasurementRecords {
  opportunities: readonly Opportunity[];
  drafts: readonly Draft[];
  reviews: readonly Review[];
  posts: readonly Post[];
  beats: readonly Beat[];
  stories: readonly Story[];
  sources: readonly Pick<Source, 'id' | 'name'>[];
  history: OpportunityHistory;
}

export interface MeasurementInput extends MeasurementRecords {
  items: readonly Item[];
  /** The days tallied before retention (`itemDay` records); their items, if any are left, count no more. */
  itemDays?: readonly ItemDay[];
}
