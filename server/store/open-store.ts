import { openLowdbStore } from './lowdb-store.js';
import { openPostgresStore } from './postgres-store.js';
import type { Store } from './store.js';

export interface StoreChoice {
  /** Set: the PostgreSQL database several server processes can share. */
  databaseUrl: string | null;
  /** Otherwise: the embedded lowdb files in this directory. */
  dataDir: string;
  /** Refuses writes (and, on PostgreSQL, never changes the schema). */
  readOnly?: boolean;
  log?: (message: string) => void;
}

/** The one place that decides which adapter serves the configured store. */
export function openStore({ databaseUrl, dataDir, readOnly = false, log }: StoreChoice): Promise<Store> {
  if (databaseUrl) return openPostgresStore({ connectionString: databaseUrl, readOnly, ...(log ? { log } : {}) });
  return openLowdbStore({ dataDir, readOnly });
}
