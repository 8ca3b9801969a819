import { describe, expect, it } from 'vitest';
import type { Item } from '../../server/domain/index.js';
import { dashboardQuery, DashboardQueryError } from '../../server/measurement/dashboard-query.js';
import { pageItems } from '../../server/measurement/dashboard-load.js';
import { regionOf } from '../../server/measurement/language-tag.js';
import { nearestRank } from '../../server/measurement/spread.js';
import { buildItem } from '../support/builders.js';

const now = new Date('2026-11-20T12:00:00.000Z');

describe('the dashboard query', () => {
  it('reads days as 00:00 UTC and defaults to the seven days up to now', () => {
    expect(dashboardQuery({ from: '2026-11-02', to: '2026-11-09T12:00:00+01:00' }, now)).toEqual({ from: '2026-11-02T00:00:00.000Z', to: '2026-11-09T11:00:00.000Z', beatId: null, channel: null });
    expect(dashboardQuery({}, now)).toMatchObject({ from: '2026-11-13T12:00:00.000Z', to: '2026-11-20T12:00:00.000Z' });
  });

  it.each([
    [{ from: '2026-02-30', to: '2026-03-02' }, 'from'],
    [{ from: '2026-11-02T09:00', to: '2026-11-09' }, 'from'],
    [{ from: '2026-11-09', to: '2026-11-02' }, 'from'],
    // 2025-01-01 → 2026-01-03 is 367 days.
    [{ from: '2025-01-01', to: '2026-01-03' }, 'to'],
    [{ from: '2026-11-02', to: '2026-11-09', channel: 'fax' }, 'channel'],
  ])('refuses %o naming %s', (input, field) => {
    expect(() => dashboardQuery(input, now)).toThrow(DashboardQueryError);
    try {
      dashboardQuery(input, now);
    } catch (error) {
      expect((error as DashboardQueryError).field).toBe(field);
    }
  });

  it('allows exactly 366 days (a leap year)', () => {
    expect(dashboardQuery({ from: '2028-01-01', to: '2029-01-01' }, now).to).toBe('2029-01-01T00:00:00.000Z');
  });
});

describe('paging items', () => {
  it('hands every item over once, even when a page ends inside a run of equal fetch times', async () => {
    // Seven items; 3, 4, 5 and 6 share one fetch time, more than a page of 2 holds.
    const times = ['08:00', '08:01', '08:02', '08:02', '08:02', '08:02', '08:03'];
    const items = times.map((hhmm, n) => buildItem(n, { fetchedAt: `2026-11-02T${hhmm}:00.000Z` }));
    const store = { itemsFetchedSince: async (since: string, limit: number) => items.filter((i) => i.fetchedAt >= since).slice(0, limit) };
    const taken: Item[] = [];
    await pageItems(store, '2026-11-02T00:00:00.000Z', Date.parse('2026-11-03T00:00:00.000Z'), 2, (page) => taken.push(...page));
    expect(taken.map((i) => i.externalId)).toEqual(items.map((i) => i.externalId));
  });

  it('stops once the items fetched after the cut-off begin', async () => {
    const items = [0, 1, 2, 3].map((n) => buildItem(n, { fetchedAt: `2026-11-0${n + 2}T08:00:00.000Z` }));
    const asked: string[] = [];
    const store = {
      itemsFetchedSince: async (since: string, limit: number) => {
        asked.push(since);
        return items.filter((i) => i.fetchedAt >= since).slice(0, limit);
      },
    };
    await pageItems(store, '2026-11-01T00:00:00.000Z', Date.parse('2026-11-03T12:00:00.000Z'), 1, () => undefined);
    // Pages since 1 Nov (item 0), 2 Nov 08:00 (item 0 again, item 1 new), 3 Nov 08:00 (item 1 again, item 2
    // fetched 4 Nov: past the cut-off, so no fourth page).
    expect(asked).toEqual(['2026-11-01T00:00:00.000Z', '2026-11-02T08:00:00.000Z', '2026-11-03T08:00:00.000Z']);
  });
});

describe('small rules', () => {
  it('takes the region from a language tag only where it names one', () => {
    expect([regionOf('en-GB'), regionOf('zh-Hant-TW'), regionOf('es-419'), regionOf('en'), regionOf('sr-Latn'), regionOf(null)]).toEqual(['GB', 'TW', '419', null, null, null]);
  });

  it('p90 by nearest rank: the value at rank ⌈0.9·n⌉', () => {
    // n = 10: rank 9 → 9; n = 11: rank ⌈9.9⌉ = 10 → 10.
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(nearestRank([11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(10);
  });
});
