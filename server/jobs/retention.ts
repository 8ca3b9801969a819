import cron from 'node-cron';
import type { RetentionReport } from '../store/stewardship.js';
import type { Store } from '../store/store.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionJob {
  /** One pass now: items fetched more than `retentionDays` ago that no opportunity holds go. */
  run(): Promise<RetentionReport>;
  stop(): Promise<void>;
}

export interface RetentionOptions {
  store: Store;
  retentionDays: number;
  clock: () => Date;
  log: (message: string) => void;
  /** When the daily pass runs (cron, server time); default 03:17, away from the hour's polls. */
  schedule?: string;
  /** Run one pass at start (default): a leader that starts after downtime catches up at once. */
  runAtStart?: boolean;
}

/** The cutoff of a pass: `days` before now. */
export function retentionCutoff(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}

/**
 * Retention (issue 9): once a day, on the leader only (started with the other background work in
 * main.ts), deletes the items past the period that no opportunity holds and redacts them in the
 * event log (Store.applyRetention). Passes never overlap; a failed pass is logged and the next
 * day's tries again.
 */
export function startRetentionJob({ store, retentionDays, clock, log, schedule = '17 3 * * *', runAtStart = true }: RetentionOptions): RetentionJob {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new Error(`retentionDays must be a whole number of days, at least 1; got ${retentionDays}`);
  let running: Promise<RetentionReport> | null = null;
  async function pass(): Promise<RetentionReport> {
    const cutoff = retentionCutoff(clock(), retentionDays);
    log(`Retention: deleting items fetched before ${cutoff} (${retentionDays} days) that no opportunity holds…`);
    const report = await store.applyRetention(cutoff, 'system');
    log(
      report.items.length === 0
        ? 'Retention: nothing to delete.'
        : `Retention: deleted ${report.items.length} item(s) and redacted them in ${report.redactedEvents.length} event(s) of the log; stories and the log's chain are kept.`,
    );
    return report;
  }
  function run(): Promise<RetentionReport> {
    running ??= pass().finally(() => (running = null));
    return running;
  }
  const onError = (error: unknown) => log(`retention failed: ${(error as Error).message}; the next pass tries again`);
  const task = cron.schedule(schedule, () => run().catch(onError), { name: 'retention', noOverlap: true });
  if (runAtStart) void run().catch(onError);
  return {
    run,
    stop: async () => {
      await task.destroy();
      await running?.catch(() => undefined);
    },
  };
}
