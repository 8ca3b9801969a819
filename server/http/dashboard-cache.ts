import type { Dashboard } from '../domain/index.js';
import { HttpError } from './http-error.js';

export interface DashboardCacheOptions {
  /** How long a computed dashboard answers the same request again. */
  ttlMs: number;
  /** Computations at once; the others wait their turn. */
  concurrent: number;
  /** Requests waiting at most; past that the answer is 503 with Retry-After. */
  maxWaiting: number;
}

const DEFAULTS: DashboardCacheOptions = { ttlMs: 15_000, concurrent: 1, maxWaiting: 32 };

/**
 * The dashboard's figures are computed from every record, the period's events and its items.
 * Sixteen requests at once each held all of that in memory together and the server ran out of
 * it (bench/http-reads.ts, 10,000 opportunities on lowdb: the connection reset). So computations
 * run one at a time by default, and a request that asks what another asked within `ttlMs`
 * (the board's charts and their CSV links, several members on one view) shares its answer.
 */
export class DashboardCache {
  private readonly options: DashboardCacheOptions;
  private readonly entries = new Map<string, { at: number; value: Promise<Dashboard> }>();
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly now: () => number,
    options: Partial<DashboardCacheOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** The dashboard for `key` (the request's own parameters): computed, or shared while fresh. */
  get(key: string, compute: () => Promise<Dashboard>): Promise<Dashboard> {
    const at = this.now();
    const fresh = this.entries.get(key);
    if (fresh && at - fresh.at < this.options.ttlMs) return fresh.value;
    this.forgetStale(at);
    const value = this.limited(compute);
    const entry = { at, value };
    this.entries.set(key, entry);
    // A failure is not kept: the next request tries again.
    value.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    return value;
  }

  private async limited(compute: () => Promise<Dashboard>): Promise<Dashboard> {
    await this.acquire();
    try {
      return await compute();
    } finally {
      this.release();
    }
  }

  private async acquire(): Promise<void> {
    if (this.running < this.options.concurrent) {
      this.running += 1;
      return;
    }
    if (this.waiting.length >= this.options.maxWaiting) {
      throw new HttpError(503, 'busy', 'the dashboard is being computed for many requests at once; try again in a few seconds', undefined, { 'Retry-After': '5' });
    }
    // The slot is handed over by release(), so no newcomer slips in between.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }

  private forgetStale(at: number): void {
    for (const [key, entry] of this.entries) if (at - entry.at >= this.options.ttlMs) this.entries.delete(key);
  }
}
