const SVG_NS = 'http://www.w3.org/2000/svg';

export interface SparklineOptions {
  width?: number;
  height?: number;
  /** Accessible description, e.g. "Items per bucket". */
  label?: string;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}

const round = (value: number): string => String(Math.round(value * 10) / 10);

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

/** An inline SVG sparkline of item counts per bucket, oldest first. */
export function sparkline(values: readonly number[], options: SparklineOptions = {}): SVGSVGElement {
  const width = options.width ?? 120;
  const height = options.height ?? 28;
  const total = values.reduce((sum, value) => sum + value, 0);
  const label = options.label ?? `Items per bucket, oldest first: ${values.join(', ') || 'none yet'}`;
  const root = svg('svg', {
    class: 'sparkline',
    viewBox: `0 0 ${width} ${height}`,
    width: String(width),
    height: String(height),
    role: 'img',
    'aria-label': label,
  });
  const title = svg('title', {});
  title.textContent = `${label} (${total} in total)`;
  root.appendChild(title);

  const points = sparklinePoints(values.length === 1 ? [values[0]!, values[0]!] : values, width, height);
  if (points.length === 0) {
    root.appendChild(svg('line', { class: 'sparkline-baseline', x1: '2', x2: String(width - 2), y1: String(height - 2), y2: String(height - 2) }));
    return root;
  }
  const line = points.map(([x, y]) => `${round(x)},${round(y)}`).join(' ');
  const first = points[0]!;
  const last = points[points.length - 1]!;
  root.appendChild(
    svg('polygon', {
      class: 'sparkline-area',
      points: `${round(first[0])},${height - 2} ${line} ${round(last[0])},${height - 2}`,
    }),
  );
  root.appendChild(svg('polyline', { class: 'sparkline-line', points: line }));
  root.appendChild(svg('circle', { class: 'sparkline-dot', cx: round(last[0]), cy: round(last[1]), r: '2' }));
  return root;
}
