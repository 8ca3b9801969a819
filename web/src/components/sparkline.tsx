/** The points of a sparkline for `values`, scaled into a width × height box (y grows down). */
export function sparklinePoints(values: readonly number[], width: number, height: number, pad = 2): [number, number][] {
  if (values.length === 0) return [];
  const max = Math.max(1, ...values);
  const innerHeight = height - pad * 2;
  const step = values.length > 1 ? (width - pad * 2) / (values.length - 1) : 0;
  return values.map((value, index) => [
    pad + (values.length > 1 ? index * step : (width - pad * 2) / 2),
    pad + innerHeight - (Math.max(0, value) / max) * innerHeight,
  ]);
}

const round = (value: number): string => String(Math.round(value * 10) / 10);

/**
 * An inline SVG sparkline of item counts per bucket, oldest first. A chart library would be
 * heavier than the chart here: one per card, hundreds on a wall display.
 */
export function Sparkline({ values, label, width = 120, height = 28 }: { values: readonly number[]; label?: string; width?: number; height?: number }) {
  const total = values.reduce((sum, value) => sum + value, 0);
  const description = label ?? `Items per bucket, oldest first: ${values.join(', ') || 'none yet'}`;
  const points = sparklinePoints(values.length === 1 ? [values[0]!, values[0]!] : values, width, height);
  const line = points.map(([x, y]) => `${round(x)},${round(y)}`).join(' ');
  const first = points[0];
  const last = points.at(-1);
  return (
    <svg class="sparkline" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={description}>
      <title>{`${description} (${total} in total)`}</title>
      {first && last ? (
        <>
          <polygon class="sparkline-area" points={`${round(first[0])},${height - 2} ${line} ${round(last[0])},${height - 2}`} />
          <polyline class="sparkline-line" points={line} />
          <circle class="sparkline-dot" cx={round(last[0])} cy={round(last[1])} r="2" />
        </>
      ) : (
        <line class="sparkline-baseline" x1="2" x2={width - 2} y1={height - 2} y2={height - 2} />
      )}
    </svg>
  );
}
