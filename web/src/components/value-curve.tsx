import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import type { ValuePoint } from '../api.js';
import { formatClock } from '../relative-time.js';
import { CHART_AXIS } from './chart-style.js';
import { useUPlot } from './use-uplot.js';
import { scorePercent } from './score-meter.js';
import '../styles/opportunity.css';

const HEIGHT = 150;

function chartOptions(width: number): uPlot.Options {
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: true }, y: { range: [0, 1] } },
    axes: [
      CHART_AXIS,
      { ...CHART_AXIS, size: 52, values: (_u, values) => values.map((value) => `${Math.round(value * 100)}%`) },
    ],
    series: [{}, { label: 'Value', stroke: '#0b5cad', width: 2, fill: 'rgba(11, 92, 173, 0.12)', points: { show: true, size: 8, fill: '#0b5cad' } }],
  };
}

/**
 * What a reaction is still worth if it ships now, in 30 minutes or in 2 hours. The chart is for
 * the eye; the table beside it carries the same figures for everyone, screen readers included.
 */
export function ValueCurve({ points }: { points: readonly ValuePoint[] }) {
  const data = useMemo<uPlot.AlignedData | null>(() => (points.length === 0 ? null : [points.map((point) => Date.parse(point.at) / 1000), points.map((point) => point.value)]), [points]);
  const host = useUPlot(chartOptions, HEIGHT, data);

  if (points.length === 0) return null;
  const first = points[0]!.value;
  return (
    <figure class="value-curve" data-testid="value-curve">
      <div class="value-chart" ref={host} aria-hidden="true" />
      <table class="value-table">
        <caption class="visually-hidden">What a reaction is worth, by when it ships</caption>
        <thead>
          <tr>
            <th scope="col">Ships</th>
            <th scope="col">At</th>
            <th scope="col">Worth</th>
          </tr>
        </thead>
        <tbody>
          {points.map((point) => {
            const lost = first > 0 ? Math.round((1 - point.value / first) * 100) : 0;
            return (
              <tr key={point.label} data-testid="value-point" data-label={point.label} data-value={point.value}>
                <th scope="row">{point.label}</th>
                <td>
                  <time dateTime={point.at}>{formatClock(point.at)}</time>
                </td>
                <td>
                  <strong>{scorePercent(point.value)}%</strong>
                  {point.value === 0 ? <span class="value-lost"> (window closed)</span> : point !== points[0] && lost > 0 && <span class="value-lost"> ({lost}% less than now)</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </figure>
  );
}
