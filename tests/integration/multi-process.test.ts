import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AnyEvent, EventsPage, PresenceEntry } from '../../server/realtime/protocol.js';
import type { Post } from '../../server/domain/index.js';
import { openPostgresStore } from '../../server/store/postgres-store.js';
import type { Store } from '../../server/store/store.js';
import { schedulePost } from '../../server/workflow/post-commands.js';
import { createPublishingVault } from '../../server/workflow/publishing-vault.js';
import { newSecretKey, parseSecretKey } from '../../server/workflow/secret-box.js';
import { createWorkflowContext } from '../../server/workflow/workflow-context.js';
import { joinBoard, openBoardSocket, type BoardSocket } from '../support/board-socket.js';
import { startFakeMastodon, type FakeMastodon } from '../support/fake-mastodon.js';
import { signInOverHttp, type HttpSession } from '../support/http-session.js';
import { addAccount, addPublishingCast, approvedMastodonDraft, social } from '../support/publishing-scene.js';
import { createTestDatabase, describePostgres, postgresUnavailable, type TestDatabase } from '../support/postgres.js';
import { runCli, startServer, type RunningServer } from '../support/run-cli.js';
import { signIn } from '../support/sign-in.js';
import { tempDirs } from '../support/temp-dir.js';

/**
 * Two `tidewatch start` processes on two ports sharing one PostgreSQL database, as behind a load
 * balancer: one leads, the board on either sees changes made through the other, and a kill -9 of
 * the leader mid-send loses no acknowledged item and sends no post twice while the other takes over. Bounds here are generous
 * waits, never claims about speed (bench/multi-process.ts measures that).
 */
const unavailable = await postgresUnavailable();


interface Health {
  role: 'leader' | 'follower';
  store: { kind: string; location: string; lastSeq: number };
  lag: { detectorSeconds: number | null; events: number; heardSeq: number; emittedSeq: number };
}

const EMAIL = 'ana@newsroom.example';
const PASSWORD = 'quiet harbour at noon';

describePostgres('several Tidewatch processes on one PostgreSQL database', unavailable, () => {
  let db: TestDatabase;
  const dirs = tempDirs();
  const servers = new Map<'a' | 'b', RunningServer>();
  const sockets: BoardSocket[] = [];
  let cookie: string;
  let session: HttpSession;
  let mastodon: FakeMastodon;
  /** The test's own connection to the database, for seeding the workflow as a command would. */
  let store: Store;

  // Private fetches allowed: the fake Mastodon listens on loopback.
  const env = () => ({ DATABASE_URL: db.url, TIDEWATCH_SECRET_KEY: secretKey, TIDEWATCH_QUIET_HOURS: 'none', TIDEWATCH_ALLOW_PRIVATE_FETCH: 'true' });
  const secretKey = newSecretKey();

  async function health(server: RunningServer): Promise<Health> {
    const response = await fetch(new URL('/health', server.url));
    if (!response.ok) throw new Error(`/health answered ${response.status}`);
    return (await response.json()) as Health;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    mastodon = await startFakeMastodon();
    const added = runCli(['members', 'add', '--email', EMAIL, '--name', 'Ana Admin', '--role', 'admin', '--data', dirs.fresh()], env(), `${PASSWORD}\n`);
    expect(added.stderr).toBe('');
    // A first, so it leads; B starts once A holds the lock.
    const a = await startServer(['--data', dirs.fresh()], env());
    servers.set('a', a);
    await waitFor(async () => (await health(a)).role === 'leader', 'process A to lead');
    servers.set('b', await startServer(['--data', dirs.fresh()], env()));
    cookie = (await signIn(a.url, EMAIL, PASSWORD)).cookie;
    session = await signInOverHttp(a.url, EMAIL, PASSWORD);
    store = await openPostgresStore({ connectionString: db.url });
  });

  afterAll(async () => {
    sockets.splice(0).forEach((socket) => socket.disconnect());
    for (const server of servers.values()) await server.kill('SIGTERM');
    await store?.close();
    await mastodon?.close();
    dirs.removeAll();
    await db?.drop();
  });

  /** A board's socket on one process, with the member's cookie (a session is valid on every process: it lives in the database). */
  function open(server: RunningServer): BoardSocket {
    return openBoardSocket(server.url, { cookie }, sockets);
  }


  /** Every event pushed to a socket, in arrival order. */
  function recordPushes(socket: BoardSocket): AnyEvent[] {
    const pushed: AnyEvent[] = [];
    socket.onAny((name: string, payload: unknown) => {
      if (name !== 'board.hello' && name !== 'presence' && name !== 'notice') pushed.push(payload as AnyEvent);
    });
    return pushed;
  }

  it('elects exactly one leader; the other follows', async () => {
    const roles = await Promise.all([...servers.values()].map(async (server) => (await health(server)).role));
    expect(roles.sort()).toEqual(['follower', 'leader']);
    const b = await health(servers.get('b')!);
    expect(b.store).toMatchObject({ kind: 'postgres', location: `database ${db.name} on 127.0.0.1:5432` });
    expect(b.lag.events).toBeGreaterThanOrEqual(0);
    const metrics = await (await fetch(new URL('/metrics', servers.get('b')!.url))).text();
    expect(metrics).toMatch(/^tidewatch_leader 0$/m);
    expect(metrics).toMatch(/^tidewatch_websocket_clients \d+$/m);
  });

  it("pushes a change made through one process to the board's sockets on the other, once each, and shares presence", async () => {
    const [onA, onB] = [open(servers.get('a')!), open(servers.get('b')!)];
    const [pushedA, pushedB] = [recordPushes(onA), recordPushes(onB)];
    await Promise.all([joinBoard(onA), joinBoard(onB)]);

    const viaA = await session.call<{ source: { id: string }; token: string }>('POST', '/api/sources', { id: 'desk-a', name: 'Desk A', kind: 'webhook', channel: 'news', options: {} });
    const sessionB = await signInOverHttp(servers.get('b')!.url, EMAIL, PASSWORD);
    await sessionB.call('POST', '/api/sources', { id: 'desk-b', name: 'Desk B', kind: 'webhook', channel: 'news', options: {} });
    const sawBoth = (pushed: AnyEvent[]) => ['desk-a', 'desk-b'].every((id) => pushed.some((e) => e.action === 'sources.update' && e.record.id === id));
    await waitFor(async () => sawBoth(pushedA) && sawBoth(pushedB), 'both sockets to hear both sources');
    expect(viaA.source.id).toBe('desk-a');

    // An event larger than NOTIFY carries (about 8 KB) travels through the adapter's attachment table.
    const batch = Array.from({ length: 30 }, (_, i) => ({ externalId: `big-${i}`, title: `Long read ${i}`, text: `${'The harbour authority published its yearly report. '.repeat(10)}(${i})` }));
    const pushed = await fetch(new URL('/api/ingest/desk-a', servers.get('a')!.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${viaA.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: batch }),
    });
    expect(pushed.status).toBe(200);
    const bigOn = (events: AnyEvent[]) => events.find((e) => e.action === 'items.create' && e.record.id === 'desk-a');
    await waitFor(async () => bigOn(pushedB) !== undefined, "B's socket to hear the large items.create");
    const big = bigOn(pushedB)!;
    expect(big.action === 'items.create' && big.data.items.length).toBe(30);
    expect(JSON.stringify(big).length).toBeGreaterThan(8_000);
    // Each event reached each socket once: the committing process pushed it, no other relayed it.
    await joinBoard(onA);
    await joinBoard(onB);
    for (const pushed of [pushedA, pushedB]) {
      const seqs = pushed.map((e) => e.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
    }

    // Presence: a member looking at something on A is shown on B's board.
    const presenceOnB = new Promise<PresenceEntry[]>((resolve) => {
      onB.on('presence', ({ entries }) => {
        if (entries.some((entry) => entry.target.id === 'opp-on-a')) resolve(entries);
      });
    });
    onA.emit('presence.set', { kind: 'opportunity', id: 'opp-on-a', editing: false });
    expect((await presenceOnB).map((entry) => [entry.name, entry.target.id])).toEqual([['Ana Admin', 'opp-on-a']]);
    onA.disconnect();
    onB.disconnect();
  });

  it('hands the background work to the other process when the leader is killed: no acknowledged item lost, no post sent twice, the board converges', async () => {
    const leaderKey = (await health(servers.get('a')!)).role === 'leader' ? 'a' : 'b';
    const leader = servers.get(leaderKey)!;
    const follower = servers.get(leaderKey === 'a' ? 'b' : 'a')!;
    const { token } = await session.call<{ token: string }>('POST', '/api/sources', { id: 'wire', name: 'Wire', kind: 'webhook', channel: 'news', options: {} });

    // A post the leader is sending when it dies: Mastodon creates the status, the answer never comes.
    const ctx = createWorkflowContext(store);
    await addPublishingCast(store);
    await addAccount(store, createPublishingVault(parseSecretKey(secretKey)), { id: 'acct-masto', kind: 'mastodon', credentials: { instance: mastodon.origin, accessToken: 'token-abc' } });
    const deadline = new Date(Date.now() + 2 * 3_600_000).toISOString();
    const drafts = [await approvedMastodonDraft(ctx, deadline, 'The harbour ferries run again from 10:00.'), await approvedMastodonDraft(ctx, deadline, 'Ferry tickets are valid all week.')];
    mastodon.script.push('create-then-hang');
    const { post: cutOff } = await schedulePost(ctx, social, { draftId: drafts[0]!.draftId, scheduledFor: 'now' });
    await waitFor(async () => mastodon.created.length === 1 && (await store.getRecord('post', cutOff.id))?.state === 'publishing', 'the leader to start sending the post');
    // And one that falls due around the kill.
    const { post: due } = await schedulePost(ctx, social, { draftId: drafts[1]!.draftId, scheduledFor: new Date(Date.now() + 1_500).toISOString() });

    // A board on the follower, and one on the leader that will reconnect to the follower.
    const stays = open(follower);
    const stayed = recordPushes(stays);
    const stayedFrom = (await joinBoard(stays)).seq;
    const moves = open(leader);
    const moved = recordPushes(moves);
    const movedFrom = (await joinBoard(moves)).seq;

    // Items pushed to both processes, one at a time per process, across the kill.
    const acknowledged: string[] = [];
    let stopStream = false;
    let sent = 0;
    const stream = async (server: RunningServer, prefix: string) => {
      while (!stopStream) {
        const externalId = `${prefix}-${sent++}`;
        const answer = await fetch(new URL('/api/ingest/wire', server.url), {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ externalId, title: `Harbour ferry update ${externalId}`, text: `The harbour ferry timetable changes again (${externalId}).` }),
        }).catch(() => null);
        if (answer?.ok) acknowledged.push(externalId);
        else if (server === leader) return; // the leader is gone: its stream ends, unacknowledged
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const streams = [stream(leader, 'to-leader'), stream(follower, 'to-follower')];
    await waitFor(async () => acknowledged.length >= 20, 'the first items to be stored');
    await leader.kill('SIGKILL');
    servers.delete(leaderKey);

    // The follower takes over: it holds the lock and rebuilds the detector from the stored items.
    await waitFor(async () => (await health(follower)).role === 'leader', 'the follower to take over', 30_000);
    await waitFor(async () => (await health(follower)).lag.detectorSeconds !== null, "the new leader's detector to take items in", 30_000);
    const countAfterTakeover = acknowledged.length;
    await waitFor(async () => acknowledged.length >= countAfterTakeover + 10, 'more items after the takeover');
    stopStream = true;
    await Promise.all(streams);

    // The new leader reconciled the cut-off post (resent with the same key: found, not repeated) and sent the other once.
    const settledPost = async (id: string) => ((await store.getRecord('post', id)) as Post | null)?.state;
    await waitFor(async () => (await settledPost(cutOff.id)) === 'published' && (await settledPost(due.id)) === 'published', 'both posts to be published', 30_000);
    expect(mastodon.created.map((status) => status.idempotencyKey).sort()).toEqual([cutOff.idempotencyKey, due.idempotencyKey].sort());
    expect(mastodon.requests.filter((request) => request.idempotencyKey === cutOff.idempotencyKey)).toHaveLength(2);

    const stored = new Set((await db.query<{ id: string }>("SELECT item->>'externalId' AS id FROM items WHERE source_id = 'wire'")).map((row) => row.id));
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect(acknowledged.some((id) => id.startsWith('to-leader'))).toBe(true);

    // The board that lost its process reconnects to the survivor and catches up from the log;
    // the one that stayed fills any gap the same way. Both end at the database's last event.
    moves.disconnect();
    const again = open(follower);
    recordPushes(again);
    await joinBoard(again);
    const lastSeq = (await health(follower)).store.lastSeq;
    const boardState = async (pushed: AnyEvent[], from: number) => {
      const seen = new Set(pushed.map((e) => e.seq).filter((seq) => seq > from));
      // Resync as the board does: pages of the log after the last sequence number it holds
      // without a gap before it.
      let since = from;
      while (seen.has(since + 1)) since++;
      let page: EventsPage;
      do {
        page = await session.call<EventsPage>('GET', `/api/events?since=${since}&limit=1000`);
        for (const event of page.events) seen.add(event.seq);
        since = page.events.at(-1)?.seq ?? since;
      } while (page.events.length > 0 && since < page.lastSeq);
      return { seen, lastSeq: page.lastSeq };
    };
    const survivorSession = await signInOverHttp(follower.url, EMAIL, PASSWORD);
    session = survivorSession;
    for (const [pushed, from] of [
      [stayed, stayedFrom],
      [moved, movedFrom],
    ] as const) {
      const state = await boardState(pushed, from);
      expect(state.lastSeq).toBeGreaterThanOrEqual(lastSeq);
      // Every sequence number after the board's start, and nothing else: no gap, nothing invented.
      const expected = Array.from({ length: state.lastSeq - from }, (_, i) => from + 1 + i);
      expect([...state.seen].sort((x, y) => x - y)).toEqual(expected);
    }
    // The surviving board was pushed items the leader stored before it died, through the adapter.
    expect(stayed.some((e) => e.action === 'items.create' && e.data.items.some((item) => item.externalId.startsWith('to-leader')))).toBe(true);
    // What the surviving board was pushed, it was pushed once.
    const seqs = stayed.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
  });
});

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < until) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms${last ? ` (last error: ${(last as Error).message})` : ''}`);
}
