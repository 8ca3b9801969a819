import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { cancelPost, schedulePost } from '../../server/workflow/post-commands.js';
import type { PublishingVault } from '../../server/workflow/publishing-vault.js';
import type { WorkflowContext } from '../../server/workflow/workflow-context.js';
import { WorkflowError } from '../../server/workflow/workflow-errors.js';
import { addAccount, addPublishingCast, approvedMastodonDraft, social, testVault } from '../support/publishing-scene.js';
import { tempDirs } from '../support/temp-dir.js';

const MASTODON = { instance: 'https://harbour.social', accessToken: 'token-abc' };

async function refusal(promise: Promise<unknown>): Promise<WorkflowError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WorkflowError) return error;
    throw error;
  }
  throw new Error('the command was expected to be refused, and it was not');
}

describe('the account a post goes out through (rule W-PUB-1)', () => {
  const dirs = tempDirs();
  let store: Store;
  let ctx: WorkflowContext;
  let vault: PublishingVault;
  let draftId: string;

  beforeEach(async () => {
    store = await openLowdbStore({ dataDir: dirs.fresh() });
    let n = 0;
    ctx = { store, clock: () => new Date('2026-11-01T09:00:00.000Z'), newId: (prefix) => `${prefix}-${++n}` };
    vault = testVault();
    await addPublishingCast(store);
    ({ draftId } = await approvedMastodonDraft(ctx, '2026-11-01T12:00:00.000Z'));
  });
  afterEach(async () => {
    await store.close();
    dirs.removeAll();
  });

  const schedule = (accountId?: string | null) => schedulePost(ctx, social, { draftId, scheduledFor: 'now', ...(accountId === undefined ? {} : { accountId }) });

  it('W-PUB-1: without accounts on the channel, the post is made by hand', async () => {
    await addAccount(store, vault, { id: 'acct-sky', kind: 'bluesky', channel: 'bluesky', credentials: { handle: 'desk.example', appPassword: 'x' } });
    expect((await schedule()).post.accountId).toBeNull();
  });

  it("W-PUB-1: without a choice, the channel's only enabled account", async () => {
    await addAccount(store, vault, { id: 'acct-off', kind: 'mastodon', credentials: MASTODON, disabled: true });
    await addAccount(store, vault, { id: 'acct-masto', kind: 'mastodon', credentials: MASTODON });
    expect((await schedule()).post.accountId).toBe('acct-masto');
  });

  it('W-PUB-1: with several enabled accounts, the social manager must choose: a 400 naming them', async () => {
    await addAccount(store, vault, { id: 'acct-a', kind: 'mastodon', credentials: MASTODON });
    await addAccount(store, vault, { id: 'acct-b', kind: 'mastodon', credentials: MASTODON });
    const refused = await refusal(schedule());
    expect(refused).toMatchObject({ code: 'invalid', details: { fields: [{ field: 'accountId' }] } });
    expect(refused.message).toBe('accountId: the mastodon channel has 2 enabled accounts: choose one of Desk acct-a (acct-a), Desk acct-b (acct-b), or null to post it by hand');
    expect((await schedule('acct-b')).post.accountId).toBe('acct-b');
  });

  it('W-PUB-1: a named account must exist, be enabled and publish on the draft’s channel', async () => {
    await addAccount(store, vault, { id: 'acct-off', kind: 'mastodon', credentials: MASTODON, disabled: true });
    await addAccount(store, vault, { id: 'acct-sky', kind: 'bluesky', channel: 'bluesky', credentials: { handle: 'desk.example', appPassword: 'x' } });
    expect((await refusal(schedule('acct-nope'))).message).toMatch(/^accountId: there is no publishing account acct-nope/);
    expect((await refusal(schedule('acct-off'))).message).toMatch(/^accountId: the account Desk acct-off is disabled/);
    expect((await refusal(schedule('acct-sky'))).message).toBe('accountId: the account Desk acct-sky publishes on bluesky, and this draft is for mastodon; choose a mastodon account');
    expect(await store.listRecords('post')).toEqual([]);
  });

  it('W-PUB-1: null chooses to post by hand even when the channel has an account', async () => {
    await addAccount(store, vault, { id: 'acct-masto', kind: 'mastodon', credentials: MASTODON });
    const { post } = await schedule(null);
    expect(post.accountId).toBeNull();
    // W-POST-6: it is the draft's live post until cancelled.
    expect((await refusal(schedule())).code).toBe('invalid_state');
    await cancelPost(ctx, social, { postId: post.id });
    expect((await schedule()).post.accountId).toBe('acct-masto');
  });
});
