import { resolve } from 'node:path';
import { ExportFileError, openExportFile, type ExportFile } from '../store/export-file.js';
import { StoreImportError } from '../store/store-errors.js';
import { commandConfig, openSnapshotCommandStore } from './cli-support.js';
import { CliError, FAILED, parseCommandArgs, type CliIo } from './cli-io.js';
import { copyProgress, describeCounts, sealedCredentialsNote } from './copy-report.js';

const USAGE = `Usage:
  tidewatch import FILE [--data DIR] [--config FILE]
      Loads a file written by \`tidewatch export\` into an empty store (the PostgreSQL database of
      DATABASE_URL when set, else the data directory), as it was: records with their revs, every
      event with its sequence number, time, actor and hashes, so \`tidewatch audit verify\` passes
      on it. Checks the hash chain of the events and the counts of the header before anything is
      committed; a file that was edited or cut short is refused, naming the line. Refuses a store
      that holds anything, and a data directory or database a server is using: stop it first.

Moving from the data directory to PostgreSQL:
  tidewatch export --data ./data --out tidewatch.jsonl
  DATABASE_URL=postgres://user:password@host:5432/tidewatch tidewatch import tidewatch.jsonl
`;

const OPTIONS = {
  data: { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `tidewatch import FILE`: all or nothing, into an empty store only. */
export async function importCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, 'import');
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const [path, ...extra] = positionals;
  if (path === undefined) throw new CliError('name the file to load: `tidewatch import FILE` (a file written by `tidewatch export`)');
  if (extra.length > 0) throw new CliError(`unexpected "${extra.join(' ')}". Run \`tidewatch import --help\`.`);
  const config = commandConfig(values);
  const file = await openChecked(resolve(path));
  try {
    const store = await openSnapshotCommandStore(config, 'write');
    const location = store.info().location;
    try {
      await store.importSnapshot(file.entries(copyProgress(io)));
    } catch (error) {
      if (error instanceof ExportFileError) throw new CliError(`${error.message}. Nothing was written to ${location}.`, FAILED);
      if (error instanceof StoreImportError) throw new CliError(`${error.message}. Nothing was imported.`, FAILED);
      throw error;
    } finally {
      await store.close();
    }
    const { counts, lastSeq, head } = file.header;
    io.out(
      `Imported ${describeCounts(counts)} into ${location}` +
        `${lastSeq > 0 ? `; the event log ends at event ${lastSeq} (head ${head.slice(0, 16)}), as in the file` : ''}.\n`,
    );
    io.out(sealedCredentialsNote(counts));
    return 0;
  } finally {
    file.close();
  }
}

async function openChecked(path: string): Promise<ExportFile> {
  try {
    return await openExportFile(path);
  } catch (error) {
    if (error instanceof ExportFileError) throw new CliError(`${error.message}.`, FAILED);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw new CliError(`cannot read ${path}: ${(error as Error).message}`, FAILED);
    throw error;
  }
}
