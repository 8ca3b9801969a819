import type { Server as HttpServer } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnyEvent } from '../../server/domain/index.js';
import { createApp } from '../../server/http/app.js';
import { attachBoardHub, type BoardHub } from '../../server/realtime/board-hub.js';
import type { Notice } from '../../server/realtime/protocol.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { updateMember } from '../../server/workflow/member-commands.js';
import { createWorkflowContext } from '../../server/workflow/workflow-context.js';
import { joinBoard, openBoardSocket, type BoardSocketAuth, type BoardSocket } from '../support/board-socket.js';
import { buildItem, buildSource, buildStory } from '../support/builders.js';
import { addSceneCast, WorkflowScene } from '../support/workflow-scene.js';
import { apiTokenHeaders, signInAsNewMember, type SessionHeaders } from '../support/sign-in.js';
import { tempDir } from '../support/temp-dir.js';
import { listenOnLoopback } from '../support/local-server.js';


/** A store in a temp dir, the HTTP app and the board hub on one loopback port, pushes wired. */
async function startHub() {
  const dir = tempDir();
  const store = await openLowdbStore({ dataDir: dir.path });
  const app = createApp({ store, version: '1.2.3', startedAt: Date.now(), webRoot: null, log: () => undefined, clock: () => new Date() });
  const server = createAdaptorServer({ fetch: app.fetch }) as HttpServer;
  const hub = attachBoardHub(server, { store, version: '1.2.3' });
  store.onEvents((events) => hub.broadcast(events));
  return { dir, store, hub, url: await listenOnLoopback(server) };
}

describe('realtime board hub over real sockets', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let hub: BoardHub;
  let url: string;
  let headers: SessionHeaders;
  const sockets: BoardSocket[] = [];

  beforeEach(async () => {
    ({ dir, store, hub, url } = await startHub());
    ({ headers } = await signInAsNewMember(url, store));
  });

  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.disconnect());
    await hub.close();
    await store.close();
    dir.remove();
  });

  /** A socket with the signed-in member's cookie, as the board's browser sends it. */
  function open(cookie: string | null = headers.cookie): BoardSocket {
    return openBoardSocket(url, { cookie }, sockets);
  }

  function collect(socket: BoardSocket, count: number): Promise<AnyEvent[]> {
    return new Promise((resolve) => {
      const seen: AnyEvent[] = [];
      const take = (event: AnyEvent) => {
        seen.push(event);
        if (seen.length === count) resolve(seen);
      };
      socket.on('items.create', take);
      socket.on('stories.update', take);
      socket.on('sources.update', take);
    });
  }

  it('greets a joining client with the last sequence number and version', async () => {
    await store.saveSource(buildSource(), 'tester');
    await store.addItems('wire', [buildItem(1)], 'source:wire');
    expect(await joinBoard(open())).toEqual({ seq: await store.lastSeq(), version: '1.2.3' });
  });

  it('pushes each committed change under its action name, with its sequence number and record', async () => {
    const socket = open();
    const hello = await joinBoard(socket);
    const arriving = collect(socket, 3);
    await store.saveSource(buildSource(), 'tester');
    await store.addItems('wire', [buildItem(1), buildItem(2)], 'source:wire');
    await store.saveStories([buildStory('st-1', { label: 'Harbor Bridge closed' })], [], 'system');
    const events = await arriving;
    expect(events.map((e) => [e.seq, e.action])).toEqual([
      [hello.seq + 1, 'sources.update'],
      [hello.seq + 2, 'items.create'],
      [hello.seq + 3, 'stories.update'],
    ]);
    const items = events[1]!;
    expect(items.action === 'items.create' && items.data.items.map((i) => i.externalId)).toEqual(['guid-1', 'guid-2']);
    const story = events[2]!;
    expect(story.action === 'stories.update' && story.data.story.label).toBe('Harbor Bridge closed');
  });

  it('sends board events only to clients that joined the board', async () => {
    const outsider = open();
    const member = open();
    await joinBoard(member);
    let outsiderSaw = 0;
    outsider.on('items.create', () => outsiderSaw++);
    const arriving = collect(member, 1);
    await store.addItems('wire', [buildItem(1)], 'source:wire');
    await arriving;
    // A round trip through the server after the push: anything sent to the outsider has landed.
    await joinBoard(outsider);
    expect(outsiderSaw).toBe(0);
  });

  it('lets a client that missed events catch up from the event log', async () => {
    const socket = open();
    const hello = await joinBoard(socket);
    socket.disconnect();
    await store.addItems('wire', [buildItem(1)], 'source:wire');
    await store.saveStories([buildStory('st-1')], [], 'system');
    const response = await fetch(`${url}/api/events?since=${hello.seq}`, { headers });
    const page = (await response.json()) as { events: AnyEvent[]; lastSeq: number };
    expect(page.events.map((e) => e.seq)).toEqual([hello.seq + 1, hello.seq + 2]);
    expect(page.lastSeq).toBe(hello.seq + 2);
  });
});

describe('who may connect to the board hub', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let hub: BoardHub;
  let url: string;
  const sockets: BoardSocket[] = [];

  beforeEach(async () => {
    ({ dir, store, hub, url } = await startHub());
  });

  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.disconnect());
    await hub.close();
    await store.close();
    dir.remove();
  });

  function open(options: BoardSocketAuth = {}): BoardSocket {
    return openBoardSocket(url, options, sockets);
  }

  /** Resolves with the refusal's message, or fails the test when the socket connects. */
  function refusal(socket: BoardSocket): Promise<string> {
    return new Promise((resolve, reject) => {
      socket.once('connect_error', (error) => resolve(error.message));
      socket.once('connect', () => reject(new Error('the socket was let in')));
    });
  }

  function connected(socket: BoardSocket): Promise<void> {
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(error));
    });
  }

  function disconnected(socket: BoardSocket): Promise<string> {
    return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
  }


  it('refuses a socket without a session, telling it to sign in', async () => {
    expect(await refusal(open())).toMatch(/sign in/i);
  });

  it('refuses a made-up session cookie and an unknown API token', async () => {
    expect(await refusal(open({ cookie: 'tw_session=made-up-token' }))).toMatch(/sign in/i);
    expect(await refusal(open({ token: 'tw_tok_nothing_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }))).toMatch(/sign in/i);
  });

  it('refuses a signed-in browser connecting from a page on another site', async () => {
    const { headers } = await signInAsNewMember(url, store);
    expect(await refusal(open({ cookie: headers.cookie, origin: 'https://evil.example' }))).toMatch(/another site/);
  });

  it('lets a signed-in member in, into their own room and one per role, and sends them events', async () => {
    const { member, headers } = await signInAsNewMember(url, store, { roles: ['legal', 'comms'] });
    const socket = open({ cookie: headers.cookie, origin: url });
    await joinBoard(socket);
    const notices: string[] = [];
    socket.on('notice', (notice) => notices.push(notice.text));
    const arriving = new Promise<AnyEvent>((resolve) => socket.once('items.create', resolve));
    for (const room of [`member:${member.id}`, 'role:legal', 'role:comms', 'role:editor']) {
      hub.io.to(room).emit('notice', { kind: 'mention', text: room, opportunityId: null, seq: 0, at: '' });
    }
    await store.addItems('wire', [buildItem(1)], 'source:wire');
    const event = await arriving;
    expect(event.action).toBe('items.create');
    // Emitted in order on one connection: every notice meant for this member arrived before the event.
    expect(notices).toEqual([`member:${member.id}`, 'role:legal', 'role:comms']);
  });

  it('lets an integration in with its API token', async () => {
    const token = (await apiTokenHeaders(store, ['social'])).authorization.replace('Bearer ', '');
    const socket = open({ token });
    expect((await joinBoard(socket)).version).toBe('1.2.3');
  });

  it('disconnects the sockets of sessions that end, and only those', async () => {
    const ana = await signInAsNewMember(url, store, { email: 'ana@newsroom.example' });
    const ben = await signInAsNewMember(url, store, { email: 'ben@newsroom.example' });
    const anaSocket = open({ cookie: ana.headers.cookie });
    const benSocket = open({ cookie: ben.headers.cookie });
    await Promise.all([connected(anaSocket), connected(benSocket)]);
    const anaGone = disconnected(anaSocket);

    const response = await fetch(`${url}/api/session/revoke-all`, { method: 'POST', headers: ana.headers });
    expect(response.status).toBe(200);
    expect(await anaGone).toBe('io server disconnect');
    // Ben is still served: a round trip answers.
    expect((await joinBoard(benSocket)).version).toBe('1.2.3');
    expect(await refusal(open({ cookie: ana.headers.cookie }))).toMatch(/sign in/i);
  });

  it('disconnects a member who is disabled', async () => {
    const { member, headers } = await signInAsNewMember(url, store, { email: 'cy@newsroom.example' });
    const socket = open({ cookie: headers.cookie });
    await connected(socket);
    const gone = disconnected(socket);
    await updateMember(createWorkflowContext(store), 'system', member.id, { disabled: true });
    expect(await gone).toBe('io server disconnect');
  });

  it('sends a review request to the role that must act, and only to it', async () => {
    const legal = await signInAsNewMember(url, store, { email: 'lena@newsroom.example', name: 'Lena', roles: ['legal'] });
    const social = await signInAsNewMember(url, store, { email: 'sam@newsroom.example', name: 'Sam', roles: ['social'] });
    const legalSocket = open({ cookie: legal.headers.cookie });
    const socialSocket = open({ cookie: social.headers.cookie });
    await Promise.all([joinBoard(legalSocket), joinBoard(socialSocket)]);
    const socialNotices: Notice[] = [];
    socialSocket.on('notice', (notice) => socialNotices.push(notice));
    const requested = new Promise<Notice>((resolve) => legalSocket.on('notice', (notice) => notice.kind === 'review.requested' && resolve(notice)));

    const scene = new WorkflowScene(createWorkflowContext(store), await addSceneCast(store));
    const { opportunity } = await scene.inReview();

    const notice = await requested;
    expect(notice.opportunityId).toBe(opportunity.id);
    expect(notice.text).toMatch(/legal review is waiting for you, due \d\d:\d\d UTC/);
    // The social manager's socket saw the events, but no notice meant for legal.
    await joinBoard(socialSocket);
    expect(socialNotices.filter((n) => n.kind === 'review.requested')).toEqual([]);
  });
});
