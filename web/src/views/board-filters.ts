import type { Opportunity, Story } from '../../../server/realtime/protocol.js';
import { riskLabel } from './risk-flag-words.js';

/**
 * What the board is narrowed to. Every field is a plain string so the filters fit in the URL
 * and in a `<select>`'s value; '' means "no filter on this".
 *
 * - risk: '' | 'any' (at least one flag) | 'none' | `flag:<flag>`
 * - assignee: '' | 'me' | 'unclaimed' | `member:<id>`
 */
export interface BoardFilters {
  beat: string;
  channel: string;
  risk: string;
  assignee: string;
  text: string;
}

export const NO_FILTERS: Readonly<BoardFilters> = Object.freeze({ beat: '', channel: '', risk: '', assignee: '', text: '' });

const FILTER_KEYS = ['beat', 'channel', 'risk', 'assignee', 'text'] as const;

export const RISK_ANY = 'any';
export const RISK_NONE = 'none';
export const riskFlagValue = (flag: string) => `flag:${flag}`;
export const ASSIGNEE_ME = 'me';
export const ASSIGNEE_UNCLAIMED = 'unclaimed';
export const assigneeValue = (memberId: string) => `member:${memberId}`;

export function isFiltering(filters: BoardFilters): boolean {
  return FILTER_KEYS.some((key) => filters[key].trim() !== '');
}

/** What the text search needs to know beyond the opportunity itself. */
export interface FilterLookup {
  /** The signed-in member, for "assigned to me". */
  memberId: string | null;
  story(id: string): Story | undefined;
  memberName(id: string): string | undefined;
  beatName(id: string): string | undefined;
}

/** Lower-cased words of a search; every one must appear somewhere on the card. */
export function searchTerms(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

function matchesRisk(flags: readonly string[], risk: string): boolean {
  if (risk === '') return true;
  if (risk === RISK_ANY) return flags.length > 0;
  if (risk === RISK_NONE) return flags.length === 0;
  return risk.startsWith('flag:') && flags.includes(risk.slice('flag:'.length));
}

function matchesAssignee(holderId: string | null, assignee: string, memberId: string | null): boolean {
  if (assignee === '') return true;
  if (assignee === ASSIGNEE_UNCLAIMED) return holderId === null;
  if (assignee === ASSIGNEE_ME) return memberId !== null && holderId === memberId;
  return assignee.startsWith('member:') && holderId === assignee.slice('member:'.length);
}

/** Everything on the card a person might type to find it, as one lower-cased text. */
function searchableText(opportunity: Opportunity, lookup: FilterLookup): string {
  const story = opportunity.storyId ? lookup.story(opportunity.storyId) : undefined;
  return [
    opportunity.title,
    story?.label ?? '',
    ...(story?.terms ?? []),
    ...opportunity.reasons,
    ...opportunity.riskFlags,
    ...opportunity.riskFlags.map(riskLabel),
    ...opportunity.channels,
    opportunity.state.replace('_', ' '),
    opportunity.holderId ? (lookup.memberName(opportunity.holderId) ?? '') : 'unclaimed',
    lookup.beatName(opportunity.beatId) ?? '',
  ]
    .join('\n')
    .toLowerCase();
}

export function matchesFilters(opportunity: Opportunity, filters: BoardFilters, lookup: FilterLookup): boolean {
  if (filters.beat && opportunity.beatId !== filters.beat) return false;
  if (filters.channel && !opportunity.channels.includes(filters.channel as Opportunity['channels'][number])) return false;
  if (!matchesRisk(opportunity.riskFlags, filters.risk)) return false;
  if (!matchesAssignee(opportunity.holderId, filters.assignee, lookup.memberId)) return false;
  const terms = searchTerms(filters.text);
  if (terms.length === 0) return true;
  const text = searchableText(opportunity, lookup);
  return terms.every((term) => text.includes(term));
}

export function filterOpportunities(opportunities: readonly Opportunity[], filters: BoardFilters, lookup: FilterLookup): Opportunity[] {
  return isFiltering(filters) ? opportunities.filter((opportunity) => matchesFilters(opportunity, filters, lookup)) : [...opportunities];
}

/** The distinct values on the board, sorted, so the selects offer only what can match. */
export function channelsOn(opportunities: readonly Opportunity[]): string[] {
  return [...new Set(opportunities.flatMap((opportunity) => opportunity.channels))].sort();
}

export function riskFlagsOn(opportunities: readonly Opportunity[]): string[] {
  return [...new Set(opportunities.flatMap((opportunity) => opportunity.riskFlags))].sort((a, b) => riskLabel(a).localeCompare(riskLabel(b)));
}

/** `beat=…&risk=…` for the page's address, so a filtered board can be shared or reloaded. */
export function filtersToQuery(filters: BoardFilters): string {
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key].trim() !== '') query.set(key, filters[key]);
  return query.toString();
}

export function filtersFromQuery(query: string): BoardFilters {
  const params = new URLSearchParams(query);
  const filters: BoardFilters = { ...NO_FILTERS };
  for (const key of FILTER_KEYS) filters[key] = params.get(key) ?? '';
  return filters;
}
