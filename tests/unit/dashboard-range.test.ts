import { describe, expect, it } from 'vitest';
import { apiQuery, csvHref, defaultSettings, periodOf, presetDays, rangeProblem, settingsFromQuery, settingsToQuery, type DashboardSettings } from '../../web/src/dashboard-range.js';

// Wednesday 12 June 2024, mid-afternoon UTC.
const NOW = Date.parse('2024-06-12T15:30:00Z');

describe('dashboard range presets', () => {
  it('ends every preset at the end of today (UTC) and counts today in', () => {
    expect(presetDays('7d', NOW)).toEqual({ fromDay: '2024-06-06', toDay: '2024-06-12' });
    expect(periodOf({ ...defaultSettings(NOW), preset: '7d' }, NOW)).toEqual({ from: '2024-06-06T00:00:00.000Z', to: '2024-06-13T00:00:00.000Z' });
    expect(periodOf({ ...defaultSettings(NOW), preset: '30d' }, NOW).from).toBe('2024-05-14T00:00:00.000Z');
    expect(periodOf({ ...defaultSettings(NOW), preset: '90d' }, NOW).from).toBe('2024-03-15T00:00:00.000Z');
  });

  it('takes a custom period from its first day to the end of its last day', () => {
    const custom: DashboardSettings = { ...defaultSettings(NOW), preset: 'custom', fromDay: '2024-05-01', toDay: '2024-05-31' };
    expect(periodOf(custom, NOW)).toEqual({ from: '2024-05-01T00:00:00.000Z', to: '2024-06-01T00:00:00.000Z' });
    expect(rangeProblem(custom)).toBeNull();
    expect(rangeProblem({ ...custom, toDay: '2024-04-30' })).toMatch(/before the first/);
    expect(rangeProblem({ ...custom, fromDay: '' })).toMatch(/Pick both/);
  });

  it('keeps the settings in the address, leaving the defaults out', () => {
    expect(settingsToQuery(defaultSettings(NOW))).toBe('');
    const picked: DashboardSettings = { ...defaultSettings(NOW), preset: '7d', beatId: 'beat-1', channel: 'reddit' };
    expect(settingsToQuery(picked)).toBe('range=7d&beat=beat-1&channel=reddit');
    expect(settingsFromQuery(settingsToQuery(picked), NOW)).toEqual({ ...picked, ...presetDays('7d', NOW) });
    const custom: DashboardSettings = { ...defaultSettings(NOW), preset: 'custom', fromDay: '2024-05-01', toDay: '2024-05-31' };
    expect(settingsFromQuery(settingsToQuery(custom), NOW)).toEqual(custom);
  });

  it('falls back to the defaults for a wrong or unknown setting', () => {
    expect(settingsFromQuery('range=1y&from=yesterday&to=2024-13-40', NOW)).toEqual(defaultSettings(NOW));
    expect(settingsFromQuery('channel=myspace', NOW, ['news', 'reddit']).channel).toBe('');
  });

  it('asks the API and the CSV export with the same query', () => {
    const period = { from: '2024-06-06T00:00:00.000Z', to: '2024-06-13T00:00:00.000Z' };
    const query = apiQuery(period, { beatId: 'beat 1', channel: 'news' });
    expect(Object.fromEntries(new URLSearchParams(query))).toEqual({ ...period, beatId: 'beat 1', channel: 'news' });
    expect(apiQuery(period, { beatId: '', channel: '' })).not.toMatch(/beatId|channel/);
    expect(csvHref('caught-missed', query)).toBe(`/api/dashboard/caught-missed.csv?${query}`);
  });
});
