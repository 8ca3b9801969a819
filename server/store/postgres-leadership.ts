import pg from 'pg';
import type { Leadership, ProcessRole } from './leadership.js';

/**
 * The session-level advisory lock the leader holds: "tidelead" in ASCII, as one bigint. Advisory
 * locks are per database, so each database elects its own leader; the migration lock
 * (postgres-migrations.ts) is another number.
 */
export const LEADER_LOCK = 0x746964656c656164n;

export interface PostgresLeadershipOptions {
  connectionString: string;
  log: (message: string) => void;
  /** How often a follower asks for the lock and a leader checks its connection (default 1 s). */
  intervalMs?: number;
  /** A check that takes longer means the connection is gone (default 3 s). */
  checkTimeoutMs?: number;
  /**
   * PostgreSQL ends a session idle this long (default 10 s), freeing the lock of a leader that
   * stopped answering without closing its socket (a frozen process, a cut network); a live
   * leader checks every interval, so it is never idle that long.
   */
  idleSessionTimeoutMs?: number;
}

/**
 * Leader election on `pg_try_advisory_lock`, on one connection of its own: the pool's connections
 * come and go, and a session lock lives exactly as long as its session. Every interval a follower
 * asks for the lock and a leader checks that its session still answers. When the leader's process
 * dies, PostgreSQL ends the session and frees the lock, and the next follower to ask gets it. A
 * leader whose connection fails steps down at once (before it knows whether the lock is gone), so
 * two processes never both believe they lead; at worst there is no leader for a few seconds.
 */
export function startPostgresLeadership(options: PostgresLeadershipOptions): Leadership {
  const { connectionString, log } = options;
  const intervalMs = options.intervalMs ?? 1_000;
  const checkTimeoutMs = options.checkTimeoutMs ?? 3_000;
  const idleSessionTimeoutMs = options.idleSessionTimeoutMs ?? 10_000;
  const listeners = new Set<(role: ProcessRole) => void>();
  let role: ProcessRole = 'follower';
  let client: pg.Client | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let turn: Promise<void> = Promise.resolve();

  function become(next: ProcessRole, why: string): void {
    if (role === next) return;
    role = next;
    log(next === 'leader' ? `This process is now the leader: it runs the background work (${why}).` : `This process is no longer the leader: ${why}.`);
    for (const listener of listeners) listener(next);
  }

  /** Drops the connection; a leader steps down first, since its lock may be gone with it. */
  function drop(why: string): void {
    become('follower', why);
    const gone = client;
    client = null;
    // Not awaited: on a dead network the goodbye may never be answered.
    void gone?.end().catch(() => undefined);
  }

  async function connect(): Promise<pg.Client> {
    const fresh = new pg.Client({ connectionString, application_name: 'tidewatch leader election', keepAlive: true, connectionTimeoutMillis: checkTimeoutMs });
    // Without a listener a broken connection would end the process; here it ends only the role.
    fresh.on('error', (error) => {
      if (client === fresh) drop(`its database connection failed (${error.message})`);
    });
    fresh.on('end', () => {
      if (client === fresh) drop('its database connection closed');
    });
    try {
      await fresh.connect();
      await fresh.query(`SET idle_session_timeout = ${Math.round(idleSessionTimeoutMs)}`);
      return fresh;
    } catch (error) {
      void fresh.end().catch(() => undefined);
      throw error;
    }
  }

  async function step(): Promise<void> {
    try {
      client ??= await connect();
      const session = client;
      const answer = withTimeout(
        role === 'leader' ? session.query('SELECT true AS held') : session.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1) AS held', [LEADER_LOCK.toString()]),
        checkTimeoutMs,
      );
      const { rows } = await answer;
      if (stopped || client !== session) return;
      if (rows[0]?.held) become('leader', 'it holds the leader lock');
    } catch (error) {
      // A follower that could not connect simply asks again next time.
      if (!stopped) drop(`its database connection did not answer (${(error as Error).message})`);
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      turn = step().finally(schedule);
    }, intervalMs);
    timer.unref();
  }

  turn = step().finally(schedule);
  const first = turn;

  return {
    role: () => role,
    ready: () => first,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await turn;
      become('follower', 'it is stopping');
      const last = client;
      client = null;
      // Ending the session frees the lock at once: a follower takes over within its interval.
      await last?.end().catch(() => undefined);
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
