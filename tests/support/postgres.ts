import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';

/** The server the PostgreSQL tests use: TEST_DATABASE_URL, else the one CI runs as a service. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** CI=true (or any other value CI systems use for yes). */
const inCi = !['', '0', 'false', undefined].includes(process.env.CI?.toLowerCase());

/** The test server's address without its password, for messages. */
function shown(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Why PostgreSQL cannot be used, or null when it can. Asked once per test file, at load. */
export async function postgresUnavailable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return `PostgreSQL is not reachable at ${shown(TEST_DATABASE_URL)}: ${(error as Error).message || (error as NodeJS.ErrnoException).code}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A describe block of tests that need PostgreSQL. Outside CI a machine without PostgreSQL skips
 * them and says why. Under CI=true they never skip: CI has the service, so its absence is one
 * failing test that gives the reason (a silent skip would hide a broken adapter).
 */
export function describePostgres(name: string, unavailable: string | null, body: () => void): void {
  const skip = unavailable !== null && !inCi;
  if (skip) console.warn(`Skipping "${name}": ${unavailable}. Start PostgreSQL or set TEST_DATABASE_URL to run these tests.`);
  describe.skipIf(skip)(name, () => {
    if (unavailable !== null && inCi) {
      it('reaches PostgreSQL', () => {
        throw new Error(`${unavailable}. These tests never skip under CI=true: CI runs PostgreSQL as a service at 127.0.0.1:5432.`);
      });
      return;
    }
    body();
  });
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Empties the database (the whole public schema, migrations included), as if it were new. */
  reset(): Promise<void>;
  /** Runs SQL on the database, outside any store. */
  query<R extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

/**
 * A database of its own for one test file (`tidewatch_test_<random>`), created through the test
 * server's database and dropped afterwards, so test files running side by side never meet.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `tidewatch_test_${randomBytes(6).toString('hex')}`;
  // template0: nobody connects to it, so files creating databases at once never find it busy.
  await onServer((client) => client.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const query = async <R extends pg.QueryResultRow>(sql: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      return (await client.query<R>(sql, values)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    name,
    url: url.toString(),
    reset: async () => void (await query('DROP SCHEMA public CASCADE; CREATE SCHEMA public')),
    query,
    drop: () => onServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function onServer<T>(step: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await step(client);
  } finally {
    await client.end();
  }
}
