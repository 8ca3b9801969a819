import { describe, expect, it } from 'vitest';
import { labelOnset, scoreAlarms, type TimedItem } from '../../server/trends/evaluation/alarms.js';
import { bcubed, type ClusteredItem } from '../../server/trends/evaluation/bcubed.js';
import { evaluate } from '../../server/trends/evaluation/evaluate.js';
import { scoreFalseAlarms } from '../../server/trends/evaluation/false-alarms.js';
import { pairwise } from '../../server/trends/evaluation/pairwise.js';
import { median } from '../../server/trends/evaluation/stats.js';

// Every expected figure below was worked out by hand from the definitions in
// ../shared/data/README.md; the comments show the arithmetic.

const MIN = 60_000;
const HOUR = 60 * MIN;

const clustered = (spec: string): ClusteredItem[] =>
  // "A:L1 A:L1 A:L2 B:L2 B:L2" → items with cluster A or B and label L1 or L2.
  spec.split(' ').map((pair) => {
    const [cluster, label] = pair.split(':') as [string, string];
    return { cluster, label };
  });

describe('B-cubed', () => {
  it('scores two mixed stories', () => {
    // A = {a:L1, b:L1, c:L2}, B = {d:L2, e:L2}.
    // precision a 2/3, b 2/3, c 1/3, d 2/2, e 2/2 → (11/3)/5 = 11/15
    // recall    a 2/2, b 2/2, c 1/3, d 2/3, e 2/3 → (11/3)/5 = 11/15
    const score = bcubed(clustered('A:L1 A:L1 A:L2 B:L2 B:L2'));
    expect(score.precision).toBeCloseTo(11 / 15, 10);
    expect(score.recall).toBeCloseTo(11 / 15, 10);
    expect(score.f1).toBeCloseTo(11 / 15, 10);
  });

  it('scores one story holding everything: perfect recall, poor precision', () => {
    // precision a 2/3, b 2/3, c 1/3 → 5/9; recall 1; F1 = 2·(5/9)/(5/9 + 1) = 5/7
    const score = bcubed(clustered('A:L1 A:L1 A:L2'));
    expect(score.precision).toBeCloseTo(5 / 9, 10);
    expect(score.recall).toBe(1);
    expect(score.f1).toBeCloseTo(5 / 7, 10);
  });

  it('scores singletons: perfect precision, poor recall', () => {
    // recall a 1/2, b 1/2, c 1/1 → 2/3; F1 = 2·(2/3)/(5/3) = 4/5
    const score = bcubed(clustered('A:L1 B:L1 C:L2'));
    expect(score.precision).toBe(1);
    expect(score.recall).toBeCloseTo(2 / 3, 10);
    expect(score.f1).toBeCloseTo(4 / 5, 10);
  });
});

describe('pairwise F1', () => {
  it('scores two mixed stories', () => {
    // pairs put together: A C(3,2) = 3, B 1 → 4; pairs sharing a label: L1 1, L2 3 → 4;
    // both: {a,b} and {d,e} → 2. P 2/4, R 2/4, F1 1/2
    const score = pairwise(clustered('A:L1 A:L1 A:L2 B:L2 B:L2'));
    expect(score).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
  });

  it('scores one story holding everything', () => {
    // together 3 pairs, same label 1 pair ({a,b}), both 1 → P 1/3, R 1, F1 = (2/3)/(4/3) = 1/2
    const score = pairwise(clustered('A:L1 A:L1 A:L2'));
    expect(score.precision).toBeCloseTo(1 / 3, 10);
    expect(score.recall).toBe(1);
    expect(score.f1).toBeCloseTo(0.5, 10);
  });

  it('counts nothing wrong when no two items share a story', () => {
    // no pair together: precision 1 by convention; recall 0 of the 1 same-label pair
    expect(pairwise(clustered('A:L1 B:L1 C:L2'))).toEqual({ precision: 1, recall: 0, f1: 0 });
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([])).toBeNull();
  });
});

/** Items of one label at the given minutes, in the given story. */
const at = (label: string, story: string | null, minutes: number[]): TimedItem[] => minutes.map((m) => ({ label, story, at: m * MIN }));
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('onset', () => {
  it('is the first moment the count over the preceding hour reaches a tenth of the peak', () => {
    // Items at 0, 70 and 200…227 min (28 in a row, one a minute). Peak hour: (167, 227] holds 28;
    // a tenth is 2.8, so 3 are needed. Counts: 0 → 1, 70 → 1 (0 is over an hour before),
    // 200 → 1, 201 → 2, 202 → 3: onset 202 min.
    expect(labelOnset([0, 70, ...range(200, 28)].map((m) => m * MIN), 0.1)).toEqual({ onset: 202 * MIN, peakHourly: 28 });
  });

  it('counts items of the same moment together', () => {
    // 40 items at one moment: the peak is 40 and that moment is the onset.
    expect(labelOnset(Array<number>(40).fill(1000 * MIN), 0.1)).toEqual({ onset: 1000 * MIN, peakHourly: 40 });
  });

  it('leaves out an item exactly an hour before', () => {
    // 0 and 60 min: the window of 60 is (0, 60], so the peak is 1 and the onset the first item.
    expect(labelOnset([60 * MIN, 0], 1)).toEqual({ onset: 0, peakHourly: 1 });
  });
});

describe('alarms', () => {
  const items: TimedItem[] = [
    // L, 30 items, onset 202 min (above). S1 holds 20 (≥ a fifth, 6) and trended at 190 min;
    // S2 holds 5 (< 6 and < 30: too few to count) and trended earlier, at 100 min.
    ...at('L', 'S2', [0, 70, 200, 201, 202]),
    ...at('L', 'S1', range(203, 20)),
    ...at('L', 'S3', range(223, 5)),
    // K, 40 items at 1000 min, all in S4, which trended at 1005 min: onset 1000, lead −5 min.
    ...at('K', 'S4', Array<number>(40).fill(1000)),
    // J, 30 items in a story that never trended: no alarm.
    ...at('J', 'S5', range(2000, 30)),
    // M has 29 items: too few to score. none is never scored.
    ...at('M', 'S1', range(300, 29)),
    ...at('none', 'S6', range(400, 50)),
  ];
  const stories = [
    { story: 'S1', trendingAt: 190 * MIN },
    { story: 'S2', trendingAt: 100 * MIN },
    { story: 'S3', trendingAt: null },
    { story: 'S4', trendingAt: 1005 * MIN },
    { story: 'S5', trendingAt: null },
    { story: 'S6', trendingAt: 410 * MIN },
  ];

  it('raises a label’s alarm at the earliest trending story holding a fifth of it', () => {
    const summary = scoreAlarms(items, stories);
    expect(summary.perLabel.map((l) => [l.label, l.items, l.alarm, l.onset, l.leadMs, l.firstToAlarmMs])).toEqual([
      ['L', 30, 190 * MIN, 202 * MIN, 12 * MIN, 190 * MIN],
      ['K', 40, 1005 * MIN, 1000 * MIN, -5 * MIN, 5 * MIN],
      // J: 30 in a row, one a minute: peak 30, a tenth is 3, reached at its third item.
      ['J', 30, null, 2002 * MIN, null, null],
    ]);
    // raised by L and K; before onset only L; median lead (12 − 5)/2 = 3.5 min;
    // median first item → alarm (190 + 5)/2 = 97.5 min.
    expect(summary).toMatchObject({ labels: 3, raised: 2, beforeOnset: 1, medianLeadMs: 3.5 * MIN, medianFirstToAlarmMs: 97.5 * MIN });
  });

  it('counts a story holding a fifth of the label exactly, and one holding 30 of a large label', () => {
    // L with S2 holding 6 of 30 (exactly a fifth): S2's 100 min is now the earliest.
    const sixInS2 = items.map((item, i) => (i === 5 ? { ...item, story: 'S2' } : item));
    expect(scoreAlarms(sixInS2, stories).perLabel[0]?.alarm).toBe(100 * MIN);
    // Big has 200 items: a fifth is 40, but T holding 30 of them is enough; U with 29 is not.
    const big = [...at('Big', 'T', range(0, 30)), ...at('Big', 'U', range(30, 29)), ...at('Big', 'V', range(59, 141))];
    const trended = [
      { story: 'T', trendingAt: 50 * MIN },
      { story: 'U', trendingAt: 10 * MIN },
      { story: 'V', trendingAt: 80 * MIN },
    ];
    expect(scoreAlarms(big, trended).perLabel[0]?.alarm).toBe(50 * MIN);
    const only29 = big.map((item) => (item.story === 'T' && item.at === 0 ? { ...item, story: 'U' } : item));
    // Now T holds 29 and U 30: U's 10 min.
    expect(scoreAlarms(only29, trended).perLabel[0]?.alarm).toBe(10 * MIN);
  });
});

describe('false alarms', () => {
  // 96 items over exactly 48 h (every 30 min from 0 to 47 h, plus one at 48 h): 2 days, 2 items/h.
  const times = [...Array.from({ length: 95 }, (_, i) => i * 30 * MIN), 48 * HOUR];
  const spec: Array<[string, string | null]> = [
    // T1 trending, 3 none of 4: a false alarm. T2 trending, 2 of 4: half is not most.
    ['none', 'T1'], ['none', 'T1'], ['none', 'T1'], ['L', 'T1'],
    ['none', 'T2'], ['none', 'T2'], ['L', 'T2'], ['L', 'T2'],
    // T3 all none but never trending; T4 trending, no none.
    ['none', 'T3'], ['none', 'T3'], ['L', 'T4'], ['L', 'T4'],
  ];
  const items = times.map((t, i) => {
    const [label, story] = spec[i] ?? ['none', null];
    return { label, story, at: t };
  });
  const stories = [
    { story: 'T1', trendingAt: 1 },
    { story: 'T2', trendingAt: 2 },
    { story: 'T3', trendingAt: null },
    { story: 'T4', trendingAt: 3 },
  ];

  it('counts trending stories mostly of none, per simulated day per 1,000 items/hour', () => {
    // 1 false alarm / 2 days / (2 items/h / 1,000) = 250
    expect(scoreFalseAlarms(items, stories)).toEqual({
      trendingStories: 3,
      falseAlarms: 1,
      stories: ['T1'],
      days: 2,
      itemsPerHour: 2,
      perDayPer1000ItemsPerHour: 250,
    });
  });

  it('has no rate for a stream that spans no time', () => {
    expect(scoreFalseAlarms([{ label: 'none', story: 'T1', at: 5 }], stories).perDayPer1000ItemsPerHour).toBeNull();
  });
});

describe('evaluate', () => {
  it('scores clustering over items not labelled none, an item outside every story on its own', () => {
    const items = [
      { id: 'a', label: 'L1', at: 0 },
      { id: 'b', label: 'L1', at: 1 },
      { id: 'c', label: 'L2', at: 2 },
      { id: 'd', label: 'none', at: 3 },
      { id: 'e', label: 'L2', at: 4 },
    ];
    const assignments = [
      { id: 'a', story: 'A' },
      { id: 'b', story: 'A' },
      { id: 'c', story: 'A' },
      { id: 'd', story: 'A' },
      { id: 'e', story: null },
    ];
    const e = evaluate(items, assignments, [{ story: 'A', trendingAt: null }]);
    // Scored: a, b, c in A and e alone. precision a 2/3, b 2/3, c 1/3, e 1 → (8/3)/4 = 2/3;
    // recall a 1, b 1, c 1/2, e 1/2 → 3/4. Pairs: together 3, same label 2, both 1 → P 1/3, R 1/2.
    expect(e.labelledItems).toBe(4);
    expect(e.clustering.bcubed.precision).toBeCloseTo(2 / 3, 10);
    expect(e.clustering.bcubed.recall).toBeCloseTo(3 / 4, 10);
    expect(e.clustering.pairwise.precision).toBeCloseTo(1 / 3, 10);
    expect(e.clustering.pairwise.recall).toBeCloseTo(1 / 2, 10);
    expect(e.clustering).toMatchObject({ stories: 2, labels: 2 });
  });
});
