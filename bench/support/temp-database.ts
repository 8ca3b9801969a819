// A PostgreSQL database of the bench's own on the server at BENCH_DATABASE_URL (default the local
// test server), created empty and dropped afterwards, so a run never touches another's data.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const BENCH_SERVER_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export async function onBenchServer<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: BENCH_SERVER_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

export interface TempDatabase {
  name: string;
  url: string;
  sizeMb(): Promise<number>;
  drop(): Promise<void>;
}

export async function createTempDatabase(): Promise<TempDatabase> {
  const name = `tidewatch_bench_${randomBytes(4).toString('hex')}`;
  await onBenchServer(`CREATE DATABASE ${name} TEMPLATE template0`);
  const url = new URL(BENCH_SERVER_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    sizeMb: async () => Number((await onBenchServer<{ size: string }>(`SELECT pg_database_size('${name}') AS size`))[0]!.size) / 1e6,
    drop: async () => void (await onBenchServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}
