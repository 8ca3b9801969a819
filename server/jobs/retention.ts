import cron from 'node-cron';
import type { RetentionReport } from '../store/stewardship.js';
import type { Store } from '../store/store.js';
import { tallyDaysBefore, type TallyReport } from './day-tallies.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a pass did: the days it kept in aggregate, then the items it deleted. */
export interface RetentionPass extends RetentionReport {
  tallied: TallyReport;
}

export interface RetentionJob {
  /**
   * One pass now: the item figures of the days before the cutoff are kept as day tallies, then
   * the items fetched more than `retentionDays` ago that no opportunity holds go.
   */
  run(): Promise<RetentionPass>;
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
 * main.ts), keeps the item figures of the days before the cutoff in aggregate (day-tallies.ts),
 * then deletes the items past the period that no opportunity holds and redacts them in the event
 * log (Store.applyRetention). Passes never overlap; a failed pass is logged and the next day's
 * tries again; when tallying fails nothing is deleted.
 */
export function startRetentionJob({ store, retentionDays, clock, log, schedule = '17 3 * * *', runAtStart = true }: RetentionOptions): RetentionJob {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new Error(`retentionDays must be a whole number of days, at least 1; got ${retentionDays}`);
  let running: Promise<RetentionPass> | null = null;
  async function pass(): Promise<RetentionPass> {
    const now = clock();
    const cutoff = retentionCutoff(now, retentionDays);
    log(`Retention: deleting items fetched before ${cutoff} (${retentionDays} days) that no opportunity holds…`);
    const tallied = await tallyDaysBefore(store, cutoff, now.toISOString(), 'system');
    if (tallied.days.length > 0) {
      const span = tallied.days.length === 1 ? tallied.days[0] : `${tallied.days[0]} to ${tallied.days.at(-1)}`;
      log(`Retention: kept the item figures of ${tallied.days.length} day(s) (${span}) in aggregate: ${tallied.tallies} day tally(ies) of ${tallied.items} item(s).`);
    }
    const report = await store.applyRetention(cutoff, 'system');
    log(
      report.items.length === 0
        ? 'Retention: nothing to delete.'
        : `Retention: deleted ${report.items.length} item(s) and redacted them in ${report.redactedEvents.length} event(s) of the log; stories and the log's chain are kept.`,
    );
    return { ...report, tallied };
  }
  function run(): Promise<RetentionPass> {
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
