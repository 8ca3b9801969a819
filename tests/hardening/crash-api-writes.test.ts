// Hardening: crash safety through the HTTP API of the real server process. Each round starts
// `tidewatch start` on one data dir (reused across rounds), streams writes (new beats, several in
// flight) through the API as a signed-in admin, kills the process with SIGKILL at a random moment
// after the first acknowledgement, and then the next start must open the store cleanly and list
// every write the server ever acknowledged. Rounds and seed: TIDEWATCH_CRASH_ROUNDS / _SEED.
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startServer, type RunningServer } from '../support/run-cli.js';
import { signIn, TEST_PASSWORD, type SessionHeaders } from '../support/sign-in.js';
import { tempDir } from '../support/temp-dir.js';

const ROUNDS = Number(process.env.TIDEWATCH_CRASH_ROUNDS ?? 100);
const SEED = Number(process.env.TIDEWATCH_CRASH_SEED ?? Date.now() % 1_000_000);
const EMAIL = 'crash-admin@newsroom.example';
/** Writes in flight at once, as a busy board has. */
const WRITERS = 4;

/** mulberry32: the kill moments of a failing run can be replayed with its seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Round {
  acked: string[];
  startMs: number;
  roundMs: number;
}

/** Streams beat creations until the server dies; resolves with the ids the server acknowledged (201). */
async function writeUntilKilled(server: RunningServer, headers: SessionHeaders, round: number, killAfterMs: number): Promise<string[]> {
  const acked: string[] = [];
  let dead = false;
  let firstAck!: () => void;
  const gotFirstAck = new Promise<void>((resolve) => (firstAck = resolve));
  let n = 0;
  const writer = async () => {
    while (!dead) {
      const name = `crash r${round} w${n++}`;
      try {
        const response = await fetch(new URL('/api/beats', server.url), {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ name, query: `"harbour bridge" AND r${round}`, requiresLegal: false }),
        });
        if (response.status === 201) {
          acked.push(((await response.json()) as { beat: { id: string } }).beat.id);
          firstAck();
        } else if (!dead) throw new Error(`POST /api/beats answered ${response.status}: ${await response.text()}`);
      } catch (error) {
        // After the kill, connections fail: those writes were never acknowledged.
        if (!dead) throw error;
      }
    }
  };
  const writers = Array.from({ length: WRITERS }, writer);
  await Promise.race([gotFirstAck, Promise.all(writers)]);
  await new Promise((resolve) => setTimeout(resolve, killAfterMs));
  dead = true;
  await server.kill('SIGKILL');
  await Promise.allSettled(writers);
  return acked;
}

async function storedBeatIds(server: RunningServer, headers: SessionHeaders): Promise<Set<string>> {
  const response = await fetch(new URL('/api/beats', server.url), { headers });
  if (!response.ok) throw new Error(`GET /api/beats answered ${response.status}: ${await response.text()}`);
  return new Set(((await response.json()) as { beats: Array<{ id: string }> }).beats.map((b) => b.id));
}

describe('the real server killed with SIGKILL during API writes', () => {
  const dir = tempDir('tidewatch-crash-');
  afterAll(() => dir.remove());

  it(
    `keeps every acknowledged write through ${ROUNDS} kills at random moments (seed ${SEED})`,
    async () => {
      const added = runCli(['members', 'add', '--email', EMAIL, '--name', 'Crash Admin', '--role', 'admin', '--data', dir.path], {}, TEST_PASSWORD);
      expect(added.status, added.stderr).toBe(0);
      const random = seeded(SEED);
      const everAcked = new Set<string>();
      const rounds: Round[] = [];
      for (let round = 0; round <= ROUNDS; round++) {
        const began = Date.now();
        // Opening the store is the first check: a torn file would stop the start.
        const server = await startServer(['--data', dir.path]);
        const startMs = Date.now() - began;
        try {
          const health = await fetch(new URL('/health', server.url));
          expect(health.status, `round ${round}: /health`).toBe(200);
          const headers = await signIn(server.url, EMAIL);
          const stored = await storedBeatIds(server, headers);
          const missing = [...everAcked].filter((id) => !stored.has(id));
          expect(missing, `round ${round} (seed ${SEED}): acknowledged before a kill, missing after the restart`).toEqual([]);
          // The last start only checks what the 100th kill left.
          if (round === ROUNDS) break;
          const acked = await writeUntilKilled(server, headers, round, Math.floor(random() * 150));
          acked.forEach((id) => everAcked.add(id));
          rounds.push({ acked, startMs, roundMs: Date.now() - began });
        } finally {
          await server.kill('SIGKILL');
        }
      }
      const perRound = rounds.map((r) => r.roundMs).sort((a, b) => a - b);
      const starts = rounds.map((r) => r.startMs).sort((a, b) => a - b);
      console.log(
        `crash rounds: ${rounds.length}, acknowledged writes: ${everAcked.size}, ` +
          `round median ${perRound[Math.floor(perRound.length / 2)]} ms (max ${perRound.at(-1)}), start median ${starts[Math.floor(starts.length / 2)]} ms`,
      );
      expect(rounds).toHaveLength(ROUNDS);
      // Every round acknowledged something before its kill, so every kill landed among writes.
      expect(rounds.filter((r) => r.acked.length === 0)).toEqual([]);
    },
    15 * 60_000,
  );
});
