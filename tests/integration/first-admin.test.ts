import { afterEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import { ensureFirstAdmin, FIRST_ADMIN_EMAIL } from '../../server/workflow/member-commands.js';
import { createWorkflowContext } from '../../server/workflow/workflow-context.js';
import { tempDirs } from '../support/temp-dir.js';

describe('the first admin of a new install', () => {
  const dirs = tempDirs('tidewatch-first-admin-');
  afterEach(() => dirs.removeAll());

  it('is made once, with a one-time password, and never again', async () => {
    const store = await openLowdbStore({ dataDir: dirs.fresh() });
    const ctx = createWorkflowContext(store);
    const first = await ensureFirstAdmin(ctx);
    expect(first).toEqual({ email: FIRST_ADMIN_EMAIL, password: expect.any(String) });
    expect(await ensureFirstAdmin(ctx)).toBeNull();
    expect(await store.listRecords('member')).toHaveLength(1);
    await store.close();
  });

  it('two starts at once make one admin, and neither fails', async () => {
    const store = await openLowdbStore({ dataDir: dirs.fresh() });
    const ctx = createWorkflowContext(store);
    const results = await Promise.all([ensureFirstAdmin(ctx), ensureFirstAdmin(ctx)]);
    expect(results.filter((result) => result !== null)).toHaveLength(1);
    expect(await store.listRecords('member')).toHaveLength(1);
    await store.close();
  });
});
