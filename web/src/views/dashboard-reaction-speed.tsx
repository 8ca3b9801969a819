import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { CHART_AXIS, chartFrame, fromZero } from '../components/chart-style.js';
import { useUPlot } from '../components/use-uplot.js';
import { hasReactions, REACTION_STEPS, weeklySeries } from '../dashboard-figures.js';
import { formatDay, formatMinutes } from '../dashboard-format.js';
import type { Dashboard } from '../dashboard-wire.js';
import { ChartFrame } from './dashboard-chart.js';
import { SpreadTable } from './dashboard-spread-table.js';

const HEIGHT = 220;

function chartOptions(width: number): uPlot.Options {
  return {
    ...chartFrame(width, HEIGHT),
    scales: { x: { time: true }, y: { range: fromZero(10) } },
    axes: [
      { ...CHART_AXIS, values: (_u, values) => values.map((value) => formatDay(new Date(value * 1000).toISOString())) },
      { ...CHART_AXIS, size: 72, values: (_u, values) => values.map((value) => formatMinutes(value)) },
    ],
    series: [
      {},
      ...REACTION_STEPS.flatMap(({ label, stroke }) => [
        { label: `${label} (median)`, stroke, width: 2, points: { show: true, size: 6, fill: stroke }, spanGaps: false },
        { label: `${label} (p90)`, stroke, width: 1, dash: [5, 4], points: { show: false } },
      ]),
    ],
  };
}

/** How fast the newsroom reacts, week by week, with the same figures per beat and per channel. */
export function ReactionSpeedChart({ dashboard, query }: { dashboard: Dashboard; query: string }) {
  const { byWeek, byBeat, byChannel } = dashboard.reactionSpeed;
  const measured = hasReactions(byWeek);
  const data = useMemo(() => (measured ? (weeklySeries(byWeek) as uPlot.AlignedData) : null), [byWeek, measured]);
  const host = useUPlot(chartOptions, HEIGHT, data);
  return (
    <ChartFrame
      chart="reaction-speed"
      title="Reaction speed"
      explanation="Minutes from a story's first item to its opportunity, first draft, approval and publication: median (solid) and p90 (dashed), per week."
      query={query}
      empty={measured ? null : 'No opportunities were raised in this period: widen the range or pick another beat.'}
    >
      <div class="dashboard-plot" ref={host} aria-hidden="true" />
      <SpreadTable rows={byWeek} groupLabel="Week" caption="Per week (weeks start on Monday, UTC)" testid="speed-by-week" labelOf={(row) => `Week of ${formatDay(row.group, true)}`} />
      <div class="dashboard-pair">
        {byBeat.length > 0 && <SpreadTable rows={byBeat} groupLabel="Beat" caption="Per beat" testid="speed-by-beat" />}
        {byChannel.length > 0 && <SpreadTable rows={byChannel} groupLabel="Channel" caption="Per channel" testid="speed-by-channel" />}
      </div>
    </ChartFrame>
  );
}
