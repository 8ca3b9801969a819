import { describeContents, recordCount, type SnapshotCounts } from '../store/store-snapshot.js';
import type { CliIo } from './cli-io.js';

/** Lines between progress notes: a long copy says how far it got, a short one stays quiet. */
const PROGRESS_EVERY = 5_000;

/** `copied 5000 of 12034 records and events (41%)…` on stderr, every few thousand lines. */
export function copyProgress(io: CliIo): (done: number, total: number) => void {
  return (done, total) => {
    if (done % PROGRESS_EVERY === 0) io.err(`copied ${done} of ${total} records and events (${Math.floor((done * 100) / total)}%)…\n`);
  };
}

/** "2 sources, 6010 items, 3 stories, 41 workflow records and 87 events". */
export function describeCounts(counts: SnapshotCounts): string {
  return describeContents({ ...counts, records: recordCount(counts) });
}

/** Sealed credentials travel as they are; the key that opens them does not. */
export function sealedCredentialsNote(counts: SnapshotCounts): string {
  const accounts = counts.records.account;
  if (accounts === 0) return '';
  return (
    `The credentials of the ${accounts} publishing account${accounts === 1 ? '' : 's'} stay sealed: the store they go to needs the same secret key ` +
    '(TIDEWATCH_SECRET_KEY, or secret.key from the data directory) to send through them.\n'
  );
}
