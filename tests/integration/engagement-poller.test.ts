import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSafeFetch } from '../../connectors/http/safe-fetch.js';
import { PUBLISHERS } from '../../connectors/publishers.js';
import type { AnyEvent, Post, PublishingAccount } from '../../server/domain/index.js';
import { createEngagementPoller, type EngagementPoller } from '../../server/jobs/engagement-poller.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { createPublishingVault } from '../../server/workflow/publishing-vault.js';
import { createWorkflowContext } from '../../server/workflow/workflow-context.js';
import { buildOpportunity, buildPost } from '../support/builders.js';
import { closeServer, listenOnLoopback } from '../support/local-server.js';
import { tempDirs } from '../support/temp-dir.js';

/*
 * W-POST-8: the engagement poller against a local Mastodon that counts favourites, boosts and
 * replies. The job is driven minute by minute with an injected clock: nothing waits on real time.
 */

const at = (hhmm: string) => new Date(`2026-11-01T${hhmm}:00.000Z`);
const hhmm = (iso: string | null) => iso?.slice(11, 16) ?? null;

/** How the fake instance answers for each status id; `reads` counts the GETs it served. */
const statuses = new Map<string, { answer: 'ok' | 'unavailable' | 'gone'; reads: number }>();
let server: http.Server;
let origin: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const id = /^\/api\/v1\/statuses\/(\w+)$/.exec(req.url ?? '')?.[1] ?? '';
    const status = statuses.get(id);
    const reply = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (req.headers['authorization'] !== 'Bearer desk-token') return reply(401, { error: 'The access token is invalid' });
    if (!status || status.answer === 'gone') return reply(404, { error: 'Record not found' });
    if (status.answer === 'unavailable') return reply(503, { error: 'Service unavailable' });
    status.reads++;
    // Reception grows with every reading: 10 favourites, 3 boosts and 1 reply each time.
    reply(200, { id, uri: `${origin}/users/desk/statuses/${id}`, favourites_count: 10 * status.reads, reblogs_count: 3 * status.reads, replies_count: status.reads });
  });
  origin = await listenOnLoopback(server);
});

afterAll(async () => {
  await closeServer(server);
});

describe('the engagement poller', () => {
  const dirs = tempDirs();
  const vault = createPublishingVault(randomBytes(32));
  let store: Store;
  let now: Date;
  let poller: EngagementPoller;
  let logged: string[];
  let events: AnyEvent[];

  beforeEach(async () => {
    statuses.clear();
    store = await openLowdbStore({ dataDir: dirs.fresh() });
    now = at('09:00');
    logged = [];
    events = [];
    store.onEvents((batch) => events.push(...batch));
    poller = createEngagementPoller({
      ctx: createWorkflowContext(store, () => now),
      vault,
      publishers: PUBLISHERS,
      fetch: createSafeFetch({ allowPrivateAddresses: true, timeoutMs: 2_000 }),
      log: (message) => logged.push(message),
    });
    // An opportunity whose window closes at 12:20, and the desk's Mastodon account.
    await store.commit([{ kind: 'opportunity', record: buildOpportunity('op-1', { state: 'published', deadline: '2026-11-01T12:20:00.000Z' }), expectedRev: null }], []);
    await addAccount('acc-desk', 'mastodon', { instance: origin, accessToken: 'desk-token' });
  });

  afterEach(async () => {
    await store.close();
    dirs.removeAll();
  });

  async function addAccount(id: string, kind: PublishingAccount['kind'], credentials: unknown): Promise<void> {
    const account: PublishingAccount = {
      id,
      rev: 1,
      name: `Desk ${kind}`,
      kind,
      channel: 'mastodon',
      label: kind,
      sealed: vault.sealCredentials(id, credentials),
      disabled: false,
      createdBy: 'ada',
      createdAt: '2026-11-01T08:00:00.000Z',
      updatedAt: '2026-11-01T08:00:00.000Z',
    };
    await store.commit([{ kind: 'account', record: account, expectedRev: null }], []);
  }

  /** A post published at 10:00 through the account, as the scheduler leaves it. */
  async function published(id: string, platformId: string, overrides: Partial<Post> = {}): Promise<Post> {
    statuses.set(platformId, { answer: 'ok', reads: 0 });
    const post = buildPost(id, {
      opportunityId: 'op-1',
      state: 'published',
      publishedAt: '2026-11-01T10:00:00.000Z',
      platformId,
      accountId: 'acc-desk',
      url: `${origin}/@desk/${platformId}`,
      ...overrides,
    });
    await store.commit([{ kind: 'post', record: post, expectedRev: null }], []);
    return post;
  }

  /** Runs a pass at every minute from `from` to `to`, both included. */
  async function runMinutes(from: string, to: string): Promise<void> {
    for (let t = at(from).getTime(); t <= at(to).getTime(); t += 60_000) {
      now = new Date(t);
      await poller.pollDue();
    }
  }

  const post = async (id: string) => (await store.getRecord('post', id))!;

  it('W-POST-8: after publication readings accrue on the decaying schedule, and stop when the window has closed', async () => {
    await published('pst-a', '110000000000000900');
    await runMinutes('09:58', '13:30');

    const read = await post('pst-a');
    expect(read.engagement.map((sample) => hhmm(sample.at))).toEqual([
      '10:05', '10:10', '10:15', '10:20', '10:25', '10:30',
      '10:45', '11:00', '11:15', '11:30', '11:45', '12:00',
      '12:20',
    ]);
    expect(read.engagement.at(-1)).toEqual({ at: '2026-11-01T12:20:00.000Z', likes: 130, reposts: 39, replies: 13 });
    expect(read.nextEngagementAt).toBeNull();
    expect(read.state).toBe('published');
    expect(statuses.get('110000000000000900')!.reads).toBe(13);

    // One event per reading, by the system; the last says why the readings stop.
    const readings = events.filter((event) => event.action === 'posts.engagement');
    expect(readings).toHaveLength(13);
    expect(new Set(readings.map((event) => event.actor))).toEqual(new Set(['system']));
    expect(readings.map((event) => (event.action === 'posts.engagement' ? hhmm(event.data.post.nextEngagementAt) : null)).slice(0, 3)).toEqual(['10:10', '10:15', '10:20']);
    expect(readings.at(-1)!.data).toMatchObject({ reason: 'last reading: the window closed at 12:20 UTC' });
    // The opportunity is not written: engagement changes nothing its state follows.
    expect((await store.getRecord('opportunity', 'op-1'))!.rev).toBe(1);
  });

  it('W-POST-8: a failing platform leaves the post as it is and is asked again at the next time, without stopping the others', async () => {
    await published('pst-a', '110000000000000900');
    await published('pst-b', '110000000000000901');
    statuses.get('110000000000000900')!.answer = 'unavailable';
    await runMinutes('10:00', '10:05');
    const failing = await post('pst-a');
    expect(failing).toMatchObject({ rev: 1, state: 'published', engagement: [], nextEngagementAt: null });
    expect((await post('pst-b')).engagement.map((sample) => hhmm(sample.at))).toEqual(['10:05']);
    expect(logged).toEqual([expect.stringMatching(/^Could not read the engagement of mastodon post pst-a: .*HTTP 503.*; trying again at 10:10 UTC\.$/)]);

    // Not asked again before the next time of the schedule; asked then, and read once it answers.
    statuses.get('110000000000000900')!.answer = 'ok';
    await runMinutes('10:06', '10:09');
    expect(statuses.get('110000000000000900')!.reads).toBe(0);
    await runMinutes('10:10', '10:10');
    expect((await post('pst-a')).engagement).toEqual([{ at: '2026-11-01T10:10:00.000Z', likes: 10, reposts: 3, replies: 1 }]);
    expect((await post('pst-a')).nextEngagementAt).toBe('2026-11-01T10:15:00.000Z');
    expect((await post('pst-b')).engagement.map((sample) => hhmm(sample.at))).toEqual(['10:05', '10:10']);
  });

  it('W-POST-8: a platform that refuses the reading (a deleted post) ends the watch, in words', async () => {
    await published('pst-a', '110000000000000900');
    await runMinutes('10:05', '10:05');
    statuses.get('110000000000000900')!.answer = 'gone';
    await runMinutes('10:06', '10:30');
    const gone = await post('pst-a');
    expect(gone.engagement).toHaveLength(1);
    expect(gone.nextEngagementAt).toBeNull();
    const last = events.filter((event) => event.action === 'posts.engagement').at(-1)!;
    expect(last.data).toMatchObject({ reason: "the platform refused the reading: Mastodon refused a reading of the post's engagement (HTTP 404): Record not found" });
    expect(events.filter((event) => event.action === 'posts.engagement')).toHaveLength(2);
  });

  it('W-POST-8: a reading the publisher planned is kept to; posts not published through an account with an id are left alone', async () => {
    await published('pst-a', '110000000000000900', { nextEngagementAt: '2026-11-01T10:30:00.000Z' });
    await published('pst-manual', '110000000000000902', { accountId: null });
    await published('pst-cancelled', '110000000000000903', { state: 'cancelled' });
    await runMinutes('10:00', '10:30');
    expect((await post('pst-a')).engagement.map((sample) => hhmm(sample.at))).toEqual(['10:30']);
    expect(statuses.get('110000000000000902')!.reads + statuses.get('110000000000000903')!.reads).toBe(0);
  });

  it('W-POST-8: posts through a webhook have no engagement to read: the watch ends without asking anyone', async () => {
    await addAccount('acc-hook', 'webhook', { url: `${origin}/hooks/desk` });
    await published('pst-hook', 'webhook:idem-pst-hook', { accountId: 'acc-hook', nextEngagementAt: '2026-11-01T10:05:00.000Z' });
    await runMinutes('10:00', '10:20');
    expect((await post('pst-hook')).nextEngagementAt).toBeNull();
    expect(events.filter((event) => event.action === 'posts.engagement').map((event) => event.data)).toEqual([
      expect.objectContaining({ reason: 'webhook posts report no engagement to read' }),
    ]);
  });
});
