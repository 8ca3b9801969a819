/** The data on disk cannot be trusted: the store refuses to start rather than start empty. */
export class StoreCorruptError extends Error {
  constructor(readonly location: string, reason: string) {
    super(
      `the data file ${location} is damaged (${reason}). Tidewatch will not start on it, so nothing is overwritten. ` +
        `Restore it from a backup, or move it aside to start with an empty store.`,
    );
    this.name = 'StoreCorruptError';
  }
}

/** Another live process holds the data directory: two writers on one file would lose writes. */
export class StoreLockedError extends Error {
  constructor(readonly location: string, readonly pid: number) {
    super(`the data directory ${location} is in use by process ${pid}. Stop that process or choose another --data directory.`);
    this.name = 'StoreLockedError';
  }
}

/** A write did not reach the disk; the store stops accepting writes instead of diverging from it. */
export class StoreWriteError extends Error {
  constructor(readonly location: string, cause: unknown) {
    super(`could not write ${location}: ${(cause as Error)?.message ?? String(cause)}. Check the disk, then restart Tidewatch.`);
    this.name = 'StoreWriteError';
  }
}

/** A command was based on an older rev of a record than the one stored: somebody else acted first. */
export class RecordConflictError extends Error {
  constructor(
    readonly kind: string,
    readonly id: string,
    readonly expectedRev: number | null,
    /** The record as it is now (null when it does not exist). */
    readonly current: unknown,
  ) {
    super(
      expectedRev === null
        ? `${kind} ${id} already exists`
        : current === null
          ? `${kind} ${id} no longer exists`
          : `${kind} ${id} changed meanwhile (you had rev ${expectedRev}, it is now at rev ${(current as { rev: number }).rev})`,
    );
    this.name = 'RecordConflictError';
  }
}

/** The database could not be reached or refused us: nothing was read or written. */
export class StoreUnavailableError extends Error {
  /** `location` names the database and its server, as StoreInfo does ("database tidewatch on db:5432"). */
  constructor(readonly location: string, cause: unknown) {
    super(`cannot reach ${location}: ${(cause as Error)?.message ?? String(cause)}. Check DATABASE_URL and that PostgreSQL is running.`);
    this.name = 'StoreUnavailableError';
  }
}

/** The database's schema is not the one this code reads and writes. */
export class StoreSchemaError extends Error {
  constructor(readonly location: string, reason: string) {
    super(`${location} cannot be used: ${reason}.`);
    this.name = 'StoreSchemaError';
  }
}

/** `tidewatch import` was refused by the store it loads into; nothing was written. */
export class StoreImportError extends Error {
  constructor(readonly location: string, reason: string) {
    super(`cannot import into ${location}: ${reason}`);
    this.name = 'StoreImportError';
  }
}
