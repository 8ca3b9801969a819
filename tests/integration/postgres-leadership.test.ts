import pg from 'pg';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { AnyEvent } from '../../server/domain/index.js';
import { runWhileLeader } from '../../server/jobs/while-leader.js';
import { startEventFeed } from '../../server/store/event-feed.js';
import type { Leadership } from '../../server/store/leadership.js';
import { LEADER_LOCK, startPostgresLeadership } from '../../server/store/postgres-leadership.js';
import { openPostgresStore } from '../../server/store/postgres-store.js';
import type { Store } from '../../server/store/store.js';
import { buildItem, buildSource } from '../support/builders.js';
import { createTestDatabase, describePostgres, postgresUnavailable, type TestDatabase } from '../support/postgres.js';

const unavailable = await postgresUnavailable();

describePostgres('leader election and the event feed on PostgreSQL', unavailable, () => {
  let db: TestDatabase;
  const running: Leadership[] = [];
  const stores: Store[] = [];
  const quiet = () => undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((leadership) => leadership.stop()));
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });
  afterAll(async () => {
    await db?.drop();
  });

  function elect(name: string, log: (m: string) => void = quiet): Leadership {
    const leadership = startPostgresLeadership({ connectionString: db.url, log: (m) => log(`${name}: ${m}`), intervalMs: 100 });
    running.push(leadership);
    return leadership;
  }

  async function openStore(): Promise<Store> {
    const store = await openPostgresStore({ connectionString: db.url });
    stores.push(store);
    return store;
  }

  it('elects exactly one of several processes, and another once the leader stops', async () => {
    const all = [elect('a'), elect('b'), elect('c')];
    await Promise.all(all.map((l) => l.ready()));
    await waitFor(() => all.filter((l) => l.role() === 'leader').length === 1);
    // Still one, a while later: followers keep asking and keep being refused.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(all.filter((l) => l.role() === 'leader')).toHaveLength(1);
    const first = all.find((l) => l.role() === 'leader')!;
    await first.stop();
    const rest = all.filter((l) => l !== first);
    await waitFor(() => rest.filter((l) => l.role() === 'leader').length === 1);
    expect(first.role()).toBe('follower');
  });

  it("steps down at once when its session is cut, and a follower takes the freed lock", async () => {
    const logs: string[] = [];
    const a = elect('a', (m) => logs.push(m));
    await a.ready();
    expect(a.role()).toBe('leader');
    const b = elect('b', (m) => logs.push(m));
    await b.ready();
    expect(b.role()).toBe('follower');
    const changes: string[] = [];
    a.onChange((role) => changes.push(role));

    // What PostgreSQL does to a dead process's session: ended, and its locks freed.
    const [holder] = await db.query<{ pid: number }>("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = $1::bigint", [
      LEADER_LOCK.toString(),
    ]);
    expect(holder).toBeDefined();
    await db.query('SELECT pg_terminate_backend($1)', [holder!.pid]);
    await waitFor(() => a.role() === 'follower');
    expect(changes[0]).toBe('follower');
    await waitFor(() => b.role() === 'leader' || a.role() === 'leader');
    expect([a.role(), b.role()].filter((r) => r === 'leader')).toHaveLength(1);
    expect(logs.some((m) => m.startsWith('a: This process is no longer the leader'))).toBe(true);
  });

  it('runs the work only while leading, and stops it before another term starts', async () => {
    const a = elect('a');
    await a.ready();
    const b = elect('b');
    await b.ready();
    const log: string[] = [];
    const work = (name: string) =>
      runWhileLeader(
        name === 'a' ? a : b,
        async () => {
          log.push(`${name} start`);
          return { stop: async () => void log.push(`${name} stop`) };
        },
        quiet,
      );
    const [workA, workB] = [work('a'), work('b')];
    await Promise.all([workA.ready(), workB.ready()]);
    expect(log).toEqual(['a start']);
    await a.stop();
    await waitFor(() => workB.running());
    expect(log).toEqual(['a start', 'a stop', 'b start']);
    await workB.stop();
    expect(log.at(-1)).toBe('b stop');
    await workA.stop();
  });

  it("tells each process every commit once: its own at once, the others' when it reads the log", async () => {
    const [mine, theirs] = [await openStore(), await openStore()];
    const feed = await startEventFeed(mine, { readEveryMs: 50, log: quiet });
    const heard: AnyEvent[] = [];
    feed.onEvents((events) => heard.push(...events));
    await mine.saveSource(buildSource({ id: 'mine' }), 'tester');
    expect(heard.map((e) => e.record.id)).toEqual(['mine']);
    await theirs.saveSource(buildSource({ id: 'theirs' }), 'tester');
    await theirs.addItems('theirs', [buildItem(1, { sourceId: 'theirs' })], 'source:theirs');
    await mine.saveSource(buildSource({ id: 'mine-again' }), 'tester');
    await waitFor(() => heard.length === 4 && feed.heardSeq() === 4);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard.map((e) => e.seq).sort((x, y) => x - y)).toEqual([1, 2, 3, 4]);
    expect(new Set(heard.map((e) => e.seq)).size).toBe(4);
    expect(feed.heardSeq()).toBe(await mine.lastSeq());
    await feed.stop();
  });
});

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`gave up after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
