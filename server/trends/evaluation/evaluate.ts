import { scoreAlarms, type AlarmOptions, type AlarmSummary } from './alarms.js';
import { bcubed, type ClusteredItem, type PrecisionRecall } from './bcubed.js';
import { scoreFalseAlarms, type FalseAlarmSummary } from './false-alarms.js';
import { pairwise } from './pairwise.js';

/** A stream item as scoring sees it: its id, true label and time (ms). */
export interface LabelledItem {
  id: string;
  label: string;
  at: number;
}

export interface Evaluation {
  items: number;
  /** Items whose label is not `none`: the ones clustering is scored over. */
  labelledItems: number;
  stories: number;
  trendingStories: number;
  clustering: {
    bcubed: PrecisionRecall;
    pairwise: PrecisionRecall;
    /** Distinct stories the labelled items ended in (an item without a story counts as its own). */
    stories: number;
    labels: number;
  };
  alarms: AlarmSummary;
  falseAlarms: FalseAlarmSummary;
}

/**
 * Scores a replay against the stream's labels, with the definitions of ../shared/data/README.md.
 * `assignments` gives each item's story (null when the detector kept it out of every story);
 * `stories` gives each story's first trending time as an ISO string or null.
 */
export function evaluate(
  items: readonly LabelledItem[],
  assignments: ReadonlyArray<{ id: string; story: string | null }>,
  stories: ReadonlyArray<{ story: string; trendingAt: string | null }>,
  options: Partial<AlarmOptions> = {},
): Evaluation {
  const noneLabel = options.noneLabel ?? 'none';
  const storyOf = new Map(assignments.map((a) => [a.id, a.story]));
  const timed = items.map((item) => ({ label: item.label, story: storyOf.get(item.id) ?? null, at: item.at }));
  const clustered: ClusteredItem[] = [];
  items.forEach((item, i) => {
    if (item.label === noneLabel) return;
    // An item outside every story is a story of its own: it shares nothing with its label.
    clustered.push({ cluster: timed[i]!.story ?? `\0alone:${item.id}`, label: item.label });
  });
  const trended = stories.map((s) => ({ story: s.story, trendingAt: s.trendingAt === null ? null : Date.parse(s.trendingAt) }));
  return {
    items: items.length,
    labelledItems: clustered.length,
    stories: stories.length,
    trendingStories: trended.filter((s) => s.trendingAt !== null).length,
    clustering: {
      bcubed: bcubed(clustered),
      pairwise: pairwise(clustered),
      stories: new Set(clustered.map((c) => c.cluster)).size,
      labels: new Set(clustered.map((c) => c.label)).size,
    },
    alarms: scoreAlarms(timed, trended, options),
    falseAlarms: scoreFalseAlarms(timed, trended, noneLabel),
  };
}

const fixed = (value: number, digits = 3) => value.toFixed(digits);

/** "1 h 05 min", "-12 min", "40 s": a signed duration for people. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '–';
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 60_000) return `${sign}${Math.round(abs / 1000)} s`;
  const minutes = Math.round(abs / 60_000);
  if (minutes < 60) return `${sign}${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${sign}${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${sign}${(abs / 86_400_000).toFixed(1)} d`;
}

/** The evaluation as a report for people. */
export function formatEvaluation(e: Evaluation, title?: string): string {
  const c = e.clustering;
  const a = e.alarms;
  const f = e.falseAlarms;
  const lines = [
    ...(title ? [title] : []),
    `Items: ${e.items} (${e.labelledItems} with a label other than none); stories: ${e.stories}, ${e.trendingStories} trending`,
    'Clustering (items whose label is not none):',
    `  B-cubed   P ${fixed(c.bcubed.precision)}  R ${fixed(c.bcubed.recall)}  F1 ${fixed(c.bcubed.f1)}`,
    `  pairwise  P ${fixed(c.pairwise.precision)}  R ${fixed(c.pairwise.recall)}  F1 ${fixed(c.pairwise.f1)}`,
    `  ${c.stories} stories for ${c.labels} labels`,
    `Alarms (labels with at least 30 items): ${a.raised}/${a.labels} raised, ${a.beforeOnset}/${a.labels} before onset`,
    `  median lead (onset − alarm): ${formatDuration(a.medianLeadMs)}; median first item → alarm: ${formatDuration(a.medianFirstToAlarmMs)}`,
    `False alarms (trending stories mostly of none): ${f.falseAlarms} of ${f.trendingStories} trending stories over ${f.days.toFixed(2)} simulated days at ${Math.round(f.itemsPerHour)} items/h` +
      ` = ${f.perDayPer1000ItemsPerHour === null ? '–' : f.perDayPer1000ItemsPerHour.toFixed(2)} per day per 1,000 items/h`,
  ];
  return `${lines.join('\n')}\n`;
}
