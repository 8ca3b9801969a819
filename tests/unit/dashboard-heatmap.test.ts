import { describe, expect, it } from 'vitest';
import { activeChannels, heatCellLabel, heatGrid, heatLevel, hoursOf, HOURS_PER_WEEK } from '../../web/src/dashboard-heatmap.js';
import { barShare, outcomeParts, weeklySeries } from '../../web/src/dashboard-figures.js';

const hours = (cells: Record<number, number>) => Array.from({ length: HOURS_PER_WEEK }, (_unused, index) => cells[index] ?? 0);
const spread = (median: number | null) => ({ count: median === null ? 0 : 1, median, p90: median });

describe('dashboard heat map layout', () => {
  const heatmap = [
    { channel: 'news' as const, hours: hours({ 0: 2, 38: 3 }) },
    { channel: 'reddit' as const, hours: hours({ 38: 5, 167: 1 }) },
    { channel: 'x' as const, hours: hours({}) },
  ];

  it('lays the week out as rows Monday…Sunday of 24 UTC hours', () => {
    const grid = heatGrid(hoursOf(heatmap, 'all'));
    expect(grid.rows).toHaveLength(7);
    for (const row of grid.rows) expect(row).toHaveLength(24);
    // Index 38 is Tuesday 14:00; 167 is Sunday 23:00.
    expect(grid.rows[1]![14]).toMatchObject({ day: 1, hour: 14, count: 8, level: 4 });
    expect(grid.rows[6]![23]).toMatchObject({ count: 1 });
    expect(grid.rows[0]![0]!.count).toBe(2);
    expect(grid.total).toBe(11);
    expect(grid.max).toBe(8);
    expect(grid.busiest).toMatchObject({ day: 1, hour: 14 });
  });

  it('shows one channel on its own, and zeros for a channel with nothing', () => {
    expect(heatGrid(hoursOf(heatmap, 'news')).rows[1]![14]!.count).toBe(3);
    expect(heatGrid(hoursOf(heatmap, 'youtube')).total).toBe(0);
    expect(heatGrid(hoursOf([], 'all')).busiest).toBeNull();
    expect(activeChannels(heatmap)).toEqual(['reddit', 'news']);
  });

  it('shades any activity, the busiest hour darkest', () => {
    expect(heatLevel(0, 10)).toBe(0);
    expect(heatLevel(1, 100)).toBe(1);
    expect(heatLevel(50, 100)).toBe(2);
    expect(heatLevel(100, 100)).toBe(4);
    expect(heatLevel(3, 0)).toBe(0);
  });

  it('names each cell in words with its count', () => {
    expect(heatCellLabel(1, 14, 3)).toBe('Tuesday 14:00–15:00 UTC: 3 items');
    expect(heatCellLabel(6, 23, 1)).toBe('Sunday 23:00–00:00 UTC: 1 item');
  });
});

describe('dashboard figures for the charts', () => {
  it('splits the opportunities into their outcomes with shares', () => {
    const { parts, total } = outcomeParts({ publishedInWindow: 3, publishedLate: 1, expired: 2, dismissed: 2, open: 0, dismissReasons: [], reviews: [] });
    expect(total).toBe(8);
    expect(parts.map((part) => [part.key, part.count, part.share])).toEqual([
      ['publishedInWindow', 3, 0.375],
      ['publishedLate', 1, 0.125],
      ['expired', 2, 0.25],
      ['dismissed', 2, 0.25],
      ['open', 0, 0],
    ]);
    expect(outcomeParts({ publishedInWindow: 0, publishedLate: 0, expired: 0, dismissed: 0, open: 0, dismissReasons: [], reviews: [] }).parts.every((part) => part.share === 0)).toBe(true);
  });

  it('draws weeks in order with a median and p90 line per step, gaps where a step is missing', () => {
    const row = (group: string, toOpportunity: number | null) => ({ group, label: `week of ${group}`, toOpportunity: spread(toOpportunity), toFirstDraft: spread(null), toApproval: spread(null), toPublication: spread(null) });
    const series = weeklySeries([row('2024-06-10', 30), row('2024-06-03', 12)]);
    expect(series).toHaveLength(1 + 4 * 2);
    expect(series[0]).toEqual([Date.parse('2024-06-03T00:00:00Z') / 1000, Date.parse('2024-06-10T00:00:00Z') / 1000]);
    expect(series[1]).toEqual([12, 30]);
    expect(series[3]).toEqual([null, null]);
  });

  it('scales a bar to the longest and keeps it in bounds', () => {
    expect(barShare(5, 10)).toBe(0.5);
    expect(barShare(5, 0)).toBe(0);
    expect(barShare(12, 10)).toBe(1);
  });
});
