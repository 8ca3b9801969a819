import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../server/domain/index.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import { seedMeasurementStore } from '../support/measurement-history.js';
import { runCli } from '../support/run-cli.js';
import { tempDirs } from '../support/temp-dir.js';

/* `tidewatch report` on a data directory seeded with the scripted fortnight (figures worked out in tests/unit/measurement-dashboard.test.ts). */

const dirs = tempDirs();
let dataDir: string;
const PERIOD = ['--from', '2026-11-02', '--to', '2026-11-16'];

beforeAll(async () => {
  dataDir = dirs.fresh();
  const store = await openLowdbStore({ dataDir });
  await seedMeasurementStore(store);
  await store.close();
});

afterAll(dirs.removeAll);

describe('tidewatch report', () => {
  it('prints the dashboard as JSON', () => {
    const result = runCli(['report', ...PERIOD, '--format', 'json', '--data', dataDir]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const d = JSON.parse(result.stdout) as Dashboard;
    expect(d.query).toEqual({ from: '2026-11-02T00:00:00.000Z', to: '2026-11-16T00:00:00.000Z', beatId: null, channel: null });
    expect([d.caughtMissed.publishedInWindow, d.caughtMissed.publishedLate, d.caughtMissed.expired, d.caughtMissed.dismissed, d.caughtMissed.open]).toEqual([1, 1, 1, 3, 1]);
    // Week of 2 Nov, to opportunity: 30, 60, 2940 → median 60, p90 2940.
    expect(d.reactionSpeed.byWeek[0]!.toOpportunity).toEqual({ count: 3, median: 60, p90: 2940 });
    expect(d.prediction.byChannel.find((r) => r.group === 'mastodon')).toMatchObject({ raised: 3, grew: 2, hitRate: 0.67, medianGrowth: 10 });
  });

  it('prints every chart as CSV, each after a line naming it', () => {
    const result = runCli(['report', ...PERIOD, '--format', 'csv', '--data', dataDir]);
    expect(result.status).toBe(0);
    const headers = result.stdout.split('\n').filter((line) => line.startsWith('# '));
    expect(headers).toEqual(['# reaction-speed', '# caught-missed', '# review-turnaround', '# reputation', '# heatmap', '# languages', '# prediction']);
    const section = result.stdout.split('# review-turnaround\n')[1]!.split('\n\n')[0]!;
    expect(section.split('\n')).toEqual(['role,decided,median_minutes,p90_minutes,overdue', 'legal,1,60,60,1', 'comms,2,27.5,40,2']);
    expect(result.stdout).toContain('week,2026-11-02,week of 2026-11-02,3,60,2940,2,65,90,2,110,150,2,195,300');
  });

  it('prints a Markdown report for a weekly email, narrowed to a beat named by name', () => {
    const result = runCli(['report', ...PERIOD, '--beat', 'rival ferries', '--data', dataDir]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const md = result.stdout;
    expect(md).toMatch(/^# Tidewatch report: 2026-11-02T00:00:00.000Z to 2026-11-16T00:00:00.000Z/);
    expect(md).toContain('Filtered to beat Rival Ferries.');
    // Rival Ferries: o3 expired, o5 and o7 dismissed, o6 open: four raised.
    expect(md).toContain('4 opportunities were raised in the period.');
    expect(md).toContain('| expired | 1 |');
    expect(md).toContain('| dismissed | 2 |');
    expect(md).toContain('| still open | 1 |');
    // Share of voice 2/7 = 0.2857… → 0.29 → 29%; prediction 0 of 2, median growth 6.5.
    expect(md).toContain('| Rival Ferries | 2 | 29% |');
    expect(md).toContain('| Rival Ferries | 2 | 0 | 0% | 6.5 |');
    expect(md).not.toContain('| Harbour |');
  });

  it('explains bad arguments with exit code 2', () => {
    const cases: Array<[string[], RegExp]> = [
      [['report', '--to', '2026-11-16', '--data', dataDir], /name the period/],
      [['report', '--from', 'soon', '--to', '2026-11-16', '--data', dataDir], /--from: "soon" is not a date/],
      [['report', '--from', '2026-11-16', '--to', '2026-11-02', '--data', dataDir], /--from: must be before to/],
      [['report', ...PERIOD, '--format', 'pdf', '--data', dataDir], /--format must be md, csv or json/],
      [['report', ...PERIOD, '--channel', 'myspace', '--data', dataDir], /--channel: "myspace" is not a channel/],
      [['report', ...PERIOD, '--beat', 'weather', '--data', dataDir], /--beat: no beat "weather". Beats: Harbour \(b-harbour\), Rival Ferries \(b-rival\)/],
    ];
    for (const [args, message] of cases) {
      const result = runCli(args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });
});
