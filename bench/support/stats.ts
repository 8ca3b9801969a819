// Small figures shared by the benchmarks: percentiles of a sorted list, a latency histogram for
// runs with too many samples to keep, peak memory, and flags read the same way everywhere.
import { parseArgs } from 'node:util';

/** The p-th percentile (0–100) of an ascending list; NaN when empty. */
export const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/** Milliseconds, counted in 0.1 ms steps up to 10 s and in 10 ms steps up to 10 min: percentiles without keeping every sample. */
export class LatencyHistogram {
  private readonly fine = new Float64Array(100_000);
  private readonly coarse = new Float64Array(60_000);
  private over = 0;
  count = 0;
  max = 0;

  add(ms: number, times = 1): void {
    const value = Math.max(0, ms);
    if (value < 10_000) this.fine[Math.floor(value * 10)]! += times;
    else if (value < 600_000) this.coarse[Math.floor(value / 10)]! += times;
    else this.over += times;
    this.count += times;
    if (value > this.max) this.max = value;
  }

  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    let rank = Math.ceil((p / 100) * this.count);
    for (let i = 0; i < this.fine.length; i++) if ((rank -= this.fine[i]!) <= 0) return i / 10;
    for (let i = 1_000; i < this.coarse.length; i++) if ((rank -= this.coarse[i]!) <= 0) return i * 10;
    return this.max;
  }

  summary(): string {
    const f = (ms: number) => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0));
    return `p50 ${f(this.percentile(50))} ms, p95 ${f(this.percentile(95))} ms, p99 ${f(this.percentile(99))} ms, max ${f(this.max)} ms (${this.count} samples)`;
  }
}

/** Peak RSS and heap of this process, sampled whenever `sample()` is called. */
export class MemoryPeaks {
  rss = 0;
  heap = 0;
  sample(): void {
    const memory = process.memoryUsage();
    if (memory.rss > this.rss) this.rss = memory.rss;
    if (memory.heapUsed > this.heap) this.heap = memory.heapUsed;
  }
  /** The kernel's own high-water mark of RSS, beside the samples'. */
  maxRss(): number {
    return Math.max(this.rss, process.resourceUsage().maxRSS * 1024);
  }
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** `--name value` flags with defaults, plus `--quick`: each script gives its full and quick values. */
export function benchFlags<const N extends string>(full: Record<N, string>, quick: Record<N, string>): Record<N, string> & { quick: boolean } {
  const options = Object.fromEntries([...Object.keys(full).map((name) => [name, { type: 'string' as const }]), ['quick', { type: 'boolean' as const }]]);
  const values = parseArgs({ options, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  const isQuick = values['quick'] === true;
  const chosen = Object.fromEntries(Object.keys(full).map((name) => [name, (values[name] as string | undefined) ?? (isQuick ? quick[name as N] : full[name as N])]));
  return { ...(chosen as Record<N, string>), quick: isQuick };
}
