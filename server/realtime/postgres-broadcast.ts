import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';

export interface PostgresBroadcast {
  /** For `new Server(..., { adapter })`. */
  adapter: ReturnType<typeof createAdapter>;
  /** Ends the adapter's connections; after the socket.io server closed. */
  close(): Promise<void>;
}

/**
 * Broadcasts between the server processes sharing one database, through the socket.io PostgreSQL
 * adapter (LISTEN/NOTIFY; payloads over NOTIFY's limit wait in `socket_io_attachments`, which the
 * schema's migration 2 creates). `io.to(room).emit` in one process then reaches the sockets of
 * every process. The adapter has its own small pool, apart from the store's: it keeps one
 * connection for LISTEN for as long as it runs, and the store's commits must never wait behind it.
 */
export function createPostgresBroadcast(connectionString: string, log: (message: string) => void): PostgresBroadcast {
  const pool = new pg.Pool({ connectionString, max: 4, application_name: 'tidewatch broadcast' });
  const warn = (error: Error) => log(`the broadcast connection to PostgreSQL failed: ${error.message}; it reconnects`);
  pool.on('error', warn);
  // The adapter holds its LISTEN connection checked out, where the pool's idle listener does not
  // watch it: without one of its own, a dropped connection would end the process.
  pool.on('connect', (client) => client.on('error', warn));
  const adapter = createAdapter(pool, {
    errorHandler: (error) => log(`a broadcast between server processes failed: ${error.message}`),
    // Heartbeats tell each process which others are alive (for fetchSockets and serverSideEmit acks).
    heartbeatInterval: 5_000,
    heartbeatTimeout: 10_000,
  });
  return {
    adapter,
    close: () => pool.end(),
  };
}
