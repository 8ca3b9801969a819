import type pg from 'pg';
import { RECORD_KINDS, type AnyEvent, type AnyRecord, type Item, type RecordKind, type Source, type Story } from '../domain/index.js';
import { articleUrlOf } from './article-url.js';
import { toStoredJson } from './postgres-text.js';
import { describeContents, recordCount, type SnapshotCounts, type SnapshotEntry, type SnapshotSummary, type SnapshotView } from './store-snapshot.js';
import { StoreImportError } from './store-errors.js';

/** Rows read per query while exporting. */
const PAGE = 1_000;
/** An import sends rows in batches of at most this many, or this much JSON, per statement. */
const BATCH_ROWS = 1_000;
const BATCH_CHARS = 4_000_000;

/** What the store's tables hold, as one transaction sees them. */
async function countContents(client: pg.ClientBase): Promise<SnapshotSummary> {
  const { rows } = await client.query<{ sources: number; items: number; stories: number; events: number; seq: number; hash: string }>(
    `SELECT (SELECT count(*) FROM sources) AS sources, (SELECT count(*) FROM items) AS items,
            (SELECT count(*) FROM stories) AS stories, (SELECT count(*) FROM events) AS events, seq, hash
     FROM event_log_head`,
  );
  const kinds = await client.query<{ kind: string; count: number }>('SELECT kind, count(*) AS count FROM records GROUP BY kind');
  const byKind = new Map(kinds.rows.map((row) => [row.kind, row.count]));
  const head = rows[0]!;
  return {
    counts: {
      sources: head.sources,
      items: head.items,
      stories: head.stories,
      records: Object.fromEntries(RECORD_KINDS.map((kind) => [kind, byKind.get(kind) ?? 0])) as SnapshotCounts['records'],
      events: head.events,
    },
    lastSeq: head.seq,
    head: head.hash,
  };
}

/**
 * The whole database as one snapshot: a read-only REPEATABLE READ transaction holds one moment of
 * it for every page read, however long the export takes and whatever servers write meanwhile.
 */
export async function readPostgresSnapshot(pool: pg.Pool): Promise<SnapshotView> {
  const client = await pool.connect();
  let broken = false;
  const end = async () => {
    await client.query('ROLLBACK').catch(() => (broken = true));
    client.release(broken);
  };
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const summary = await countContents(client);
    return { summary, entries: () => snapshotEntries(client), close: end };
  } catch (error) {
    await end();
    throw error;
  }
}

async function* snapshotEntries(client: pg.PoolClient): AsyncGenerator<SnapshotEntry> {
  for await (const data of pages<Source>(client, 'SELECT position AS key, source AS data FROM sources WHERE position > $1 ORDER BY position LIMIT $2')) yield { kind: 'source', data };
  for await (const data of pages<Item>(client, 'SELECT position AS key, item AS data FROM items WHERE position > $1 ORDER BY position LIMIT $2')) yield { kind: 'item', data };
  for await (const data of pages<Story>(client, 'SELECT position AS key, story AS data FROM stories WHERE position > $1 ORDER BY position LIMIT $2')) yield { kind: 'story', data };
  for (const kind of RECORD_KINDS) {
    const sql = 'SELECT position AS key, record AS data FROM records WHERE kind = $3 AND position > $1 ORDER BY position LIMIT $2';
    for await (const data of pages<AnyRecord>(client, sql, [kind])) yield { kind, data } as SnapshotEntry;
  }
  for await (const data of pages<AnyEvent>(client, 'SELECT seq AS key, event AS data FROM events WHERE seq > $1 ORDER BY seq LIMIT $2')) yield { kind: 'event', data };
}

/** Rows in key order, a page per query (keyset paging: each page starts after the last key seen). */
async function* pages<T>(client: pg.PoolClient, sql: string, extra: unknown[] = []): AsyncGenerator<T> {
  for (let after = 0; ; ) {
    const { rows } = await client.query<{ key: number; data: T }>(sql, [after, PAGE, ...extra]);
    for (const row of rows) yield row.data;
    if (rows.length < PAGE) return;
    after = rows.at(-1)!.key;
  }
}

/** One statement per table, fed a batch of documents as a jsonb array; rows go in in the batch's order. */
const INSERTS = {
  source: `INSERT INTO sources (id, source)
           SELECT d->>'id', d FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS batch(d, ord) ORDER BY ord`,
  item: `INSERT INTO items (id, source_id, story_id, article_url, fetched_at, item)
         SELECT d->'item'->>'id', d->'item'->>'sourceId', d->'item'->>'storyId', d->>'articleUrl', d->'item'->>'fetchedAt', d->'item'
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS batch(d, ord) ORDER BY ord`,
  story: `INSERT INTO stories (id, trending, last_seen_at, story)
          SELECT d->>'id', (d->>'trending')::boolean, d->>'lastSeenAt', d FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS batch(d, ord) ORDER BY ord`,
  record: `INSERT INTO records (kind, id, rev, record)
           SELECT d->>'kind', d->'record'->>'id', (d->'record'->>'rev')::integer, d->'record'
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS batch(d, ord) ORDER BY ord`,
  event: `INSERT INTO events (seq, event) SELECT (d->>'seq')::bigint, d FROM jsonb_array_elements($1::jsonb) AS batch(d)`,
} as const;
type Table = keyof typeof INSERTS;

/** PostgreSQL's code for a unique or primary key violation. */
const UNIQUE_VIOLATION = '23505';

/**
 * Loads a snapshot into an empty database in one transaction: every table is locked against writers
 * first (readers carry on), the rows go in batches, the head of the log is set to the last event,
 * and nothing is visible to anyone until the commit, which happens only if `entries` ended without
 * throwing. A database holding anything, or one another Tidewatch process is connected to, is refused.
 */
export async function importPostgresSnapshot(pool: pg.Pool, location: string, entries: AsyncIterable<SnapshotEntry>): Promise<void> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    await client.query('LOCK TABLE event_log_head, events, sources, items, stories, records IN EXCLUSIVE MODE');
    await refuseUnlessEmpty(client, location);
    // Each row is serialized once, as the database takes it; a batch is those texts in a jsonb array.
    let batch = { table: 'source' as Table, rows: [] as string[], chars: 0 };
    const flush = async () => {
      if (batch.rows.length > 0) await client.query(INSERTS[batch.table], [`[${batch.rows.join(',')}]`]);
      batch = { ...batch, rows: [], chars: 0 };
    };
    let last = { seq: 0, hash: '' };
    for await (const entry of entries) {
      let table: Table;
      let row: unknown;
      switch (entry.kind) {
        case 'source':
        case 'story':
          [table, row] = [entry.kind, entry.data];
          break;
        case 'item':
          [table, row] = ['item', { item: entry.data, articleUrl: articleUrlOf(entry.data) }];
          break;
        case 'event':
          if (entry.data.seq !== last.seq + 1) throw new StoreImportError(location, `event ${entry.data.seq} follows event ${last.seq}: the log must have no gap`);
          last = { seq: entry.data.seq, hash: entry.data.hash };
          [table, row] = ['event', entry.data];
          break;
        default:
          [table, row] = ['record', { kind: entry.kind satisfies RecordKind, record: entry.data }];
      }
      const text = toStoredJson(row);
      if (batch.table !== table || batch.rows.length >= BATCH_ROWS || batch.chars + text.length > BATCH_CHARS) {
        await flush();
        batch.table = table;
      }
      batch.rows.push(text);
      batch.chars += text.length;
    }
    await flush();
    if (last.seq > 0) await client.query('UPDATE event_log_head SET seq = $1, hash = $2', [last.seq, last.hash]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => (broken = true));
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
      throw new StoreImportError(location, `the snapshot holds one thing twice (${(error as { detail?: string }).detail ?? (error as Error).message})`);
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

async function refuseUnlessEmpty(client: pg.ClientBase, location: string): Promise<void> {
  const { counts } = await countContents(client);
  const records = recordCount(counts);
  if (counts.sources + counts.items + counts.stories + records + counts.events > 0) {
    throw new StoreImportError(location, `it is not empty (it holds ${describeContents({ ...counts, records })}). Import into a new, empty database`);
  }
  // A server on the database would go on from what it read before the import: it must be stopped.
  const { rows } = await client.query<{ others: number }>(
    "SELECT count(*) AS others FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'tidewatch' AND pid <> pg_backend_pid()",
  );
  const others = rows[0]?.others ?? 0;
  if (others > 0) {
    throw new StoreImportError(location, `${others} other Tidewatch connection${others === 1 ? ' is' : 's are'} open on it (a server?). Stop every Tidewatch process using it first`);
  }
}
