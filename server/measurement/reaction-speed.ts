import type { Beat, ReactionSpeed, ReactionSpeedRow } from '../domain/index.js';
import { weekMonday, weeksOf } from './calendar.js';
import { channelsCounted, type Scope } from './dashboard-scope.js';
import type { Milestones } from './opportunity-milestones.js';
import { minutesBetween, spreadOf } from './spread.js';

/** One opportunity's durations in minutes; null where the step was not reached or has no start. */
interface Durations {
  toOpportunity: number | null;
  toFirstDraft: number | null;
  toApproval: number | null;
  toPublication: number | null;
}

/**
 * From the story's first item to each step. A pitched opportunity has no story, so it has no
 * "to opportunity" and its other steps count from its own creation (when the team noticed it).
 */
export function durationsOf(m: Milestones): Durations {
  const origin = m.storyFirstSeenAt ?? m.raisedAt;
  const since = (at: string | null) => (at === null ? null : minutesBetween(origin, at));
  return {
    toOpportunity: m.storyFirstSeenAt === null ? null : minutesBetween(m.storyFirstSeenAt, m.raisedAt),
    toFirstDraft: since(m.firstDraftAt),
    toApproval: since(m.approvedAt),
    toPublication: since(m.publishedAt),
  };
}

function row(group: string, label: string, durations: readonly Durations[]): ReactionSpeedRow {
  const of = (key: keyof Durations) => spreadOf(durations.flatMap((d) => (d[key] === null ? [] : [d[key]!])));
  return { group, label, toOpportunity: of('toOpportunity'), toFirstDraft: of('toFirstDraft'), toApproval: of('toApproval'), toPublication: of('toPublication') };
}

function grouped(pairs: Iterable<[string, Durations]>): Map<string, Durations[]> {
  const groups = new Map<string, Durations[]>();
  for (const [key, d] of pairs) groups.set(key, [...(groups.get(key) ?? []), d]);
  return groups;
}

/**
 * Median and p90 per week (of the opportunity's creation, weeks start Monday UTC; every week of
 * the period is listed), per beat (every beat in scope) and per channel (an opportunity counts
 * under each of its channels; channels with none are left out).
 */
export function reactionSpeed(scope: Scope, milestones: readonly Milestones[], beats: readonly Beat[]): ReactionSpeed {
  const timed = milestones.map((m) => ({ m, d: durationsOf(m) }));
  const byWeek = grouped(timed.map(({ m, d }) => [weekMonday(m.raisedAt), d]));
  const byBeat = grouped(timed.map(({ m, d }) => [m.opportunity.beatId, d]));
  const byChannel = grouped(timed.flatMap(({ m, d }) => channelsCounted(scope, m.opportunity).map((c): [string, Durations] => [c, d])));
  const beatIds = new Set([...beats.filter((b) => scope.query.beatId === null || b.id === scope.query.beatId).map((b) => b.id), ...byBeat.keys()]);
  const names = new Map(beats.map((b) => [b.id, b.name]));
  return {
    byWeek: weeksOf(scope.query.from, scope.query.to).map((week) => row(week, `week of ${week}`, byWeek.get(week) ?? [])),
    byBeat: [...beatIds]
      .map((id) => row(id, names.get(id) ?? id, byBeat.get(id) ?? []))
      .sort((a, b) => a.label.localeCompare(b.label) || a.group.localeCompare(b.group)),
    byChannel: [...byChannel.keys()].sort().map((channel) => row(channel, channel, byChannel.get(channel)!)),
  };
}
