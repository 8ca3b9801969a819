import type { Channel, DashboardQuery, Opportunity } from '../domain/index.js';

/** The query as the computation uses it: the period in ms, the filters, and the clock. */
export interface Scope {
  query: DashboardQuery;
  from: number;
  to: number;
  /** When the figures are computed (ms): what "still undecided" and "now" mean. */
  now: number;
}

export function scopeOf(query: DashboardQuery, now: Date): Scope {
  return { query, from: Date.parse(query.from), to: Date.parse(query.to), now: now.getTime() };
}

/** Inside [from, to). */
export function inPeriod(scope: Scope, iso: string): boolean {
  const t = Date.parse(iso);
  return t >= scope.from && t < scope.to;
}

export function beatAdmitted(scope: Scope, beatId: string): boolean {
  return scope.query.beatId === null || scope.query.beatId === beatId;
}

export function channelAdmitted(scope: Scope, channels: Channel | readonly Channel[]): boolean {
  const { channel } = scope.query;
  if (channel === null) return true;
  return typeof channels === 'string' ? channels === channel : channels.includes(channel);
}

/**
 * The opportunities the figures are about: raised in the period (createdAt in [from, to)), of
 * the filtered beat, and with the filtered channel among their channels.
 */
export function opportunitiesInScope(scope: Scope, opportunities: readonly Opportunity[]): Opportunity[] {
  return opportunities.filter((o) => inPeriod(scope, o.createdAt) && beatAdmitted(scope, o.beatId) && channelAdmitted(scope, o.channels));
}

/** The channels an opportunity counts under: all of them, or only the filtered one. */
export function channelsCounted(scope: Scope, opportunity: Opportunity): Channel[] {
  return scope.query.channel === null ? [...opportunity.channels] : opportunity.channels.filter((c) => c === scope.query.channel);
}
