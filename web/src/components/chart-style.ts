import type uPlot from 'uplot';

/** The board's axis style for every uPlot chart: quiet grid, readable labels. */
export const CHART_AXIS = { stroke: '#4b5563', grid: { stroke: '#e2e5ea' }, ticks: { stroke: '#cbd2db' } };

/** What every chart of the board shares: its size, a legend that does not follow the pointer, no cursor. */
export function chartFrame(width: number, height: number): Pick<uPlot.Options, 'width' | 'height' | 'legend' | 'cursor'> {
  return { width, height, legend: { show: true, live: false }, cursor: { show: false } };
}

/** A count scale from zero, at least up to `least`: a line that climbs from 40 to 44 should not look like a surge. */
export function fromZero(least: number): uPlot.Range.Function {
  return (_u, _min, max) => [0, Math.max(least, max)];
}
