import { describe, expect, it } from 'vitest';
import type { Opportunity, Story } from '../../server/realtime/protocol.js';
import { BOARD_COLUMNS, columnOf, groupIntoColumns } from '../../web/src/views/board-columns.js';
import {
  assigneeValue,
  channelsOn,
  filterOpportunities,
  filtersFromQuery,
  filtersToQuery,
  isFiltering,
  matchesFilters,
  NO_FILTERS,
  riskFlagsOn,
  riskFlagValue,
  searchTerms,
  type BoardFilters,
  type FilterLookup,
} from '../../web/src/views/board-filters.js';
import { buildOpportunity, buildStory } from '../support/builders.js';

const stories = new Map<string, Story>([['story-1', buildStory('story-1', { label: 'Harbour bridge closed after storm', terms: ['harbour', 'storm'] })]]);
const lookup: FilterLookup = {
  memberId: 'ana',
  story: (id) => stories.get(id),
  memberName: (id) => ({ ana: 'Ana Lima', ben: 'Ben Okafor' })[id],
  beatName: (id) => ({ 'beat-1': 'Transport', 'beat-2': 'Weather' })[id],
};
const filters = (overrides: Partial<BoardFilters>): BoardFilters => ({ ...NO_FILTERS, ...overrides });
const ids = (opportunities: readonly Opportunity[]) => opportunities.map((opportunity) => opportunity.id);

const board: Opportunity[] = [
  buildOpportunity('a', { storyId: 'story-1', channels: ['news', 'mastodon'], riskFlags: ['negative-sentiment'], holderId: 'ana', state: 'claimed' }),
  buildOpportunity('b', { beatId: 'beat-2', channels: ['reddit'], riskFlags: ['do-not-engage', 'sensitive:death'], reasons: ['12 sources in 40 min across news'] }),
  buildOpportunity('c', { channels: ['bluesky'], holderId: 'ben', title: 'Ferry strike announced', state: 'drafting' }),
  buildOpportunity('d', { channels: ['news'] }),
];

describe('board filters', () => {
  it('let everything through when nothing is set', () => {
    expect(isFiltering(NO_FILTERS)).toBe(false);
    expect(ids(filterOpportunities(board, NO_FILTERS, lookup))).toEqual(['a', 'b', 'c', 'd']);
    expect(isFiltering(filters({ text: '   ' }))).toBe(false);
  });

  it('narrow by beat and by channel', () => {
    expect(ids(filterOpportunities(board, filters({ beat: 'beat-2' }), lookup))).toEqual(['b']);
    expect(ids(filterOpportunities(board, filters({ channel: 'news' }), lookup))).toEqual(['a', 'd']);
  });

  it('narrow by risk: any flag, no flag, or one flag', () => {
    expect(ids(filterOpportunities(board, filters({ risk: 'any' }), lookup))).toEqual(['a', 'b']);
    expect(ids(filterOpportunities(board, filters({ risk: 'none' }), lookup))).toEqual(['c', 'd']);
    expect(ids(filterOpportunities(board, filters({ risk: riskFlagValue('do-not-engage') }), lookup))).toEqual(['b']);
    expect(ids(filterOpportunities(board, filters({ risk: riskFlagValue('named-person:Nobody') }), lookup))).toEqual([]);
  });

  it('narrow by assignee: me, unclaimed or one member', () => {
    expect(ids(filterOpportunities(board, filters({ assignee: 'me' }), lookup))).toEqual(['a']);
    expect(ids(filterOpportunities(board, filters({ assignee: 'unclaimed' }), lookup))).toEqual(['b', 'd']);
    expect(ids(filterOpportunities(board, filters({ assignee: assigneeValue('ben') }), lookup))).toEqual(['c']);
    expect(matchesFilters(board[0]!, filters({ assignee: 'me' }), { ...lookup, memberId: null })).toBe(false);
  });

  it('search every word, case-insensitively, across title, story, reasons, flags, people and beat', () => {
    expect(searchTerms('  Harbour   STORM ')).toEqual(['harbour', 'storm']);
    expect(ids(filterOpportunities(board, filters({ text: 'harbour storm' }), lookup))).toEqual(['a']);
    expect(ids(filterOpportunities(board, filters({ text: 'do not engage' }), lookup))).toEqual(['b']);
    expect(ids(filterOpportunities(board, filters({ text: '12 sources' }), lookup))).toEqual(['b']);
    expect(ids(filterOpportunities(board, filters({ text: 'okafor' }), lookup))).toEqual(['c']);
    expect(ids(filterOpportunities(board, filters({ text: 'weather' }), lookup))).toEqual(['b']);
    expect(ids(filterOpportunities(board, filters({ text: 'ferry harbour' }), lookup))).toEqual([]);
  });

  it('combine filters with AND', () => {
    expect(ids(filterOpportunities(board, filters({ channel: 'news', risk: 'none' }), lookup))).toEqual(['d']);
  });

  it('offer only the channels and flags on the board, sorted', () => {
    expect(channelsOn(board)).toEqual(['bluesky', 'mastodon', 'news', 'reddit']);
    expect(riskFlagsOn(board)).toEqual(['do-not-engage', 'negative-sentiment', 'sensitive:death']);
  });

  it('round-trip through the address, leaving out what is unset', () => {
    const set = filters({ beat: 'beat 1/2', risk: riskFlagValue('sensitive:death'), text: 'harbour & bridge' });
    const query = filtersToQuery(set);
    expect(query).not.toContain('channel');
    expect(filtersFromQuery(query)).toEqual(set);
    expect(filtersToQuery(NO_FILTERS)).toBe('');
    expect(filtersFromQuery('')).toEqual(NO_FILTERS);
    expect(filtersFromQuery('unknown=1&channel=news')).toEqual(filters({ channel: 'news' }));
  });
});

describe('board columns', () => {
  it('put every state in exactly one column, the final ones in Done', () => {
    const states = BOARD_COLUMNS.flatMap((column) => column.states);
    expect(new Set(states).size).toBe(states.length);
    expect(states.sort()).toEqual(['approved', 'claimed', 'dismissed', 'drafting', 'expired', 'in_review', 'new', 'published', 'scheduled']);
    expect(columnOf('published')).toBe('done');
    expect(columnOf('in_review')).toBe('in_review');
  });

  it('sort each column soonest deadline first, and Done latest first', () => {
    const columns = groupIntoColumns([
      buildOpportunity('late', { deadline: '2026-11-01T12:00:00.000Z' }),
      buildOpportunity('soon', { deadline: '2026-11-01T09:00:00.000Z' }),
      buildOpportunity('tie-low', { deadline: '2026-11-01T10:00:00.000Z', score: 0.2 }),
      buildOpportunity('tie-high', { deadline: '2026-11-01T10:00:00.000Z', score: 0.9 }),
      buildOpportunity('old-done', { state: 'expired', updatedAt: '2026-11-01T08:00:00.000Z' }),
      buildOpportunity('new-done', { state: 'dismissed', updatedAt: '2026-11-01T09:00:00.000Z' }),
    ]);
    expect(ids(columns.new)).toEqual(['soon', 'tie-high', 'tie-low', 'late']);
    expect(ids(columns.done)).toEqual(['new-done', 'old-done']);
    expect(columns.claimed).toEqual([]);
  });
});
