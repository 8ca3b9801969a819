import { describe, expect, it } from 'vitest';
import type { Dashboard, Spread } from '../../server/domain/index.js';
import { chartCsv } from '../../server/measurement/dashboard-csv.js';

const none: Spread = { count: 0, median: null, p90: null };

/** A dashboard written by hand: only the cells these tests read matter. */
function dashboard(reason: string, sentiment: number): Dashboard {
  return {
    query: { from: '2026-11-02T00:00:00.000Z', to: '2026-11-09T00:00:00.000Z', beatId: null, channel: null },
    generatedAt: '2026-11-09T00:00:00.000Z',
    reactionSpeed: { byWeek: [], byBeat: [], byChannel: [] },
    caughtMissed: { publishedInWindow: 0, publishedLate: 0, expired: 0, dismissed: 1, open: 0, dismissReasons: [{ reason, count: 1 }], reviews: [{ role: 'legal', decided: 0, turnaround: none, overdue: 0 }] },
    reputation: [{ beatId: 'b1', name: 'Harbour', days: [{ day: '2026-11-02', items: 2, sentiment }], items: 2, shareOfVoice: 1, topSources: [], topAuthors: [], topStories: [] }],
    whenAndWhere: { heatmap: [], languages: [], regions: [] },
    prediction: { byChannel: [], byBeat: [] },
  };
}

describe('dashboard CSV', () => {
  it('quotes text a spreadsheet would run as a formula', () => {
    const csv = chartCsv(dashboard('=HYPERLINK("http://evil.example","click")', 0), 'caught-missed');
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it('leaves plain text and negative numbers as they are', () => {
    const csv = chartCsv(dashboard('off brand', -0.25), 'reputation');
    expect(csv.split('\n')[1]).toBe('b1,Harbour,2026-11-02,2,-0.25,2,1');
    expect(chartCsv(dashboard('off brand', 0), 'caught-missed')).toContain('dismissed,off brand,1');
  });
});
