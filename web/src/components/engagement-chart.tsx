import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import type { EngagementSample } from '../post-engagement.js';
import { formatAbsolute, formatClock } from '../relative-time.js';
import { CHART_AXIS, chartFrame, fromZero } from './chart-style.js';
import { useUPlot } from './use-uplot.js';
import '../styles/engagement.css';

const HEIGHT = 140;

const SERIES = [
  { key: 'likes', label: 'Likes', stroke: '#0b5cad' },
  { key: 'reposts', label: 'Reposts', stroke: '#0f766e' },
  { key: 'replies', label: 'Replies', stroke: '#b45309' },
] as const;

function chartOptions(width: number): uPlot.Options {
  return {
    ...chartFrame(width, HEIGHT),
    scales: { x: { time: true }, y: { range: fromZero(1) } },
    axes: [CHART_AXIS, { ...CHART_AXIS, size: 44 }],
    series: [{}, ...SERIES.map(({ label, stroke }) => ({ label, stroke, width: 2, points: { show: true, size: 5, fill: stroke } }))],
  };
}

/**
 * A post's likes, reposts and replies at each reading, oldest first. As with the value curve,
 * the chart is for the eye and the table under it carries the same figures for everyone.
 */
export function EngagementChart({ samples, caption }: { samples: readonly EngagementSample[]; caption: preact.ComponentChildren }) {
  const data = useMemo<uPlot.AlignedData | null>(() => (samples.length === 0 ? null : [samples.map((sample) => Date.parse(sample.at) / 1000), ...SERIES.map(({ key }) => samples.map((sample) => sample[key]))]), [samples]);
  const host = useUPlot(chartOptions, HEIGHT, data);

  return (
    <figure class="engagement-chart" data-testid="engagement-chart" data-readings={samples.length}>
      <figcaption>{caption}</figcaption>
      {samples.length > 0 && <div class="engagement-plot" ref={host} aria-hidden="true" />}
      {samples.length > 0 && (
        <details class="engagement-readings">
          <summary>
            {samples.length} {samples.length === 1 ? 'reading' : 'readings'}
          </summary>
          <table class="engagement-table">
            <caption class="visually-hidden">Likes, reposts and replies at each reading, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Read at</th>
                <th scope="col">Likes</th>
                <th scope="col">Reposts</th>
                <th scope="col">Replies</th>
              </tr>
            </thead>
            <tbody>
              {samples.map((sample) => (
                <tr key={sample.at} data-testid="engagement-reading">
                  <th scope="row">
                    <time dateTime={sample.at} title={formatAbsolute(sample.at)}>
                      {formatClock(sample.at)}
                    </time>
                  </th>
                  <td>{sample.likes}</td>
                  <td>{sample.reposts}</td>
                  <td>{sample.replies}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}
