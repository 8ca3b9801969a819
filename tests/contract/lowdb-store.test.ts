import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { postSchema, verifyChain } from '../../server/domain/index.js';
import { DATA_FILE_NAME, EVENT_LOG_FILE_NAME, openLowdbStore } from '../../server/store/lowdb-store.js';
import { StoreCorruptError, StoreLockedError } from '../../server/store/store-errors.js';
import { buildItem, buildPost, buildSource } from '../support/builders.js';
import { tempDir, tempDirs } from '../support/temp-dir.js';
import { storeContract, type StoreHarness } from './store-contract.js';

function lowdbHarness(): StoreHarness {
  const dir = tempDir();
  return {
    create: () => openLowdbStore({ dataDir: dir.path }),
    reopen: () => openLowdbStore({ dataDir: dir.path }),
    cleanup: async () => dir.remove(),
    rawText: async () =>
      readdirSync(dir.path)
        .filter((name) => statSync(join(dir.path, name)).isFile())
        .map((name) => readFileSync(join(dir.path, name), 'utf8'))
        .join('\n'),
  };
}

storeContract('lowdb', lowdbHarness);

describe('lowdb store: the file on disk', () => {
  const dirs = tempDirs();
  const fresh = dirs.fresh;
  afterEach(dirs.removeAll);

  it('has written an acknowledged item to the file before the promise resolves', async () => {
    const dataDir = fresh();
    const store = await openLowdbStore({ dataDir });
    await store.addItems('wire', [buildItem(7)], 'source:wire');
    // Read the file directly, while the store is still open: no close, no flush.
    const onDisk = JSON.parse(readFileSync(join(dataDir, DATA_FILE_NAME), 'utf8')) as { items: Array<{ externalId: string }> };
    expect(onDisk.items.map((i) => i.externalId)).toEqual(['guid-7']);
    await store.close();
  });

  it('shows no item or event to readers until it is on disk', async () => {
    const store = await openLowdbStore({ dataDir: fresh() });
    const writing = store.addItems('wire', [buildItem(1)], 'source:wire');
    expect(await store.countItems()).toBe(0);
    expect(await store.listItems({ limit: 10 })).toEqual([]);
    expect(await store.getItem(buildItem(1).id)).toBeNull();
    expect(await store.lastSeq()).toBe(0);
    expect((await store.eventsSince(0, 10)).events).toEqual([]);
    await writing;
    expect(await store.countItems()).toBe(1);
    expect(await store.lastSeq()).toBe(1);
    await store.close();
  });

  it.each([
    ['truncated JSON', (text: string) => text.slice(0, Math.floor(text.length / 2)), /not valid JSON/],
    ['an empty file', () => '', /the file is empty/],
    ['JSON of another shape', () => JSON.stringify({ hello: 'world' }), /unexpected content/],
    ['binary garbage', () => '\u0000\u0001garbage', /not valid JSON/],
  ])('refuses to start on %s, with a message that says what to do', async (_name, damage, reason) => {
    const dataDir = fresh();
    const store = await openLowdbStore({ dataDir });
    await store.saveSource(buildSource(), 'tester');
    await store.close();
    const path = join(dataDir, DATA_FILE_NAME);
    const damaged = damage(readFileSync(path, 'utf8'));
    writeFileSync(path, damaged);

    const opening = openLowdbStore({ dataDir });
    await expect(opening).rejects.toBeInstanceOf(StoreCorruptError);
    await expect(opening).rejects.toThrow(reason);
    await expect(opening).rejects.toThrow(/Restore it from a backup/);
    // The damaged file is left as it was, for a person to inspect.
    expect(readFileSync(path, 'utf8')).toBe(damaged);
  });

  it('refuses a second store on the same directory while the first is open', async () => {
    const dataDir = fresh();
    const first = await openLowdbStore({ dataDir });
    await expect(openLowdbStore({ dataDir })).rejects.toBeInstanceOf(StoreLockedError);
    await first.close();
    const second = await openLowdbStore({ dataDir });
    await second.close();
  });

  it('takes over a lock left by a process that died', async () => {
    const dataDir = fresh();
    // A pid far above any real one stands for a process killed with SIGKILL.
    writeFileSync(join(dataDir, 'tidewatch.lock'), '4194000');
    const store = await openLowdbStore({ dataDir });
    expect(await store.lastSeq()).toBe(0);
    await store.close();
  });

  it('cuts off log lines of a commit that never finished, and goes on from the commit point', async () => {
    const dataDir = fresh();
    const store = await openLowdbStore({ dataDir });
    await store.saveSource(buildSource(), 'tester');
    await store.close();
    const logPath = join(dataDir, EVENT_LOG_FILE_NAME);
    const committedSize = statSync(logPath).size;
    // A crash after the log append, before the data file named the new event: a whole line, then a torn one.
    appendFileSync(logPath, `${JSON.stringify({ seq: 2, action: 'sources.update' })}\n{"seq":3,"act`);

    const reopened = await openLowdbStore({ dataDir });
    expect(statSync(logPath).size).toBe(committedSize);
    expect(await reopened.lastSeq()).toBe(1);
    const next = await reopened.saveSource(buildSource({ name: 'Next' }), 'tester');
    expect(next.seq).toBe(2);
    expect(verifyChain((await reopened.eventsSince(0, 10)).events).breaks).toEqual([]);
    await reopened.close();
  });

  it('refuses to start when the log lost events the data file says were committed', async () => {
    const dataDir = fresh();
    const store = await openLowdbStore({ dataDir });
    await store.saveSource(buildSource(), 'tester');
    await store.saveSource(buildSource({ name: 'Second' }), 'tester');
    await store.close();
    const logPath = join(dataDir, EVENT_LOG_FILE_NAME);
    writeFileSync(logPath, readFileSync(logPath, 'utf8').split('\n')[0] + '\n');
    await expect(openLowdbStore({ dataDir })).rejects.toThrow(/the log ends at event 1 but the data file says 2/);
  });

  it('reads old events back from the file once they have left the in-memory window', async () => {
    const dataDir = fresh();
    const store = await openLowdbStore({ dataDir });
    const writes = Array.from({ length: 5_100 }, (_, n) => store.addItems('wire', [buildItem(n)], 'source:wire'));
    await Promise.all(writes);
    await store.close();
    const reopened = await openLowdbStore({ dataDir });
    const oldest = await reopened.eventsSince(0, 3);
    expect(oldest.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(oldest.events[0]?.action === 'items.create' && oldest.events[0].data.items[0]?.externalId).toBe('guid-0');
    const all = [];
    for (let since = 0; since < 5_100; since = all.at(-1)!.seq) all.push(...(await reopened.eventsSince(since, 1000)).events);
    expect(verifyChain(all).breaks).toEqual([]);
    await reopened.close();
  });

  it('opens read-only beside a running store, sees its commits, and refuses to write', async () => {
    const dataDir = fresh();
    const store = await openLowdbStore({ dataDir });
    await store.saveSource(buildSource(), 'tester');
    const reader = await openLowdbStore({ dataDir, readOnly: true });
    expect((await reader.eventsSince(0, 10)).events.map((e) => e.seq)).toEqual([1]);
    await expect(reader.saveSource(buildSource(), 'tester')).rejects.toThrow(/read-only/);
    await reader.close();
    await store.close();
  });

  it('moves the event log out of a data file of the first format, chained', async () => {
    const dataDir = fresh();
    const event = { seq: 1, at: '2026-11-01T08:00:00.000Z', actor: 'tester', action: 'sources.update', record: { type: 'source', id: 'wire' }, digest: { before: null, after: 'x' }, data: { source: { id: 'wire' } } };
    writeFileSync(join(dataDir, DATA_FILE_NAME), JSON.stringify({ format: 1, seq: 1, sources: [buildSource()], items: [], stories: [], events: [event] }));
    const store = await openLowdbStore({ dataDir });
    expect((await store.getSource('wire'))?.name).toBe('The Wire');
    const { events } = await store.eventsSince(0, 10);
    expect(events.map((e) => e.actor)).toEqual(['tester']);
    expect(verifyChain(events).breaks).toEqual([]);
    expect((await store.saveSource(buildSource(), 'tester')).seq).toBe(2);
    await store.close();
    expect(JSON.parse(readFileSync(join(dataDir, DATA_FILE_NAME), 'utf8')).format).toBe(2);
  });

  it('gives posts written before accounts and attempts existed their defaults: by hand, no attempts, a stable key', async () => {
    const dataDir = fresh();
    const store = await openLowdbStore({ dataDir });
    await store.commit([{ kind: 'post', record: buildPost('pst-old'), expectedRev: null }], []);
    await store.close();
    // Strip the file's post down to the fields an older Tidewatch wrote.
    const path = join(dataDir, DATA_FILE_NAME);
    const onDisk = JSON.parse(readFileSync(path, 'utf8')) as { records: { post: Record<string, Record<string, unknown>> } };
    for (const field of ['accountId', 'idempotencyKey', 'attempts', 'nextAttemptAt', 'failureReason', 'url', 'engagement', 'nextEngagementAt']) delete onDisk.records.post['pst-old']![field];
    writeFileSync(path, JSON.stringify(onDisk));

    const reopened = await openLowdbStore({ dataDir });
    const upgraded = await reopened.getRecord('post', 'pst-old');
    expect(postSchema.safeParse(upgraded).success).toBe(true);
    expect(upgraded).toMatchObject({ accountId: null, idempotencyKey: 'idem_pst-old', attempts: [], nextAttemptAt: null, failureReason: null, url: null, engagement: [], nextEngagementAt: null });
    await reopened.close();
    // Not saved yet (nothing was written), and the same again at the next open: the key is stable.
    const again = await openLowdbStore({ dataDir });
    expect((await again.getRecord('post', 'pst-old'))?.idempotencyKey).toBe('idem_pst-old');
    await again.close();
  });
});
