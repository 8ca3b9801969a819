import type { Server as HttpServer } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.js';
import { attachBoardHub, type BoardHub } from '../../server/realtime/board-hub.js';
import type { PresenceAck, PresenceEntry, PresenceSet } from '../../server/realtime/protocol.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { updateMember } from '../../server/workflow/member-commands.js';
import { createWorkflowContext } from '../../server/workflow/workflow-context.js';
import { openBoardSocket, type BoardSocketAuth, type BoardSocket } from '../support/board-socket.js';
import { listenOnLoopback } from '../support/local-server.js';
import { apiTokenHeaders, signInAsNewMember } from '../support/sign-in.js';
import { tempDir } from '../support/temp-dir.js';


/** What each socket last heard on `presence`, and a way to wait for a snapshot that passes a test. */
class PresenceWatch {
  latest: PresenceEntry[] | null = null;
  private waiters: Array<{ test: (entries: PresenceEntry[]) => boolean; resolve: (entries: PresenceEntry[]) => void }> = [];
  count = 0;

  constructor(socket: BoardSocket) {
    socket.on('presence', ({ entries }) => {
      this.latest = entries;
      this.count++;
      this.waiters = this.waiters.filter((w) => (w.test(entries) ? (w.resolve(entries), false) : true));
    });
  }

  /** Resolves with the first snapshot that passes; fails after a few seconds, showing the last one heard. */
  until(test: (entries: PresenceEntry[]) => boolean, ms = 5_000): Promise<PresenceEntry[]> {
    if (this.latest && test(this.latest)) return Promise.resolve(this.latest);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such presence within ${ms} ms; last heard: ${JSON.stringify(this.latest)}`)), ms);
      this.waiters.push({
        test,
        resolve: (entries) => {
          clearTimeout(timer);
          resolve(entries);
        },
      });
    });
  }
}

const on = (entries: PresenceEntry[], kind: PresenceSet['kind'], id: string) => entries.filter((e) => e.target.kind === kind && e.target.id === id);

describe('presence over real sockets', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let hub: BoardHub;
  let url: string;
  const sockets: BoardSocket[] = [];

  beforeEach(async () => {
    dir = tempDir();
    store = await openLowdbStore({ dataDir: dir.path });
    const app = createApp({ store, version: 'presence', startedAt: Date.now(), webRoot: null, log: () => undefined, clock: () => new Date() });
    const server = createAdaptorServer({ fetch: app.fetch }) as HttpServer;
    hub = attachBoardHub(server, { store, version: 'presence' });
    store.onEvents((events) => hub.broadcast(events));
    url = await listenOnLoopback(server);
  });

  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.disconnect());
    await hub.close();
    await store.close();
    dir.remove();
  });

  const open = (auth: BoardSocketAuth): BoardSocket => openBoardSocket(url, auth, sockets);

  /** Opens a socket, joins the board and waits for the presence that follows the hello. */
  async function joined(auth: { cookie?: string; token?: string }): Promise<{ socket: BoardSocket; watch: PresenceWatch; first: PresenceEntry[] }> {
    const socket = open(auth);
    const watch = new PresenceWatch(socket);
    const hello = new Promise<void>((resolve) => socket.once('board.hello', () => resolve()));
    const first = new Promise<PresenceEntry[]>((resolve) => socket.once('presence', ({ entries }) => resolve(entries)));
    socket.emit('board.join');
    await hello;
    return { socket, watch, first: await first };
  }

  function say(socket: BoardSocket, target: unknown): Promise<PresenceAck> {
    return new Promise((resolve) => (socket.emit as (event: string, ...args: unknown[]) => void)('presence.set', target, resolve));
  }

  async function twoMembers() {
    const ana = await signInAsNewMember(url, store, { email: 'ana@newsroom.example', name: 'Ana Editor' });
    const ben = await signInAsNewMember(url, store, { email: 'ben@newsroom.example', name: 'Ben Legal', roles: ['legal'] });
    return { ana: { ...ana, ...(await joined({ cookie: ana.headers.cookie })) }, ben: { ...ben, ...(await joined({ cookie: ben.headers.cookie })) } };
  }

  it('shows who views what, who edits a draft together, and who left', async () => {
    const { ana, ben } = await twoMembers();
    expect(ana.first).toEqual([]);

    expect(await say(ana.socket, { kind: 'opportunity', id: 'opp_x', editing: false })).toEqual({ ok: true });
    const seen = await ben.watch.until((entries) => on(entries, 'opportunity', 'opp_x').length === 1);
    expect(on(seen, 'opportunity', 'opp_x')).toEqual([
      { memberId: ana.member.id, name: 'Ana Editor', target: { kind: 'opportunity', id: 'opp_x' }, editing: false, since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    ]);

    await say(ana.socket, { kind: 'draft', id: 'drf_d', editing: true });
    await say(ben.socket, { kind: 'draft', id: 'drf_d', editing: true });
    for (const watch of [ana.watch, ben.watch]) {
      const both = await watch.until((entries) => on(entries, 'draft', 'drf_d').length === 2);
      expect(on(both, 'draft', 'drf_d').map((e) => [e.name, e.editing]).sort()).toEqual([
        ['Ana Editor', true],
        ['Ben Legal', true],
      ]);
      // Ana moved from the opportunity to the draft: one place at a time per tab.
      expect(on(both, 'opportunity', 'opp_x')).toEqual([]);
    }

    ana.socket.disconnect();
    const after = await ben.watch.until((entries) => !entries.some((e) => e.memberId === ana.member.id));
    expect(after.map((e) => [e.memberId, e.target.id])).toEqual([[ben.member.id, 'drf_d']]);
  });

  it('sends a late joiner who is where right after its hello', async () => {
    const ana = await signInAsNewMember(url, store, { email: 'ana@newsroom.example', name: 'Ana Editor' });
    const first = await joined({ cookie: ana.headers.cookie });
    await say(first.socket, { kind: 'opportunity', id: 'opp_y', editing: false });
    const ben = await signInAsNewMember(url, store, { email: 'ben@newsroom.example', name: 'Ben' });
    const late = await joined({ cookie: ben.headers.cookie });
    expect(late.first.map((e) => [e.name, e.target])).toEqual([['Ana Editor', { kind: 'opportunity', id: 'opp_y' }]]);
  });

  it("makes one entry of a member's tabs on one record, editing when any tab edits", async () => {
    const { ana, ben } = await twoMembers();
    const anaSecondTab = (await joined({ cookie: ana.headers.cookie })).socket;
    await say(ana.socket, { kind: 'draft', id: 'drf_d', editing: false });
    await say(anaSecondTab, { kind: 'draft', id: 'drf_d', editing: true });
    const merged = await ben.watch.until((entries) => on(entries, 'draft', 'drf_d').some((e) => e.editing));
    expect(on(merged, 'draft', 'drf_d')).toHaveLength(1);
    const since = on(merged, 'draft', 'drf_d')[0]!.since;

    // The editing tab closes: Ana is still there, reading, since she first came.
    anaSecondTab.disconnect();
    const reading = await ben.watch.until((entries) => on(entries, 'draft', 'drf_d').length === 1 && !on(entries, 'draft', 'drf_d')[0]!.editing);
    expect(on(reading, 'draft', 'drf_d')[0]).toMatchObject({ memberId: ana.member.id, editing: false, since });

    // Clearing with null takes the last tab off the draft.
    await say(ana.socket, null);
    await ben.watch.until((entries) => on(entries, 'draft', 'drf_d').length === 0);
  });

  it('sends nothing when a change does not change what the board sees', async () => {
    const { ana, ben } = await twoMembers();
    await say(ana.socket, { kind: 'opportunity', id: 'opp_x', editing: false });
    await ben.watch.until((entries) => entries.length === 1);
    const heard = ben.watch.count;
    const secondTab = (await joined({ cookie: ana.headers.cookie })).socket;
    await say(secondTab, { kind: 'opportunity', id: 'opp_x', editing: false });
    await say(ana.socket, { kind: 'opportunity', id: 'opp_x', editing: false });
    // A change that does show, as a marker: everything before it has landed.
    await say(ben.socket, { kind: 'opportunity', id: 'opp_z', editing: false });
    await ben.watch.until((entries) => entries.length === 2);
    expect(ben.watch.count).toBe(heard + 1);
  });

  it('refuses bad payloads in words, keeps the socket, and changes nothing', async () => {
    const { ana, ben } = await twoMembers();
    await say(ana.socket, { kind: 'opportunity', id: 'opp_x', editing: false });
    await ben.watch.until((entries) => entries.length === 1);
    for (const bad of [
      { kind: 'story', id: 'st_1', editing: false },
      { kind: 'draft', id: 'x'.repeat(201), editing: false },
      { kind: 'draft', id: '', editing: false },
      { kind: 'draft', id: 'drf_d' },
      { kind: 'draft', id: 'drf_d', editing: 'yes' },
      { kind: 'draft', id: 'drf_d', editing: true, extra: 1 },
      'opp_x',
      42,
      [],
    ]) {
      const answer = await say(ana.socket, bad);
      expect(answer.ok, JSON.stringify(bad)).toBe(false);
      expect(answer.ok === false && answer.error).toMatch(/send \{ kind: "opportunity" \| "draft", id, editing \} or null/);
    }
    // Without an acknowledgement, or with something else in its place, nothing breaks either.
    ana.socket.emit('presence.set', { kind: 'nope' } as unknown as PresenceSet);
    (ana.socket.emit as (event: string, ...args: unknown[]) => void)('presence.set', { kind: 'nope' }, 'not a function');
    expect(await say(ana.socket, { kind: 'opportunity', id: 'opp_x', editing: true })).toEqual({ ok: true });
    expect(ana.socket.connected).toBe(true);
    const now = await ben.watch.until((entries) => entries.some((e) => e.editing));
    // Only the good payloads counted: Ana is still on opp_x, now editing it.
    expect(now.map((e) => [e.memberId, e.target.id, e.editing])).toEqual([[ana.member.id, 'opp_x', true]]);
  });

  it('leaves API tokens out: an integration is not a person on the board', async () => {
    const token = (await apiTokenHeaders(store, ['editor'])).authorization.replace('Bearer ', '');
    const integration = await joined({ token });
    const answer = await say(integration.socket, { kind: 'opportunity', id: 'opp_x', editing: false });
    expect(answer).toEqual({ ok: false, error: expect.stringMatching(/presence is for members/) });
  });

  it('follows a member who is renamed, and drops one who is disabled', async () => {
    const { ana, ben } = await twoMembers();
    await say(ana.socket, { kind: 'opportunity', id: 'opp_x', editing: false });
    await ben.watch.until((entries) => entries.length === 1);
    const ctx = createWorkflowContext(store);
    await updateMember(ctx, 'system', ana.member.id, { name: 'Ana Renamed' });
    await ben.watch.until((entries) => entries[0]?.name === 'Ana Renamed');
    await updateMember(ctx, 'system', ana.member.id, { disabled: true });
    await ben.watch.until((entries) => entries.length === 0);
  });
});
