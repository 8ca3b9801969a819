import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnyEvent } from '../../server/domain/index.js';
import { createApp } from '../../server/http/app.js';
import { attachBoardHub, type BoardHub } from '../../server/realtime/board-hub.js';
import type { BoardHello, ClientToServerEvents, ServerToClientEvents } from '../../server/realtime/protocol.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { buildItem, buildSource, buildStory } from '../support/builders.js';
import { tempDir } from '../support/temp-dir.js';

type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

describe('realtime board hub over real sockets', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let server: HttpServer;
  let hub: BoardHub;
  let url: string;
  const sockets: BoardSocket[] = [];

  beforeEach(async () => {
    dir = tempDir();
    store = await openLowdbStore({ dataDir: dir.path });
    const app = createApp({ store, version: '1.2.3', startedAt: Date.now(), webRoot: null, log: () => undefined, clock: () => new Date() });
    server = createAdaptorServer({ fetch: app.fetch }) as HttpServer;
    hub = attachBoardHub(server, { store, version: '1.2.3' });
    store.onEvents((events) => hub.broadcast(events));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.disconnect());
    await hub.close();
    await store.close();
    dir.remove();
  });

  function open(): BoardSocket {
    const socket: BoardSocket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    return socket;
  }

  async function join(socket: BoardSocket): Promise<BoardHello> {
    const hello = new Promise<BoardHello>((resolve) => socket.once('board.hello', resolve));
    socket.emit('board.join');
    return hello;
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
    expect(await join(open())).toEqual({ seq: 2, version: '1.2.3' });
  });

  it('pushes each committed change under its action name, with its sequence number and record', async () => {
    const socket = open();
    const hello = await join(socket);
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
    await join(member);
    let outsiderSaw = 0;
    outsider.on('items.create', () => outsiderSaw++);
    const arriving = collect(member, 1);
    await store.addItems('wire', [buildItem(1)], 'source:wire');
    await arriving;
    // A round trip through the server after the push: anything sent to the outsider has landed.
    await join(outsider);
    expect(outsiderSaw).toBe(0);
  });

  it('lets a client that missed events catch up from the event log', async () => {
    const socket = open();
    const hello = await join(socket);
    socket.disconnect();
    await store.addItems('wire', [buildItem(1)], 'source:wire');
    await store.saveStories([buildStory('st-1')], [], 'system');
    const response = await fetch(`${url}/api/events?since=${hello.seq}`);
    const page = (await response.json()) as { events: AnyEvent[]; lastSeq: number };
    expect(page.events.map((e) => e.seq)).toEqual([hello.seq + 1, hello.seq + 2]);
    expect(page.lastSeq).toBe(hello.seq + 2);
  });
});
