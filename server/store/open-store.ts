import { openLowdbStore } from './lowdb-store.js';
import { openPostgresStore } from './postgres-store.js';
import type { Store } from './store.js';
import type { SnapshotStore } from './store-snapshot.js';

export interface StoreChoice {
  /** Set: the PostgreSQL database several server processes can share. */
  databaseUrl: string | null;
  /** Otherwise: the embedded lowdb files in this directory. */
  dataDir: string;
  /** Refuses writes (and, on PostgreSQL, never changes the schema). */
  readOnly?: boolean;
  log?: (message: string) => void;
}

/** The store the server and the commands use: the Store port, without the snapshot methods. */
export function openStore(choice: StoreChoice): Promise<Store> {
  return openSnapshotStore(choice);
}

/**
 * The one place that decides which adapter serves the configured store. With the adapter's
 * snapshot methods: only `tidewatch export|import` call this directly.
 */
export function openSnapshotStore({ databaseUrl, dataDir, readOnly = false, log }: StoreChoice): Promise<SnapshotStore> {
  if (databaseUrl) return openPostgresStore({ connectionString: databaseUrl, readOnly, ...(log ? { log } : {}) });
  return openLowdbStore({ dataDir, readOnly });
}
