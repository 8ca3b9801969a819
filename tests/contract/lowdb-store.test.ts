import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_FILE_NAME, openLowdbStore } from '../../server/store/lowdb-store.js';
import { StoreCorruptError, StoreLockedError } from '../../server/store/store-errors.js';
import { buildItem, buildSource } from '../support/builders.js';
import { tempDir, tempDirs } from '../support/temp-dir.js';
import { storeContract, type StoreHarness } from './store-contract.js';

function lowdbHarness(): StoreHarness {
  const dir = tempDir();
  return {
    create: () => openLowdbStore({ dataDir: dir.path }),
    reopen: () => openLowdbStore({ dataDir: dir.path }),
    cleanup: async () => dir.remove(),
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
});
