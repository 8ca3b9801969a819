import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import { tempDir } from '../support/temp-dir.js';

const ROUNDS = 8;

/** Runs the writer until it has acknowledged some writes, kills it with SIGKILL, returns the acks. */
function writeThenKill(dataDir: string, firstItem: number, killAfterAcks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/store-writer.ts', dataDir, String(firstItem)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: string[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('ack ')) acked.push(line.slice(4));
      if (acked.length >= killAfterAcks) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`the writer exited by itself (${signal ?? _code}): ${stderr}`));
    });
  });
}

describe('lowdb store under kill -9', () => {
  it(`keeps every acknowledged write through ${ROUNDS} kills at varying moments`, async () => {
    const dir = tempDir();
    try {
      const everAcked = new Set<string>();
      for (let round = 0; round < ROUNDS; round++) {
        // Kill after a different number of acks each round, so kills land at different moments of a write.
        const acked = await writeThenKill(dir.path, round * 10_000, 5 + ((round * 37) % 60));
        acked.forEach((id) => everAcked.add(id));
        const store = await openLowdbStore({ dataDir: dir.path });
        const stored = new Set((await store.listItems({ limit: 1_000_000 })).map((i) => i.id));
        await store.close();
        const missing = [...everAcked].filter((id) => !stored.has(id));
        expect(missing, `round ${round}: acknowledged but missing`).toEqual([]);
      }
      expect(everAcked.size).toBeGreaterThan(ROUNDS * 5);
    } finally {
      dir.remove();
    }
  });
});
