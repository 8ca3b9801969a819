import { migrateDatabase } from '../store/postgres-migrations.js';
import { StoreSchemaError, StoreUnavailableError } from '../store/store-errors.js';
import { commandConfig } from './cli-support.js';
import { CliError, FAILED, parseCommandArgs, type CliIo } from './cli-io.js';

const USAGE = `Usage:
  tidewatch migrate [--config FILE]
      Brings the schema of the PostgreSQL database named by DATABASE_URL up to date and prints
      the steps it applied. The server does the same when it starts; run this to migrate ahead of
      a deployment. Safe beside running servers and other migrations: one waits for the other.
`;

const OPTIONS = {
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `tidewatch migrate`: only for PostgreSQL; the embedded store upgrades its file itself. */
export async function migrateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, 'migrate');
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new CliError(`unexpected "${positionals.join(' ')}". Run \`tidewatch migrate --help\`.`);
  const { databaseUrl } = commandConfig(values);
  if (!databaseUrl) {
    throw new CliError('set DATABASE_URL to the PostgreSQL database to migrate (postgres://user:password@host:5432/tidewatch); the embedded store needs no migration.');
  }
  try {
    const { location, applied, version } = await migrateDatabase(databaseUrl);
    for (const step of applied) io.out(`applied schema version ${step.version}: ${step.name}\n`);
    io.out(
      applied.length === 0
        ? `The ${location} is up to date at schema version ${version}.\n`
        : `The ${location} is now at schema version ${version} (${applied.length} step${applied.length === 1 ? '' : 's'} applied).\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof StoreUnavailableError || error instanceof StoreSchemaError) throw new CliError(error.message, FAILED);
    throw error;
  }
}
