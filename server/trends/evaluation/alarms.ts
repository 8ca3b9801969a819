import { median } from './stats.js';

export const HOUR_MS = 3_600_000;

/** A labelled item of the stream: its true label, the story it ended in (null: none) and its time (ms). */
export interface TimedItem {
  label: string;
  story: string | null;
  at: number;
}

/** A story of the replay: when it first trended (ms), or null when it never did. */
export interface TrendedStory {
  story: string;
  trendingAt: number | null;
}

export interface AlarmOptions {
  /** Labels with fewer items are not scored (the data README: 30). */
  minItems: number;
  /** A story raises its label's alarm when it holds this share of the label's items… */
  minShare: number;
  /** …or at least this many of them. */
  minCount: number;
  /** Onset: the label's count over the preceding hour first reaches this share of its peak. */
  onsetShare: number;
  /** The label of unrelated chatter, never scored for alarms. */
  noneLabel: string;
}

export const DEFAULT_ALARM_OPTIONS: AlarmOptions = { minItems: 30, minShare: 0.2, minCount: 30, onsetShare: 0.1, noneLabel: 'none' };

export interface LabelAlarm {
  label: string;
  items: number;
  firstAt: number;
  /** The highest count of the label's items in any hour (a window ending at one of its items). */
  peakHourly: number;
  onset: number;
  /** Earliest trendingAt of the stories that hold enough of the label; null when none trended. */
  alarm: number | null;
  /** onset − alarm: positive when the alarm came first. */
  leadMs: number | null;
  firstToAlarmMs: number | null;
}

export interface AlarmSummary {
  /** Labels with enough items to be scored. */
  labels: number;
  raised: number;
  /** Alarms strictly before the label's onset. */
  beforeOnset: number;
  medianLeadMs: number | null;
  medianFirstToAlarmMs: number | null;
  perLabel: LabelAlarm[];
}

/**
 * The label's onset and peak: the count over the preceding hour (items in (t − 1 h, t]) is taken
 * at each of the label's item times; the peak is its highest value and the onset the first time
 * it reaches `share` of the peak. `times` need not be sorted.
 */
export function labelOnset(times: readonly number[], share: number): { onset: number; peakHourly: number } {
  const sorted = [...times].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error('a label without items has no onset');
  const hourly: number[] = new Array(sorted.length);
  let start = 0;
  for (let i = 0; i < sorted.length; i++) {
    const t = sorted[i]!;
    // Items at the same moment count together: the window ends after the last of them.
    let end = i;
    while (end + 1 < sorted.length && sorted[end + 1] === t) end++;
    while (sorted[start]! <= t - HOUR_MS) start++;
    hourly[i] = end - start + 1;
  }
  const peakHourly = Math.max(...hourly);
  const index = hourly.findIndex((count) => count >= share * peakHourly);
  return { onset: sorted[index]!, peakHourly };
}

/** The trending alarms of the data README, per label and summed up. */
export function scoreAlarms(items: readonly TimedItem[], stories: readonly TrendedStory[], options: Partial<AlarmOptions> = {}): AlarmSummary {
  const o = { ...DEFAULT_ALARM_OPTIONS, ...options };
  const trendingAt = new Map(stories.map((s) => [s.story, s.trendingAt]));
  const byLabel = new Map<string, TimedItem[]>();
  for (const item of items) {
    if (item.label === o.noneLabel) continue;
    const list = byLabel.get(item.label);
    if (list) list.push(item);
    else byLabel.set(item.label, [item]);
  }
  const perLabel: LabelAlarm[] = [];
  for (const [label, list] of byLabel) {
    if (list.length < o.minItems) continue;
    const held = new Map<string, number>();
    for (const item of list) if (item.story !== null) held.set(item.story, (held.get(item.story) ?? 0) + 1);
    let alarm: number | null = null;
    for (const [story, count] of held) {
      if (count < o.minShare * list.length && count < o.minCount) continue;
      const at = trendingAt.get(story) ?? null;
      if (at !== null && (alarm === null || at < alarm)) alarm = at;
    }
    const times = list.map((item) => item.at);
    const firstAt = Math.min(...times);
    const { onset, peakHourly } = labelOnset(times, o.onsetShare);
    perLabel.push({
      label,
      items: list.length,
      firstAt,
      peakHourly,
      onset,
      alarm,
      leadMs: alarm === null ? null : onset - alarm,
      firstToAlarmMs: alarm === null ? null : alarm - firstAt,
    });
  }
  perLabel.sort((a, b) => a.firstAt - b.firstAt || a.label.localeCompare(b.label));
  const raised = perLabel.filter((l) => l.alarm !== null);
  return {
    labels: perLabel.length,
    raised: raised.length,
    beforeOnset: raised.filter((l) => l.leadMs! > 0).length,
    medianLeadMs: median(raised.map((l) => l.leadMs!)),
    medianFirstToAlarmMs: median(raised.map((l) => l.firstToAlarmMs!)),
    perLabel,
  };
}
