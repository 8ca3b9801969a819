import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { digestOf, verifyChain, type AnyEvent, type Opportunity } from '../../server/domain/index.js';
import { MIGRATION_LOCK, migrateSchema } from '../../server/store/postgres-migrations.js';
import { MIGRATIONS } from '../../server/store/postgres-schema.js';
import { openPostgresStore } from '../../server/store/postgres-store.js';
import type { Store } from '../../server/store/store.js';
import { RecordConflictError, StoreSchemaError, StoreUnavailableError } from '../../server/store/store-errors.js';
import { buildItem, buildOpportunity, buildSource } from '../support/builders.js';
import { createTestDatabase, describePostgres, postgresUnavailable, type TestDatabase } from '../support/postgres.js';
import { storeContract } from './store-contract.js';

const unavailable = await postgresUnavailable();

describePostgres('PostgreSQL', unavailable, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  storeContract('postgres', () => ({
    create: async () => {
      await db.reset();
      return openPostgresStore({ connectionString: db.url });
    },
    reopen: () => openPostgresStore({ connectionString: db.url }),
    cleanup: async () => undefined,
    // Every table's rows as text (and the dead row versions are not readable through SQL).
    rawText: async () => {
      const tables = await db.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'");
      const parts: string[] = [];
      for (const { name } of tables) {
        const rows = await db.query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`);
        parts.push(...rows.map((r) => r.row));
      }
      return parts.join('\n');
    },
  }));

  describe('PostgreSQL store: schema migrations', () => {
    const opened: Store[] = [];
    const open = async (options: { log?: (message: string) => void; readOnly?: boolean; url?: string } = {}) => {
      const store = await openPostgresStore({ connectionString: options.url ?? db.url, ...options });
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it('migrates an empty database to the current schema, and a second open applies nothing', async () => {
      await db.reset();
      const logs: string[] = [];
      const store = await open({ log: (m) => logs.push(m) });
      expect(logs).toEqual([
        `database ${db.name} on 127.0.0.1:5432: applied schema version 1 (initial schema)`,
        `database ${db.name} on 127.0.0.1:5432: applied schema version 2 (broadcast attachments between server processes)`,
        `database ${db.name} on 127.0.0.1:5432: applied schema version 3 (find the events that carry an item, for retention and erasure)`,
      ]);
      expect(await db.query('SELECT version, name FROM schema_migrations ORDER BY version')).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
      const tables = await db.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
      expect(tables.map((t) => t.name)).toEqual(['event_log_head', 'events', 'items', 'records', 'schema_migrations', 'socket_io_attachments', 'sources', 'stories']);
      expect(await store.lastSeq()).toBe(0);
      await store.close();
      logs.length = 0;
      await open({ log: (m) => logs.push(m) });
      expect(logs).toEqual([]);
    });

    it('brings a database at the previous schema version up to date, keeping its data', async () => {
      await db.reset();
      // A database the previous release made: only the steps before the last.
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        await migrateSchema(client, db.name, MIGRATIONS.slice(0, -1));
      } finally {
        await client.end();
      }
      await db.query(`INSERT INTO sources (id, source) VALUES ('kept', $1::jsonb)`, [JSON.stringify(buildSource({ id: 'kept' }))]);
      const logs: string[] = [];
      const store = await open({ log: (m) => logs.push(m) });
      const last = MIGRATIONS.at(-1)!;
      expect(logs).toEqual([`database ${db.name} on 127.0.0.1:5432: applied schema version ${last.version} (${last.name})`]);
      expect((await store.listSources()).map((s) => s.id)).toEqual(['kept']);
      expect(await db.query("SELECT to_regclass('socket_io_attachments') IS NOT NULL AS found")).toEqual([{ found: true }]);
    });

    it('lets two processes that start together on a new database migrate it once; both work afterwards', async () => {
      await db.reset();
      const logs: string[] = [];
      const [a, b] = await Promise.all([open({ log: (m) => logs.push(`a ${m}`) }), open({ log: (m) => logs.push(`b ${m}`) })]);
      // One of them applied every step; the other found nothing left to do.
      expect(new Set(logs.map((line) => line.slice(0, 1))).size).toBe(1);
      expect(logs).toHaveLength(MIGRATIONS.length);
      expect(await db.query('SELECT version FROM schema_migrations ORDER BY version')).toEqual(MIGRATIONS.map(({ version }) => ({ version })));
      const [first, second] = await Promise.all([a!.saveSource(buildSource(), 'a'), b!.saveSource(buildSource({ id: 'other' }), 'b')]);
      expect([first.seq, second.seq].sort()).toEqual([1, 2]);
      expect(await a!.listSources()).toHaveLength(2);
    });

    it('waits for a migration another process holds the lock for', async () => {
      await db.reset();
      // Another process is migrating: it holds the lock in an open transaction.
      const other = new pg.Client({ connectionString: db.url });
      await other.connect();
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      let done = false;
      const opening = open().then((store) => ((done = true), store));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(done).toBe(false);
      await other.query('COMMIT');
      await other.end();
      expect(await (await opening).lastSeq()).toBe(0);
    });

    it('refuses a database whose schema is newer than this code, and changes nothing', async () => {
      await db.reset();
      await (await open()).close();
      await db.query("INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')");
      const opening = open();
      await expect(opening).rejects.toBeInstanceOf(StoreSchemaError);
      await expect(opening).rejects.toThrow(/schema is at version 999, newer than this Tidewatch knows \(3\); upgrade Tidewatch/);
    });

    it('opens read-only without touching the schema, and refuses writes', async () => {
      await db.reset();
      await expect(open({ readOnly: true })).rejects.toThrow(/lacks schema version 1, 2, 3; run `tidewatch migrate`/);
      expect(await db.query("SELECT to_regclass('schema_migrations') AS t")).toEqual([{ t: null }]);
      const writer = await open();
      await writer.saveSource(buildSource(), 'tester');
      const reader = await open({ readOnly: true });
      expect((await reader.eventsSince(0, 10)).events.map((e) => e.seq)).toEqual([1]);
      await expect(reader.saveSource(buildSource(), 'tester')).rejects.toThrow(/read-only/);
    });

    it('names the database and the server, never the password', async () => {
      await db.reset();
      const url = new URL(db.url);
      url.password = 'hunter2-secret';
      const store = await open({ url: url.toString() });
      expect(store.info()).toEqual({ kind: 'postgres', location: `database ${db.name} on 127.0.0.1:5432` });
    });

    it('refuses a database it cannot reach, saying what to check', async () => {
      const opening = openPostgresStore({ connectionString: 'postgres://postgres:hunter2-secret@127.0.0.1:1/nowhere' });
      await expect(opening).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(opening).rejects.toThrow(/cannot reach database nowhere on 127.0.0.1:1: .*Check DATABASE_URL/);
      await expect(opening).rejects.not.toThrow(/hunter2/);
    });
  });

  describe('PostgreSQL store: two processes on one database', () => {
    let a: Store;
    let b: Store;
    beforeAll(async () => {
      await db.reset();
    });
    afterEach(async () => {
      await Promise.all([a?.close(), b?.close()]);
      await db.reset();
    });
    // Two stores, each with its own pool, stand for two server processes.
    const openBoth = async () => {
      [a, b] = await Promise.all([openPostgresStore({ connectionString: db.url }), openPostgresStore({ connectionString: db.url })]);
    };

    it('lets exactly one of two processes change a record, and the loser gets the record as it now is', async () => {
      await openBoth();
      const ids = Array.from({ length: 20 }, (_, n) => `op-${n}`);
      await a.commit(ids.map((id) => ({ kind: 'opportunity' as const, record: buildOpportunity(id), expectedRev: null })), []);
      const claim = (store: Store, id: string, holderId: string) => {
        const next: Opportunity = buildOpportunity(id, { rev: 2, state: 'claimed', holderId });
        return store.commit(
          [{ kind: 'opportunity', record: next, expectedRev: 1 }],
          [{ at: '2026-11-01T09:00:00.000Z', actor: holderId, action: 'opportunities.claim', record: { type: 'opportunity', id }, digest: { before: null, after: digestOf(next) }, data: { opportunity: next } }],
        );
      };
      for (const id of ids) {
        const results = await Promise.allSettled([claim(a, id, 'm-a'), claim(b, id, 'm-b')]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0]!.reason).toBeInstanceOf(RecordConflictError);
        expect(lost[0]!.reason.current).toEqual(await a.getRecord('opportunity', id));
      }
      const { events } = await b.eventsSince(0, 100);
      expect(events.map((e) => e.seq)).toEqual(ids.map((_, n) => n + 1));
      expect(verifyChain(events).breaks).toEqual([]);
    });

    it('numbers the interleaved writes of two processes with one gap-free chain; each hears its own commits in order', async () => {
      await openBoth();
      const heard = { a: [] as number[], b: [] as number[] };
      a.onEvents((events) => heard.a.push(...events.map((e) => e.seq)));
      b.onEvents((events) => heard.b.push(...events.map((e) => e.seq)));
      const writes = Array.from({ length: 100 }, (_, n) => [
        a.addItems('a', [buildItem(n, { sourceId: 'a', url: `https://a.example/${n}` })], 'source:a'),
        b.addItems('b', [buildItem(n, { sourceId: 'b', url: `https://b.example/${n}` })], 'source:b'),
      ]).flat();
      const results = await Promise.all(writes);
      expect(results.every((r) => r.inserted.length === 1)).toBe(true);
      const all: AnyEvent[] = [];
      for (let since = 0; since < 200; since = all.at(-1)!.seq) all.push(...(await a.eventsSince(since, 64)).events);
      expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 200 }, (_, n) => n + 1));
      expect(verifyChain(all).breaks).toEqual([]);
      expect(await b.lastSeq()).toBe(200);
      expect(await b.countItems()).toBe(200);
      for (const seqs of [heard.a, heard.b]) {
        expect(seqs).toHaveLength(100);
        expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      }
      expect([...heard.a, ...heard.b].sort((x, y) => x - y)).toEqual(all.map((e) => e.seq));
    });

    it('runs a write again when PostgreSQL picks it to break a deadlock; the caller never sees it', async () => {
      await openBoth();
      await a.commit(['op-0', 'op-1', 'op-2'].map((id) => ({ kind: 'opportunity' as const, record: buildOpportunity(id), expectedRev: null })), []);
      const claim = (id: string) => {
        const next = buildOpportunity(id, { rev: 2, state: 'claimed', holderId: 'm-1' });
        return a.commit([{ kind: 'opportunity', record: next, expectedRev: 1 }], []);
      };
      const pause = () => new Promise((resolve) => setTimeout(resolve, 300));
      // Another process holds op-2 and, for now, op-0.
      const other = new pg.Client({ connectionString: db.url });
      await other.connect();
      try {
        await other.query('BEGIN');
        // Its deadlock check comes late, so ours finds the circle and our write is the one undone.
        await other.query("SET LOCAL deadlock_timeout = '20s'");
        await other.query("UPDATE records SET rev = rev WHERE kind = 'opportunity' AND id = 'op-2'");
        await other.query('SAVEPOINT held');
        await other.query("UPDATE records SET rev = rev WHERE kind = 'opportunity' AND id = 'op-0'");
        // Our first write waits for op-0; the next two queue up and will share one transaction.
        const writes = Promise.allSettled([claim('op-0'), claim('op-1'), claim('op-2')]);
        await pause();
        // op-0 goes free: that transaction commits, the next takes op-1 and waits for op-2 ...
        await other.query('ROLLBACK TO SAVEPOINT held');
        await pause();
        // ... while the other process now waits for op-1: a circle, which PostgreSQL breaks.
        await other.query("UPDATE records SET rev = rev WHERE kind = 'opportunity' AND id = 'op-1'");
        await other.query('COMMIT');
        expect((await writes).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      } finally {
        await other.end();
      }
      expect((await b.listRecords('opportunity', { state: 'claimed' })).map((o) => o.id)).toEqual(['op-0', 'op-1', 'op-2']);
    });

    it('stores one article once when two processes bring it at the same moment', async () => {
      await openBoth();
      const article = { url: 'https://news.example/harbor-bridge', channel: 'news' as const };
      const [fromA, fromB] = await Promise.all([
        a.addItems('world', [buildItem(1, { sourceId: 'world', ...article }), buildItem(2, { sourceId: 'world' })], 'source:world'),
        b.addItems('top', [buildItem(3, { sourceId: 'top' }), buildItem(4, { sourceId: 'top', ...article })], 'source:top'),
      ]);
      expect(fromA.inserted.length + fromB.inserted.length).toBe(3);
      expect(await a.countItems()).toBe(3);
    });

    it('shows each process what the other wrote: records, sources and events since N', async () => {
      await openBoth();
      const saved = await a.saveSource(buildSource(), 'tester');
      await a.commit([{ kind: 'opportunity', record: buildOpportunity('op-1'), expectedRev: null }], []);
      expect((await b.eventsSince(0, 10)).events).toEqual([saved]);
      expect(await b.lastSeq()).toBe(1);
      expect((await b.getSource('wire'))?.name).toBe('The Wire');
      expect(await b.getRecord('opportunity', 'op-1')).toEqual(buildOpportunity('op-1'));
      const next = await b.saveSource(buildSource({ name: 'Renamed' }), 'tester');
      expect(next.seq).toBe(2);
      expect(next.prevHash).toBe(saved.hash);
      expect(next.digest.before).toBe(saved.digest.after);
      expect((await a.eventsSince(1, 10)).events).toEqual([next]);
    });
  });
});
