import { soleLeadership, type Leadership } from './leadership.js';
import { startPostgresLeadership } from './postgres-leadership.js';

/** Beside open-store.ts: the store that is chosen decides how the leader is. */
export function openLeadership({ databaseUrl, log }: { databaseUrl: string | null; log: (message: string) => void }): Leadership {
  // Several processes may share a PostgreSQL database: they elect one. A data directory has one process.
  return databaseUrl ? startPostgresLeadership({ connectionString: databaseUrl, log }) : soleLeadership();
}
