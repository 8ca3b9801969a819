import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { digestOf, type AnyEvent, type Opportunity } from '../../server/domain/index.js';
import { EVENT_LOG_FILE_NAME, openLowdbStore } from '../../server/store/lowdb-store.js';
import { buildOpportunity, buildSource } from '../support/builders.js';
import { runCli } from '../support/run-cli.js';
import { tempDirs } from '../support/temp-dir.js';

/** A data directory with a source and two opportunities, each pitched then claimed. */
async function seededDataDir(dataDir: string): Promise<void> {
  const store = await openLowdbStore({ dataDir });
  await store.saveSource(buildSource(), 'system');
  for (const id of ['op-a', 'op-b']) {
    const pitched = buildOpportunity(id, { title: `Opportunity ${id}` });
    const event = (action: 'opportunities.pitch' | 'opportunities.claim', before: Opportunity | null, after: Opportunity) => ({
      at: '2026-11-01T09:00:00.000Z',
      actor: 'm-editor',
      action,
      record: { type: 'opportunity' as const, id },
      digest: { before: digestOf(before), after: digestOf(after) },
      data: { opportunity: after },
    });
    await store.commit([{ kind: 'opportunity', record: pitched, expectedRev: null }], [event('opportunities.pitch', null, pitched)]);
    const claimed = { ...pitched, rev: 2, state: 'claimed' as const, holderId: 'm-editor' };
    await store.commit([{ kind: 'opportunity', record: claimed, expectedRev: 1 }], [event('opportunities.claim', pitched, claimed)]);
  }
  await store.close();
}

describe('tidewatch audit (rules W-AUD-2, W-AUD-3)', () => {
  const dirs = tempDirs();
  afterEach(dirs.removeAll);

  it('W-AUD-2: verify reports an intact chain', async () => {
    const dataDir = dirs.fresh();
    await seededDataDir(dataDir);
    const result = runCli(['audit', 'verify', '--data', dataDir]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/The event log is intact: 5 events/);
  });

  it('W-AUD-2: verify finds an event edited in the file, names it, and fails', async () => {
    const dataDir = dirs.fresh();
    await seededDataDir(dataDir);
    const logPath = join(dataDir, EVENT_LOG_FILE_NAME);
    const lines = readFileSync(logPath, 'utf8').trimEnd().split('\n');
    const edited = JSON.parse(lines[2]!) as AnyEvent;
    edited.actor = 'someone-else';
    lines[2] = JSON.stringify(edited);
    writeFileSync(logPath, `${lines.join('\n')}\n`);

    const result = runCli(['audit', 'verify', '--data', dataDir]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/The event log has been altered/);
    expect(result.stdout).toMatch(/event 3: its content does not match its hash/);
  });

  it('W-AUD-3: exports one opportunity as JSON and as CSV', async () => {
    const dataDir = dirs.fresh();
    await seededDataDir(dataDir);
    const json = runCli(['audit', 'export', '--opportunity', 'op-a', '--data', dataDir]);
    expect(json.status).toBe(0);
    const exported = JSON.parse(json.stdout) as { opportunityId: string; events: AnyEvent[] };
    expect(exported.events.map((e) => [e.seq, e.action])).toEqual([
      [2, 'opportunities.pitch'],
      [3, 'opportunities.claim'],
    ]);
    const csv = runCli(['audit', 'export', '--opportunity', 'op-a', '--format', 'csv', '--data', dataDir]);
    expect(csv.status).toBe(0);
    const rows = csv.stdout.trimEnd().split('\n');
    expect(rows[0]).toBe('seq,at,actor,action,record_type,record_id,summary,digest_before,digest_after,prev_hash,hash');
    expect(rows).toHaveLength(3);
    expect(rows[2]).toContain('opportunities.claim');
    expect(rows[2]).toContain('state claimed');
  });

  it('runs beside a live store (read-only) and explains bad usage', async () => {
    const dataDir = dirs.fresh();
    await seededDataDir(dataDir);
    const live = await openLowdbStore({ dataDir });
    try {
      expect(runCli(['audit', 'verify', '--data', dataDir]).status).toBe(0);
    } finally {
      await live.close();
    }
    const missing = runCli(['audit', 'export', '--data', dataDir]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--opportunity ID/);
    const unknown = runCli(['audit', 'export', '--opportunity', 'op-zzz', '--data', dataDir]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/no events about opportunity op-zzz/);
    expect(runCli(['audit', 'frobnicate', '--data', dataDir]).status).toBe(2);
  });
});
