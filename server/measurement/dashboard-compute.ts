import type { Dashboard, DashboardQuery } from '../domain/index.js';
import { caughtMissed } from './caught-missed.js';
import { opportunitiesInScope, scopeOf, type Scope } from './dashboard-scope.js';
import { ItemTally } from './item-tally.js';
import type { MeasurementInput, MeasurementRecords } from './measurement-input.js';
import { milestonesOf } from './opportunity-milestones.js';
import { predictionRecord, storyGrowth } from './prediction-record.js';
import { reactionSpeed } from './reaction-speed.js';
import { reputation } from './reputation.js';
import { reviewTurnaround } from './review-turnaround.js';
import { whenAndWhere } from './when-and-where.js';

/**
 * The dashboard's figures from records already counted into a tally: what the loader calls after
 * paging the period's items into `tally` (made with `new ItemTally(scopeOf(query, now), beats, keptDays)`).
 * Definitions: docs/measurement.md.
 */
export function assembleDashboard(scope: Scope, records: MeasurementRecords, tally: ItemTally): Dashboard {
  const opportunities = opportunitiesInScope(scope, records.opportunities);
  const milestones = milestonesOf(records, opportunities);
  const reviews = reviewTurnaround(scope, records.reviews, records.opportunities, records.drafts);
  return {
    query: scope.query,
    generatedAt: new Date(scope.now).toISOString(),
    reactionSpeed: reactionSpeed(scope, milestones, records.beats),
    caughtMissed: caughtMissed(milestones, reviews),
    reputation: reputation(scope, tally.figures(), records.sources, records.stories),
    whenAndWhere: whenAndWhere(tally.figures()),
    prediction: predictionRecord(scope, storyGrowth(opportunities, records.stories, records.history.storySizes), records.beats),
  };
}

/** The newsroom dashboard for a query, from plain records: pure, the clock passed in. */
export function computeDashboard(input: MeasurementInput, query: DashboardQuery, now: Date): Dashboard {
  const scope = scopeOf(query, now);
  const itemDays = input.itemDays ?? [];
  const tally = new ItemTally(scope, input.beats, { days: new Set(itemDays.map((t) => t.day)), tallies: itemDays });
  tally.add(input.items);
  return assembleDashboard(scope, input, tally);
}
