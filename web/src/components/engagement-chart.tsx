import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { EngagementSample } from '../post-engagement.js';
import { formatAbsolute, formatClock } from '../relative-time.js';
import '../styles/engagement.css';

const HEIGHT = 140;

const SERIES = [
  { key: 'likes', label: 'Likes', stroke: '#0b5cad' },
  { key: 'reposts', label: 'Reposts', stroke: '#0f766e' },
  { key: 'replies', label: 'Replies', stroke: '#b45309' },
] as const;

function chartOptions(width: number): uPlot.Options {
  const axis = { stroke: '#4b5563', grid: { stroke: '#e2e5ea' }, ticks: { stroke: '#cbd2db' } };
  return {
    width,
    height: HEIGHT,
    legend: { show: true, live: false },
    cursor: { show: false },
    // Counts start at zero: a line that climbs from 40 to 44 should not look like a surge.
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    axes: [axis, { ...axis, size: 44 }],
    series: [{}, ...SERIES.map(({ label, stroke }) => ({ label, stroke, width: 2, points: { show: true, size: 5, fill: stroke } }))],
  };
}

/**
 * A post's likes, reposts and replies at each reading, oldest first. As with the value curve,
 * the chart is for the eye and the table under it carries the same figures for everyone.
 */
export function EngagementChart({ samples, caption }: { samples: readonly EngagementSample[]; caption: preact.ComponentChildren }) {
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = host.current;
    if (!element || samples.length === 0) return;
    const data: uPlot.AlignedData = [samples.map((sample) => Date.parse(sample.at) / 1000), ...SERIES.map(({ key }) => samples.map((sample) => sample[key]))];
    const plot = new uPlot(chartOptions(Math.max(200, element.clientWidth)), data, element);
    // The chart has a fixed pixel size: follow the panel when the window or layout changes.
    const resize = new ResizeObserver(() => {
      const width = Math.max(200, element.clientWidth);
      if (width !== plot.width) plot.setSize({ width, height: HEIGHT });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [samples]);

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
