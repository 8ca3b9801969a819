import pg, { type ClientBase } from 'pg';
import { describeDatabase } from './postgres-pool.js';
import { MIGRATIONS, type Migration } from './postgres-schema.js';
import { StoreSchemaError, StoreUnavailableError } from './store-errors.js';

/**
 * Every process that opens the database takes this transaction-level advisory lock before it looks
 * at the schema: two processes starting together migrate once, the second waits and finds nothing
 * left to do. The number spells "tide" in ASCII; advisory locks are per database.
 */
export const MIGRATION_LOCK = 0x74696465;

export interface AppliedMigration {
  version: number;
  name: string;
}

/**
 * Applies the steps the database lacks, in order, in one transaction: a failed step leaves the
 * schema as it was. Refuses a database whose schema is newer than this code knows (a newer
 * Tidewatch migrated it), since this code would misread it. Returns the steps applied.
 */
export async function migrateSchema(client: ClientBase, location: string, migrations: readonly Migration[] = MIGRATIONS): Promise<AppliedMigration[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const pending = pendingMigrations(await appliedVersions(client), location, migrations);
    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    }
    await client.query('COMMIT');
    return pending.map(({ version, name }) => ({ version, name }));
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** For a store that must not change the schema: refuses unless the database is exactly current. */
export async function checkSchema(client: ClientBase, location: string, migrations: readonly Migration[] = MIGRATIONS): Promise<void> {
  const exists = await client.query<{ found: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS found");
  const pending = pendingMigrations(exists.rows[0]?.found ? await appliedVersions(client) : [], location, migrations);
  if (pending.length > 0) {
    throw new StoreSchemaError(location, `it lacks schema version ${pending.map((m) => m.version).join(', ')}; run \`tidewatch migrate\` or start the server once`);
  }
}

async function appliedVersions(client: ClientBase): Promise<number[]> {
  const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((row) => row.version);
}

function pendingMigrations(applied: number[], location: string, migrations: readonly Migration[]): Migration[] {
  const known = migrations.at(-1)?.version ?? 0;
  const newest = applied.at(-1) ?? 0;
  if (newest > known) {
    throw new StoreSchemaError(location, `its schema is at version ${newest}, newer than this Tidewatch knows (${known}); upgrade Tidewatch`);
  }
  const done = new Set(applied);
  return migrations.filter((migration) => !done.has(migration.version));
}

/** The schema version a database is at (0 when it was never migrated). */
export async function schemaVersion(client: ClientBase): Promise<number> {
  const exists = await client.query<{ found: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS found");
  if (!exists.rows[0]?.found) return 0;
  return (await appliedVersions(client)).at(-1) ?? 0;
}

export interface MigrationReport {
  /** The database and server, without the password. */
  location: string;
  applied: AppliedMigration[];
  /** The schema version the database is at now. */
  version: number;
}

/** `tidewatch migrate`: brings a database's schema up to date without opening a store on it. */
export async function migrateDatabase(connectionString: string): Promise<MigrationReport> {
  let location = describeDatabase(connectionString);
  const client = new pg.Client({ connectionString, application_name: 'tidewatch migrate' });
  try {
    await client.connect();
  } catch (error) {
    throw new StoreUnavailableError(location, error);
  }
  try {
    const { rows } = await client.query<{ name: string }>('SELECT current_database() AS name');
    location = describeDatabase(connectionString, rows[0]?.name);
    const applied = await migrateSchema(client, location);
    return { location, applied, version: await schemaVersion(client) };
  } finally {
    await client.end();
  }
}
