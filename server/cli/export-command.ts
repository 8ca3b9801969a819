import { resolve } from 'node:path';
import { writeExportFile } from '../store/export-file.js';
import { commandConfig, openSnapshotCommandStore } from './cli-support.js';
import { CliError, FAILED, parseCommandArgs, type CliIo } from './cli-io.js';
import { copyProgress, describeCounts, sealedCredentialsNote } from './copy-report.js';

const USAGE = `Usage:
  tidewatch export --out FILE [--data DIR] [--config FILE]
      Writes the whole store (the PostgreSQL database of DATABASE_URL when set, else the data
      directory) to FILE as JSON Lines: a header with the counts and the head of the event log,
      then every source, item, story and workflow record, and the whole event log with its
      hashes. \`tidewatch import FILE\` loads it into an empty store of either kind.
      Safe while the server runs: the file holds the store as it was when the export began.
      The file holds password hashes, sealed credentials and the sources' options, so it is made
      readable by its owner only (mode 0600); keep it as you keep the data.
`;

const OPTIONS = {
  out: { type: 'string' },
  data: { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `tidewatch export`: reads a read-only store, so nothing it does can change the data. */
export async function exportCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, 'export');
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new CliError(`unexpected "${positionals.join(' ')}". Run \`tidewatch export --help\`.`);
  if (!values.out) throw new CliError('name the file to write: `tidewatch export --out FILE`');
  const out = resolve(values.out);
  const config = commandConfig(values);
  const store = await openSnapshotCommandStore(config, 'read');
  try {
    const view = await store.readSnapshot();
    try {
      const header = await writeExportFile(view, out, store.info(), copyProgress(io)).catch((error: unknown) => {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'EACCES' || code === 'EROFS' || code === 'ENOSPC') throw new CliError(`cannot write ${out}: ${(error as Error).message}`, FAILED);
        throw error;
      });
      io.out(
        `Exported ${describeCounts(header.counts)} from ${header.from.location} to ${out}` +
          `${header.lastSeq > 0 ? `; the event log ends at event ${header.lastSeq} (head ${header.head.slice(0, 16)})` : ''}.\n`,
      );
      io.out(sealedCredentialsNote(header.counts));
      return 0;
    } finally {
      await view.close();
    }
  } finally {
    await store.close();
  }
}
