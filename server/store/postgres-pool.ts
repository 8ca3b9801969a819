import pg from 'pg';
import { parseStoredJson } from './postgres-text.js';

/**
 * Values come back as the store hands them out: jsonb through parseStoredJson (which undoes the
 * escaping of postgres-text.ts), bigint as a number (sequence numbers, positions and counts stay
 * far below 2^53), everything else as pg reads it.
 */
const storeTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === pg.types.builtins.JSONB) return parseStoredJson;
    if (oid === pg.types.builtins.INT8) return Number;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PoolOptions {
  connectionString: string;
  max?: number;
  /** Told about a pooled connection that failed while idle (the server restarted, the network dropped). */
  onIdleError?: (error: Error) => void;
}

export function createPool({ connectionString, max = 10, onIdleError }: PoolOptions): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, types: storeTypes, application_name: 'tidewatch' });
  // Without a listener an idle connection's error would end the process; the pool replaces it.
  pool.on('error', (error) => (onIdleError ?? ((e: Error) => console.error(`a PostgreSQL connection failed while idle: ${e.message}`)))(error));
  return pool;
}

/**
 * Where the data lives, in words an operator recognises, from pg's own reading of the URL: the
 * database and the server, never the user's password.
 */
export function describeDatabase(connectionString: string, database?: string): string {
  const parsed = new pg.Client({ connectionString });
  const server = parsed.host.startsWith('/') ? parsed.host : `${parsed.host}:${parsed.port}`;
  return `database ${database ?? parsed.database ?? '(default)'} on ${server}`;
}
