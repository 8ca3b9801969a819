// A real `tidewatch start` process for the HTTP and socket benchmarks, on either store: an admin
// member, a webhook source to push items to (its token), a signed-in session, and board sockets
// that join the board as the browser's do. Needs the built CLI (`npx tsc -p tsconfig.build.json`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newSecretKey } from '../../server/workflow/secret-box.js';
import { joinBoard, openBoardSocket, type BoardSocket } from '../../tests/support/board-socket.js';
import { signInOverHttp, type HttpSession } from '../../tests/support/http-session.js';
import { runCli, startServer, type RunningServer } from '../../tests/support/run-cli.js';
import { signIn } from '../../tests/support/sign-in.js';
import { createTempDatabase, type TempDatabase } from './temp-database.js';

export const BENCH_EMAIL = 'bench@newsroom.example';
export const BENCH_PASSWORD = 'bench harbour at dawn';

export type StoreKind = 'lowdb' | 'postgres';

export interface BenchServer {
  url: string;
  pid: number;
  store: StoreKind;
  /** The data directory (lowdb's store; with PostgreSQL only the lock lives there). */
  dataDir: string;
  /** The database URL with PostgreSQL, else null. */
  databaseUrl: string | null;
  env: NodeJS.ProcessEnv;
  session: HttpSession;
  /** The session cookie and CSRF token, for hand-made requests. */
  cookie: string;
  csrfToken: string;
  sockets: BoardSocket[];
  /** A webhook source and its token, made on first call. */
  webhook(): Promise<{ sourceId: string; token: string }>;
  /** Opens `count` signed-in board sockets, joined, `perBatch` at a time. */
  openSockets(count: number, perBatch?: number): Promise<BoardSocket[]>;
  stop(): Promise<void>;
}

export interface BenchServerOptions {
  store: StoreKind;
  /** Fills the store before the server starts, given its data directory and database URL. */
  seed?: (where: { dataDir: string; databaseUrl: string | null }) => Promise<void>;
  env?: NodeJS.ProcessEnv;
}

export async function startBenchServer({ store, seed, env: extraEnv = {} }: BenchServerOptions): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tw-bench-server-'));
  let database: TempDatabase | null = null;
  let server: RunningServer | null = null;
  const sockets: BoardSocket[] = [];
  const cleanUp = async () => {
    sockets.forEach((socket) => socket.disconnect());
    await server?.kill('SIGTERM');
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (store === 'postgres') database = await createTempDatabase();
    const env: NodeJS.ProcessEnv = { TIDEWATCH_SECRET_KEY: newSecretKey(), TIDEWATCH_QUIET_HOURS: 'none', ...(database ? { DATABASE_URL: database.url } : {}), ...extraEnv };
    const added = runCli(['members', 'add', '--email', BENCH_EMAIL, '--name', 'Bench Admin', '--role', 'admin', '--role', 'editor', '--data', dataDir], env, `${BENCH_PASSWORD}\n`);
    if (added.status !== 0) throw new Error(`could not add the bench member: ${added.stderr}`);
    await seed?.({ dataDir, databaseUrl: database?.url ?? null });
    server = await startServer(['--data', dataDir], env);
    const url = server.url;
    const session = await signInOverHttp(url, BENCH_EMAIL, BENCH_PASSWORD);
    const { cookie, 'x-csrf-token': csrfToken } = await signIn(url, BENCH_EMAIL, BENCH_PASSWORD);
    let webhook: { sourceId: string; token: string } | null = null;
    return {
      url,
      pid: server.pid,
      store,
      dataDir,
      databaseUrl: database?.url ?? null,
      env,
      session,
      cookie,
      csrfToken,
      sockets,
      async webhook() {
        webhook ??= { sourceId: 'wire', token: (await session.call<{ token: string }>('POST', '/api/sources', { id: 'wire', name: 'Wire', kind: 'webhook', channel: 'news', options: {} })).token };
        return webhook;
      },
      async openSockets(count, perBatch = 50) {
        const opened: BoardSocket[] = [];
        for (let i = 0; i < count; i += perBatch) {
          const batch = Array.from({ length: Math.min(perBatch, count - i) }, () => openBoardSocket(url, { cookie }, sockets));
          // A refused socket fails the bench instead of waiting for a hello that never comes.
          await Promise.all(batch.map((socket) => Promise.race([joinBoard(socket), new Promise((_, reject) => socket.once('connect_error', reject))])));
          opened.push(...batch);
        }
        return opened;
      },
      stop: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
