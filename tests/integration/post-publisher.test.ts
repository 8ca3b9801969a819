import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSafeFetch } from '../../connectors/http/safe-fetch.js';
import type { AnyEvent, Post } from '../../server/domain/index.js';
import { startPostPublisher, type PostPublisher } from '../../server/jobs/post-publisher.js';
import { noticesFor } from '../../server/realtime/notices.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { schedulePost } from '../../server/workflow/post-commands.js';
import { confirmPost, recordManualPost } from '../../server/workflow/post-outcome-commands.js';
import { claimPost } from '../../server/workflow/post-sending-commands.js';
import type { PublishingVault } from '../../server/workflow/publishing-vault.js';
import type { WorkflowContext } from '../../server/workflow/workflow-context.js';
import { startFakeMastodon, type FakeMastodon } from '../support/fake-mastodon.js';
import { closeServer, listenOnLoopback } from '../support/local-server.js';
import { addAccount, addPublishingCast, approvedMastodonDraft, social, testVault } from '../support/publishing-scene.js';
import { tempDirs } from '../support/temp-dir.js';

const T0 = Date.parse('2026-11-01T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const iso = (minutes: number) => at(minutes).toISOString();

/** Polls until `probe` gives a value; the bound is generous, never a measure of speed. */
async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the post scheduler (rules W-PUB-*)', () => {
  const dirs = tempDirs();
  // Loopback is private: the operator's TIDEWATCH_ALLOW_PRIVATE_FETCH, as the connector tests pass it.
  const fetch = createSafeFetch({ allowPrivateAddresses: true, timeoutMs: 5_000 });
  let dataDir: string;
  let store: Store;
  let ctx: WorkflowContext;
  let now: Date;
  let vault: PublishingVault;
  let mastodon: FakeMastodon;
  let job: PostPublisher | null;
  const logs: string[] = [];
  let n = 0;

  /** Opens the store in the data directory, as a (re)started server does. */
  async function openStore(): Promise<void> {
    store = await openLowdbStore({ dataDir });
    ctx = { store, clock: () => now, newId: (prefix) => `${prefix}-${++n}` };
  }

  function startJob(overrides: Partial<Parameters<typeof startPostPublisher>[0]> = {}): PostPublisher {
    // Tiny backoff and no jitter, so a retry comes within the test; the rescan stays short for the same reason.
    job = startPostPublisher({ ctx, vault, fetch, log: (m) => logs.push(m), backoff: { baseMs: 50, maxMs: 200 }, random: () => 0, rescanMs: 250, ...overrides });
    return job;
  }

  /** Stops the job and closes the store: the server going down. */
  async function shutDown(): Promise<void> {
    await job?.stop();
    job = null;
    await store.close();
  }

  const post = async (id: string): Promise<Post> => (await store.getRecord('post', id))!;
  const events = async (): Promise<AnyEvent[]> => (await store.eventsSince(0, 10_000)).events;

  async function mastodonAccount(id = 'acct-masto') {
    return addAccount(store, vault, { id, kind: 'mastodon', credentials: { instance: mastodon.origin, accessToken: 'token-abc' } });
  }

  beforeEach(async () => {
    dataDir = dirs.fresh();
    now = at(0);
    vault = testVault();
    mastodon = await startFakeMastodon();
    logs.length = 0;
    await openStore();
    await addPublishingCast(store);
  });

  afterEach(async () => {
    await job?.stop();
    job = null;
    await store.close().catch(() => undefined);
    await mastodon.close();
    dirs.removeAll();
  });

  describe('across a restart', () => {
    it('W-PUB-3: a post whose time passed while the server was down is sent on start while its window is open', async () => {
      await mastodonAccount();
      const { draftId, opportunityId } = await approvedMastodonDraft(ctx, iso(120));
      const { post: scheduled } = await schedulePost(ctx, social, { draftId, scheduledFor: iso(10) });
      expect(scheduled.accountId).toBe('acct-masto');

      // Up, not due yet: nothing goes out; then the server stops.
      await startJob().idle();
      expect(mastodon.requests).toEqual([]);
      await shutDown();

      // Down past the post's time; the window (until +120 min) is still open.
      now = at(30);
      await openStore();
      await startJob().idle();
      const sent = await post(scheduled.id);
      expect(sent).toMatchObject({ state: 'published', platformId: mastodon.created[0]!.id, url: `${mastodon.origin}/@desk/${mastodon.created[0]!.id}`, publishedAt: iso(30) });
      expect(sent.attempts).toEqual([expect.objectContaining({ outcome: 'published', startedAt: iso(30) })]);
      expect(mastodon.created).toHaveLength(1);
      expect(mastodon.created[0]).toMatchObject({ text: 'The harbour ferries run again from 10:00.', idempotencyKey: scheduled.idempotencyKey });
      expect(mastodon.requests[0]!.authorization).toBe('Bearer token-abc');
      // W-PUB-11: the opportunity follows its published post.
      expect((await store.getRecord('opportunity', opportunityId))?.state).toBe('published');
      await shutDown();
    });

    it('W-PUB-3: a post whose window closed while the server was down is missed, with the reason, and never sent', async () => {
      await mastodonAccount();
      const { draftId } = await approvedMastodonDraft(ctx, iso(20));
      const { post: scheduled } = await schedulePost(ctx, social, { draftId, scheduledFor: iso(10) });
      await startJob().idle();
      await shutDown();

      now = at(30);
      await openStore();
      await startJob().idle();
      const missed = await post(scheduled.id);
      expect(missed.state).toBe('missed');
      expect(missed.failureReason).toBe('the window closed at 09:20 UTC before it could go out (it was due at 09:10 UTC); it was not sent late');
      expect(missed.attempts).toEqual([]);
      expect(mastodon.requests).toEqual([]);
      // W-PUB-10: social managers are told.
      const miss = (await events()).find((e) => e.action === 'posts.miss')!;
      expect(miss.actor).toBe('system');
      expect(noticesFor(miss).map((n) => [n.room, n.notice.kind])).toEqual([['role:social', 'post.missed']]);

      // Started again, it stays missed: nothing is sent late on a later start either.
      await shutDown();
      now = at(40);
      await openStore();
      await startJob().idle();
      expect((await post(scheduled.id)).state).toBe('missed');
      expect(mastodon.requests).toEqual([]);
    });
  });

  describe('exactly once', () => {
    it('W-PUB-4, W-PUB-6: a crash between the claim and the send does not double-post', async () => {
      await mastodonAccount();
      const { draftId } = await approvedMastodonDraft(ctx, iso(120));
      const { post: scheduled } = await schedulePost(ctx, social, { draftId, scheduledFor: 'now' });
      // The claim is committed, then the process dies before sending.
      await claimPost(ctx, scheduled);
      await shutDown();

      now = at(2);
      await openStore();
      await startJob().idle();
      const sent = await post(scheduled.id);
      expect(sent.state).toBe('published');
      expect(sent.attempts.map((a) => a.outcome)).toEqual(['unknown', 'published']);
      expect(mastodon.created).toHaveLength(1);
      await shutDown();
    });

    it('W-PUB-6: a send the platform took but never answered is resent with the same key after a restart, and found, not repeated', async () => {
      await mastodonAccount();
      const { draftId } = await approvedMastodonDraft(ctx, iso(120));
      mastodon.script.push('create-then-hang');
      startJob();
      const { post: scheduled } = await schedulePost(ctx, social, { draftId, scheduledFor: 'now' });
      await waitFor('the platform to create the status', async () => (mastodon.created.length === 1 ? true : null));
      // The server goes down while the answer is still on its way.
      await shutDown();
      await openStore();
      expect((await post(scheduled.id)).state).toBe('publishing');

      now = at(5);
      await startJob().idle();
      const sent = await post(scheduled.id);
      expect(sent).toMatchObject({ state: 'published', platformId: mastodon.created[0]!.id });
      expect(mastodon.created).toHaveLength(1);
      expect(mastodon.requests.map((r) => r.idempotencyKey)).toEqual([scheduled.idempotencyKey, scheduled.idempotencyKey]);
    });

    it('W-PUB-6: Mastodon forgets keys after an hour: a send cut off longer ago is not resent; a person confirms', async () => {
      await mastodonAccount();
      const { draftId } = await approvedMastodonDraft(ctx, iso(240));
      const { post: scheduled } = await schedulePost(ctx, social, { draftId, scheduledFor: 'now' });
      await claimPost(ctx, scheduled);
      await shutDown();

      now = at(90);
      await openStore();
      await startJob().idle();
      const flagged = await post(scheduled.id);
      expect(flagged.state).toBe('needs_confirmation');
      expect(flagged.failureReason).toMatch(/^Tidewatch stopped while sending it at 09:00 UTC; Mastodon forgets an idempotency key after an hour/);
      expect(flagged.attempts.map((a) => a.outcome)).toEqual(['unknown']);
      expect(mastodon.requests).toEqual([]);
      const fail = (await events()).findLast((e) => e.action === 'posts.fail')!;
      expect(noticesFor(fail).map((n) => [n.room, n.notice.kind])).toEqual([['role:social', 'post.needs_confirmation']]);

      // W-PUB-8: the social manager looked, and it had arrived.
      const { post: confirmed, opportunity } = await confirmPost(ctx, social, { postId: scheduled.id, arrived: true, url: 'https://harbour.social/@desk/1' });
      expect(confirmed).toMatchObject({ state: 'published', url: 'https://harbour.social/@desk/1', publishedAt: iso(0), failureReason: null });
      expect(opportunity.state).toBe('published');
    });

    it('W-PUB-6: a webhook cannot be asked, so a cut-off send waits for a person; one that did not arrive fails', async () => {
      const hook = http.createServer((_req, res) => res.writeHead(200).end('ok'));
      const hookUrl = await listenOnLoopback(hook);
      try {
        await addAccount(store, vault, { id: 'acct-hook', kind: 'webhook', credentials: { url: `${hookUrl}/hooks/desk`, format: 'slack' } });
        const { draftId } = await approvedMastodonDraft(ctx, iso(120));
        const { post: scheduled } = await schedulePost(ctx, social, { draftId, scheduledFor: 'now' });
        await claimPost(ctx, scheduled);
        await shutDown();

        now = at(1);
        await openStore();
        let requests = 0;
        hook.on('request', () => requests++);
        await startJob().idle();
        const flagged = await post(scheduled.id);
        expect(flagged.state).toBe('needs_confirmation');
        expect(flagged.failureReason).toMatch(/a webhook cannot be asked whether it arrived.*check Desk acct-hook \(webhook account acct-hook\), then confirm/);
        expect(requests).toBe(0);

        const { post: settled, opportunity } = await confirmPost(ctx, social, { postId: scheduled.id, arrived: false });
        expect(settled).toMatchObject({ state: 'failed', failureReason: 'Sol checked: it did not arrive' });
        expect(opportunity.state).toBe('approved');
      } finally {
        await closeServer(hook);
      }
    });
  });

  describe('failures', () => {
    it('W-PUB-5: a 5xx is retried with the same idempotency key, and each attempt is recorded', async () => {
      await mastodonAccount();
      const { draftId } = await approvedMastodonDraft(ctx, iso(120));
      mastodon.script.push({ status: 500, body: { error: 'Internal server error' } });
      // Time runs from here, so the retry 50 ms later comes due.
      const started = Date.now();
      ctx = { ...ctx, clock: () => new Date(T0 + Date.now() - started) };
      startJob();
      const { post: scheduled } = await schedulePost(ctx, social, { draftId, scheduledFor: 'now' });
      const sent = await waitFor('the retry to publish', async () => {
        const current = await post(scheduled.id);
        return current.state === 'published' ? current : null;
      });
      // The record shows before its commit is on disk; the events only after.
      await job!.idle();
      expect(sent.attempts.map((a) => a.outcome)).toEqual(['retry', 'published']);
      expect(sent.attempts[0]!.message).toMatch(/HTTP 500/);
      expect(mastodon.requests.map((r) => r.idempotencyKey)).toEqual([scheduled.idempotencyKey, scheduled.idempotencyKey]);
      expect(mastodon.created).toHaveLength(1);
      const actions = (await events()).filter((e) => e.record.id === scheduled.id).map((e) => [e.action, (e.data as { post: Post }).post.state]);
      expect(actions).toEqual([
        ['posts.schedule', 'scheduled'],
        ['posts.claim', 'publishing'],
        ['posts.fail', 'scheduled'],
        ['posts.claim', 'publishing'],
        ['posts.publish', 'published'],
      ]);
    });

    it("W-PUB-5: a 4xx fails the post at once with the platform's own words", async () => {
      await mastodonAccount();
      const { draftId } = await approvedMastodonDraft(ctx, iso(120));
      mastodon.script.push({ status: 422, body: { error: 'Validation failed: Text character limit of 500 exceeded' } });
      const { post: scheduled } = await schedulePost(ctx, social, { draftId, scheduledFor: 'now' });
      await startJob().idle();
      const failed = await post(scheduled.id);
      expect(failed.state).toBe('failed');
      expect(failed.failureReason).toBe('Mastodon refused the post (HTTP 422): Validation failed: Text character limit of 500 exceeded');
      expect(failed.attempts).toEqual([expect.objectContaining({ outcome: 'rejected', message: failed.failureReason })]);
      expect(mastodon.requests).toHaveLength(1);
      const fail = (await events()).findLast((e) => e.action === 'posts.fail')!;
      expect(noticesFor(fail)).toEqual([{ room: 'role:social', notice: expect.objectContaining({ kind: 'post.failed', text: expect.stringContaining('Text character limit of 500 exceeded') }) }]);
    });

    it('W-PUB-5: when the next try would fall after the window closes, the post fails saying after how many attempts', async () => {
      await mastodonAccount();
      const { draftId } = await approvedMastodonDraft(ctx, iso(1));
      mastodon.script.push({ status: 503, body: { error: 'Service unavailable' }, headers: { 'retry-after': '120' } });
      const { post: scheduled } = await schedulePost(ctx, social, { draftId, scheduledFor: 'now' });
      await startJob().idle();
      const failed = await post(scheduled.id);
      expect(failed.state).toBe('failed');
      expect(failed.failureReason).toMatch(/^the window closed after 1 attempt: the server asked us to slow down \(HTTP 503\)/);
      expect(mastodon.requests).toHaveLength(1);
    });

    it('W-PUB-5: Retry-After is honoured: the next attempt is not before it', async () => {
      await mastodonAccount();
      const { draftId } = await approvedMastodonDraft(ctx, iso(120));
      mastodon.script.push({ status: 429, body: { error: 'Too many requests' }, headers: { 'retry-after': '300' } });
      const { post: scheduled } = await schedulePost(ctx, social, { draftId, scheduledFor: 'now' });
      await startJob().idle();
      expect(await post(scheduled.id)).toMatchObject({ state: 'scheduled', nextAttemptAt: iso(5) });
      expect(mastodon.requests).toHaveLength(1);
    });
  });

  it('W-PUB-2: fires within seconds of the due time, and not before it', async () => {
    // The real clock: the post is due a second from now.
    ctx = { ...ctx, clock: () => new Date() };
    await mastodonAccount();
    const { draftId } = await approvedMastodonDraft(ctx, new Date(Date.now() + 3_600_000).toISOString());
    startJob({ rescanMs: 30_000 });
    const { post: scheduled } = await schedulePost(ctx, social, { draftId, scheduledFor: new Date(Date.now() + 1_000).toISOString() });
    const sent = await waitFor('the post to go out', async () => {
      const current = await post(scheduled.id);
      return current.state === 'published' ? current : null;
    });
    expect(Date.parse(sent.publishedAt!)).toBeGreaterThanOrEqual(Date.parse(scheduled.scheduledFor));
    expect(mastodon.created).toHaveLength(1);
  });

  it('W-PUB-7: a post without an account waits for a person at its time, who records where it went out', async () => {
    const { draftId, opportunityId } = await approvedMastodonDraft(ctx, iso(120));
    const { post: scheduled } = await schedulePost(ctx, social, { draftId, scheduledFor: iso(5) });
    expect(scheduled.accountId).toBeNull();
    await startJob().idle();
    expect((await post(scheduled.id)).state).toBe('scheduled');

    now = at(5);
    await job!.stop();
    await startJob().idle();
    expect((await post(scheduled.id)).state).toBe('awaiting_manual');
    const claim = (await events()).findLast((e) => e.action === 'posts.claim')!;
    expect(noticesFor(claim).map((n) => [n.room, n.notice.kind])).toEqual([['role:social', 'post.awaiting_manual']]);
    expect((await store.getRecord('opportunity', opportunityId))?.state).toBe('scheduled');

    now = at(7);
    const { post: recorded, opportunity } = await recordManualPost(ctx, social, { postId: scheduled.id, url: 'https://harbour.social/@desk/77' });
    expect(recorded).toMatchObject({ state: 'published', url: 'https://harbour.social/@desk/77', publishedAt: iso(7) });
    expect(opportunity.state).toBe('published');
    expect((await events()).findLast((e) => e.record.id === scheduled.id)?.action).toBe('posts.confirm');
  });

  it('W-PUB-9: a post whose words are no longer the approved ones is held, never sent', async () => {
    await mastodonAccount();
    const { draftId } = await approvedMastodonDraft(ctx, iso(120));
    const { post: scheduled } = await schedulePost(ctx, social, { draftId, scheduledFor: 'now' });
    // As if a new version slipped in without holding the post: the words it carries are not approved.
    await store.commit([{ kind: 'post', record: { ...scheduled, rev: 2, contentHash: 'other words' }, expectedRev: 1 }], []);
    await startJob().idle();
    expect(await post(scheduled.id)).toMatchObject({ state: 'held', holdReason: 'review reopened' });
    expect(mastodon.requests).toEqual([]);
  });

  it('W-PUB-4: a disabled account fails the post in words, without reaching any platform', async () => {
    await mastodonAccount();
    const { draftId } = await approvedMastodonDraft(ctx, iso(120));
    const { post: scheduled } = await schedulePost(ctx, social, { draftId, scheduledFor: iso(5) });
    const account = (await store.getRecord('account', 'acct-masto'))!;
    await store.commit([{ kind: 'account', record: { ...account, rev: 2, disabled: true }, expectedRev: 1 }], []);
    now = at(5);
    await startJob().idle();
    const failed = await post(scheduled.id);
    expect(failed.state).toBe('failed');
    expect(failed.failureReason).toMatch(/the publishing account Desk acct-masto is disabled/);
    expect(mastodon.requests).toEqual([]);
  });
});
