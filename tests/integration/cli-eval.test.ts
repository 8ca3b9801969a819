import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { tempDirs } from '../support/temp-dir.js';

// Runs the built command (`npm test` builds first; run `npm run build` before running this file alone).
const SMALL = fileURLToPath(new URL('../fixtures/streams/small.jsonl', import.meta.url));

interface EvalJson {
  file: string;
  malformedLines: number;
  items: number;
  labelledItems: number;
  stories: number;
  trendingStories: number;
  clustering: { bcubed: { precision: number; recall: number; f1: number }; pairwise: { precision: number; recall: number; f1: number }; stories: number; labels: number };
  alarms: { labels: number; raised: number; beforeOnset: number; medianLeadMs: number | null; medianFirstToAlarmMs: number | null; perLabel: Array<{ label: string; items: number; alarm: number | null; onset: number }> };
  falseAlarms: { falseAlarms: number; trendingStories: number; days: number; itemsPerHour: number; perDayPer1000ItemsPerHour: number | null };
}

/**
 * A labelled stream with one big story: 40 reports of a bridge closure from 40 publishers over
 * 80 minutes, among 20 lines of chatter spread over 4 hours (labelled none).
 */
function bridgeStream(path: string): void {
  const start = Date.parse('2024-06-11T06:00:00Z');
  const lines: string[] = [];
  const verbs = ['closes', 'shut', 'closed', 'shuts', 'stays closed'];
  const extras = ['after cracks found', 'for urgent repairs', 'engineers inspect cracks', 'traffic diverted', 'commuters face delays'];
  for (let i = 0; i < 40; i++) {
    lines.push(
      JSON.stringify({
        id: `bridge-${i}`,
        channel: 'news',
        source: `paper${i}.example`,
        title: `Riverside suspension bridge ${verbs[i % 5]} ${extras[(i * 3) % 5]}`,
        publishedAt: new Date(start + 60 * 60_000 + i * 2 * 60_000).toISOString(),
        topic: 'bridge',
      }),
    );
  }
  const chatter = ['lunch ideas', 'garden tomatoes', 'a new novel', 'cycling shoes', 'board games', 'sourdough starter', 'jazz records', 'rainy weekend', 'knitting', 'chess openings'];
  for (let i = 0; i < 20; i++) {
    lines.push(
      JSON.stringify({
        id: `chat-${i}`,
        channel: 'bluesky',
        source: `user${i}.bsky.social`,
        text: `Thinking about ${chatter[i % 10]} again, number ${i}`,
        publishedAt: new Date(start + i * 12 * 60_000).toISOString(),
        topic: 'none',
      }),
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

describe('tidewatch eval', () => {
  const dirs = tempDirs();
  afterEach(dirs.removeAll);

  it('prints a report with the clustering, alarm and false alarm figures', () => {
    const result = runCli(['eval', SMALL, '--labels', 'label']);
    expect(result.status, result.stderr).toBe(0);
    const json = runCli(['eval', SMALL, '--labels', 'label', '--json']);
    expect(json.status).toBe(0);
    const figures = JSON.parse(json.stdout) as EvalJson;
    // 12 items read (2 malformed lines), 9 of them labelled: 5 ferry-strike, 4 museum (n3 has no label: none).
    expect(figures).toMatchObject({ malformedLines: 2, items: 12, labelledItems: 9 });
    expect(figures.clustering.labels).toBe(2);
    const { bcubed, pairwise } = figures.clustering;
    for (const value of [bcubed.precision, bcubed.recall, bcubed.f1, pairwise.precision, pairwise.recall, pairwise.f1]) {
      expect(value).toBeGreaterThan(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    // No label has 30 items: nothing to alarm on.
    expect(figures.alarms).toMatchObject({ labels: 0, raised: 0, medianLeadMs: null });

    // The readable report says the same.
    const f = (value: number) => value.toFixed(3);
    expect(result.stdout).toContain(`Items: 12 (9 with a label other than none); stories: ${figures.stories}, ${figures.trendingStories} trending`);
    expect(result.stdout).toContain(`B-cubed   P ${f(bcubed.precision)}  R ${f(bcubed.recall)}  F1 ${f(bcubed.f1)}`);
    expect(result.stdout).toContain(`pairwise  P ${f(pairwise.precision)}  R ${f(pairwise.recall)}  F1 ${f(pairwise.f1)}`);
    expect(result.stdout).toContain(`${figures.clustering.stories} stories for 2 labels`);
    expect(result.stdout).toContain('Alarms (labels with at least 30 items): 0/0 raised, 0/0 before onset');
    expect(result.stdout).toMatch(/False alarms \(trending stories mostly of none\): \d+ of \d+ trending stories over 0\.11 simulated days at 5 items\/h = [\d.]+ per day per 1,000 items\/h/);
    // Malformed lines are reported as replay reports them; the replay summary goes to stderr.
    expect(result.stderr).toContain(`${SMALL}:4: skipped`);
    expect(result.stderr).toMatch(/^Replayed 12 items/m);
  });

  it('raises the alarm of a label whose story trends, and scores it against the onset', () => {
    const stream = join(dirs.fresh(), 'bridge.jsonl');
    bridgeStream(stream);
    const result = runCli(['eval', stream, '--labels', 'topic', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const figures = JSON.parse(result.stdout) as EvalJson;
    expect(figures).toMatchObject({ items: 60, labelledItems: 40 });
    expect(figures.alarms.labels).toBe(1);
    const [bridge] = figures.alarms.perLabel;
    // 40 items, one every 2 minutes from 07:00: the peak hour holds 30, a tenth is 3, reached at 07:04.
    expect(bridge).toMatchObject({ label: 'bridge', items: 40, onset: Date.parse('2024-06-11T07:04:00Z') });
    expect(figures.alarms.raised).toBe(1);
    expect(bridge?.alarm).not.toBeNull();
    expect(figures.alarms.medianFirstToAlarmMs).toBe(bridge!.alarm! - Date.parse('2024-06-11T07:00:00Z'));
    expect(figures.alarms.medianLeadMs).toBe(bridge!.onset - bridge!.alarm!);
    // 60 items over 3 h 48 min (06:00 → 09:48) of stream.
    expect(figures.falseAlarms.itemsPerHour).toBeCloseTo(60 / 3.8, 10);
  });

  it('counts items without the label field as none', () => {
    const json = runCli(['eval', SMALL, '--labels', 'no-such-field', '--json']);
    expect(json.status).toBe(0);
    const figures = JSON.parse(json.stdout) as EvalJson;
    expect(figures).toMatchObject({ items: 12, labelledItems: 0 });
    expect(figures.clustering.labels).toBe(0);
  });

  it('exits 2 without --labels or a stream, and 1 on an unreadable stream', () => {
    expect(runCli(['eval', SMALL]).status).toBe(2);
    expect(runCli(['eval', '--labels', 'label']).status).toBe(2);
    const missing = runCli(['eval', '/nonexistent/stream.jsonl', '--labels', 'label']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe('tidewatch: /nonexistent/stream.jsonl: no such file\n');
  });
});
