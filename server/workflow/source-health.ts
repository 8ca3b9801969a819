import { healthWithDefaults, type Source, type SourceHealth } from '../domain/index.js';
import { countItems, itemsPerHour } from './items-per-hour.js';

export interface RunReport {
  /** When the run (or the push) started and ended. */
  startedAt: Date;
  endedAt: Date;
  nextPollAt: Date | null;
}

/** The health after a good run or an accepted push: failures reset, the new items counted. */
export function healthAfterSuccess(source: Source, report: RunReport & { inserted: number; warnings: string[] }): SourceHealth {
  const before = healthWithDefaults(source.health);
  const at = report.startedAt.toISOString();
  const itemsByHour = countItems(before.itemsByHour, report.endedAt, report.inserted);
  return {
    ...before,
    status: 'healthy',
    lastRunAt: at,
    lastSuccessAt: at,
    lastError: null,
    consecutiveFailures: 0,
    itemsLastRun: report.inserted,
    nextPollAt: report.nextPollAt?.toISOString() ?? null,
    warnings: report.warnings,
    itemsByHour,
    itemsPerHour: itemsPerHour(itemsByHour, report.endedAt, source.createdAt),
  };
}

/** The health after a failed run: the reason in words, one more failure in a row. */
export function healthAfterFailure(source: Source, report: RunReport & { lastError: string }): SourceHealth {
  const before = healthWithDefaults(source.health);
  const itemsByHour = countItems(before.itemsByHour, report.endedAt, 0);
  return {
    ...before,
    status: 'unhealthy',
    lastRunAt: report.startedAt.toISOString(),
    lastError: report.lastError,
    consecutiveFailures: before.consecutiveFailures + 1,
    itemsLastRun: 0,
    nextPollAt: report.nextPollAt?.toISOString() ?? null,
    warnings: [],
    itemsByHour,
    itemsPerHour: itemsPerHour(itemsByHour, report.endedAt, source.createdAt),
  };
}
