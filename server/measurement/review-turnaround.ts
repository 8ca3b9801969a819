import { reviewRoleSchema, type Draft, type Opportunity, type Review, type ReviewTurnaround } from '../domain/index.js';
import { beatAdmitted, channelAdmitted, inPeriod, type Scope } from './dashboard-scope.js';
import { minutesBetween, spreadOf } from './spread.js';

/**
 * Per role, the reviews opened in the period (createdAt in [from, to)) whose opportunity is of
 * the filtered beat and whose draft is on the filtered channel.
 * - turnaround: createdAt → decidedAt of the decided ones (those with a decidedAt, including
 *   decided reviews later reopened by a new version);
 * - overdue: decided after their dueAt, or still pending with a dueAt before the earlier of the
 *   period's end and now. A review reopened before anyone decided it is not overdue: nobody owes it.
 */
export function reviewTurnaround(scope: Scope, reviews: readonly Review[], opportunities: readonly Opportunity[], drafts: readonly Draft[]): ReviewTurnaround[] {
  const beatOf = new Map(opportunities.map((o) => [o.id, o.beatId]));
  const channelOf = new Map(drafts.map((d) => [d.id, d.channel]));
  const cutoff = Math.min(scope.to, scope.now);
  const inScope = reviews.filter((r) => {
    if (!inPeriod(scope, r.createdAt)) return false;
    const beatId = beatOf.get(r.opportunityId);
    if (scope.query.beatId !== null && (beatId === undefined || !beatAdmitted(scope, beatId))) return false;
    const channel = channelOf.get(r.draftId);
    return scope.query.channel === null || (channel !== undefined && channelAdmitted(scope, channel));
  });
  return reviewRoleSchema.options.map((role) => {
    const own = inScope.filter((r) => r.role === role);
    const decided = own.filter((r) => r.decidedAt !== null);
    const overdue = own.filter((r) => (r.decidedAt !== null ? Date.parse(r.decidedAt) > Date.parse(r.dueAt) : r.state === 'pending' && Date.parse(r.dueAt) < cutoff));
    return { role, decided: decided.length, turnaround: spreadOf(decided.map((r) => minutesBetween(r.createdAt, r.decidedAt!))), overdue: overdue.length };
  });
}
