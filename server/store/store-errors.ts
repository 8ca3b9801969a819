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
