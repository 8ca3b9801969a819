import type pg from 'pg';
import {
  digestOf,
  publicSource,
  type AnyEvent,
  type AnyNewEvent,
  type AnyRecord,
  type Item,
  type Opportunity,
  type RecordChange,
  type Redaction,
  type RecordKind,
  type RecordMap,
  type Source,
  type Story,
} from '../domain/index.js';
import { articleUrlOf } from './article-url.js';
import { checkSchema, migrateSchema, type AppliedMigration } from './postgres-migrations.js';
import { createPool, describeDatabase } from './postgres-pool.js';
import { importPostgresSnapshot, readPostgresSnapshot } from './postgres-snapshot.js';
import { fromStoredText, toStoredJson, toStoredText } from './postgres-text.js';
import { PostgresWriteQueue, type WriteStep } from './postgres-write-queue.js';
import type { ItemQuery, RecordFilter, StoreInfo, StoryAssignment, StoryQuery } from './store.js';
import { RecordConflictError, StoreUnavailableError } from './store-errors.js';
import {
  applyRedaction,
  attachmentsOf,
  byAuthor,
  ErasedText,
  erasureEvent,
  expires,
  expiryEvent,
  normalizeAuthor,
  opportunityEvent,
  planRedaction,
  relabelStory,
  retitleOpportunity,
  storyEvent,
  type ErasureReport,
  type ErasureRequest,
  type RedactionSpec,
  type RetentionReport,
} from './stewardship.js';
import type { SnapshotEntry, SnapshotStore, SnapshotView } from './store-snapshot.js';

export interface PostgresStoreOptions {
  /** postgres://user:password@host:5432/database, as DATABASE_URL gives it. */
  connectionString: string;
  /** Connections this process keeps open at most (default 10). */
  maxConnections?: number;
  /**
   * Never changes the schema and refuses writes: for reading beside running servers (audit
   * checks, listings). It refuses a database that is not migrated to this code's version.
   */
  readOnly?: boolean;
  /** Told which schema steps the open applied. */
  log?: (message: string) => void;
}

/**
 * Opens the store on a PostgreSQL database, first bringing its schema up to date under an advisory
 * lock (several processes may start at once). Refuses an unreachable database or one whose schema
 * is newer than this code.
 */
export async function openPostgresStore({ connectionString, maxConnections = 10, readOnly = false, log }: PostgresStoreOptions): Promise<SnapshotStore> {
  let location = describeDatabase(connectionString);
  const pool = createPool({ connectionString, max: maxConnections });
  try {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw new StoreUnavailableError(location, error);
    }
    let applied: AppliedMigration[] = [];
    try {
      const { rows } = await client.query<{ name: string }>('SELECT current_database() AS name');
      location = describeDatabase(connectionString, rows[0]?.name);
      if (readOnly) await checkSchema(client, location);
      else applied = await migrateSchema(client, location);
    } finally {
      client.release();
    }
    for (const step of applied) log?.(`${location}: applied schema version ${step.version} (${step.name})`);
    return new PostgresStore(pool, location, readOnly);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}

class PostgresStore implements SnapshotStore {
  private readonly listeners = new Set<(events: AnyEvent[]) => void>();
  private readonly writes: PostgresWriteQueue;
  private readonly reading = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly location: string,
    private readonly readOnly: boolean,
  ) {
    this.writes = new PostgresWriteQueue(pool, (events) => this.notify(events));
  }

  info(): StoreInfo {
    return { kind: 'postgres', location: this.location };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writes.idle();
    await Promise.allSettled([...this.reading]);
    await this.pool.end();
  }

  onEvents(listener: (events: AnyEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  listSources(): Promise<Source[]> {
    return this.rows<{ source: Source }>('SELECT source FROM sources ORDER BY position', []).then((rows) => rows.map((r) => r.source));
  }

  getSource(id: string): Promise<Source | null> {
    return this.rows<{ source: Source }>('SELECT source FROM sources WHERE id = $1', [toStoredText(id)]).then((rows) => rows[0]?.source ?? null);
  }

  saveSource(source: Source, actor: string): Promise<AnyEvent> {
    const copy = structuredClone(source);
    return this.write(async (client) => {
      // Locked, so a save by another process waits for ours and its digest starts from ours.
      const { rows } = await client.query<{ source: Source }>('SELECT source FROM sources WHERE id = $1 FOR UPDATE', [toStoredText(copy.id)]);
      await client.query(
        `INSERT INTO sources (id, source) VALUES ($1, $2::jsonb)
         ON CONFLICT (id) DO UPDATE SET source = excluded.source`,
        [toStoredText(copy.id), toStoredJson(copy)],
      );
      return {
        events: [
          {
            at: new Date().toISOString(),
            actor,
            action: 'sources.update',
            record: { type: 'source', id: copy.id },
            digest: { before: digestOf(rows[0]?.source ?? null), after: digestOf(copy) },
            data: { source: publicSource(copy) },
          },
        ],
        result: ([event]) => event!,
      };
    });
  }

  removeSource(id: string, actor: string): Promise<AnyEvent | null> {
    return this.write(async (client) => {
      const { rows } = await client.query<{ source: Source }>('DELETE FROM sources WHERE id = $1 RETURNING source', [toStoredText(id)]);
      const before = rows[0]?.source;
      return {
        events: before
          ? [
              {
                at: new Date().toISOString(),
                actor,
                action: 'sources.remove',
                record: { type: 'source', id },
                digest: { before: digestOf(before), after: null },
                data: { source: publicSource(before) },
              },
            ]
          : [],
        result: ([event]) => event ?? null,
      };
    });
  }

  addItems(sourceId: string, items: Item[], actor: string): Promise<{ inserted: Item[]; event: AnyEvent | null }> {
    // Repeats within the batch go first, as lowdb drops them: the first of an id or article wins.
    const ids = new Set<string>();
    const urls = new Set<string>();
    const candidates = structuredClone(items).filter((item) => {
      const url = articleUrlOf(item);
      if (ids.has(item.id) || (url !== null && urls.has(url))) return false;
      ids.add(item.id);
      if (url !== null) urls.add(url);
      return true;
    });
    if (candidates.length === 0) return this.write(async () => ({ events: [], result: () => ({ inserted: [], event: null }) }));
    return this.write(async (client) => {
      // Arrival order is the batch's order; an id or article URL already stored is skipped.
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO items (id, source_id, story_id, article_url, fetched_at, item)
         SELECT r->'item'->>'id', r->'item'->>'sourceId', r->'item'->>'storyId', r->>'articleUrl', r->'item'->>'fetchedAt', r->'item'
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS batch(r, ord)
         ORDER BY ord
         ON CONFLICT DO NOTHING
         RETURNING id`,
        [toStoredJson(candidates.map((item) => ({ item, articleUrl: articleUrlOf(item) })))],
      );
      const stored = new Set(rows.map((row) => fromStoredText(row.id)));
      const inserted = candidates.filter((item) => stored.has(item.id));
      return {
        events:
          inserted.length === 0
            ? []
            : [
                {
                  at: new Date().toISOString(),
                  actor,
                  action: 'items.create',
                  record: { type: 'source', id: sourceId },
                  digest: { before: null, after: digestOf(inserted.map((i) => i.id)) },
                  data: { sourceId, items: inserted },
                },
              ],
        result: ([event]) => ({ inserted: event?.action === 'items.create' ? event.data.items : [], event: event ?? null }),
      };
    });
  }

  getItem(id: string): Promise<Item | null> {
    return this.rows<{ item: Item }>('SELECT item FROM items WHERE id = $1', [toStoredText(id)]).then((rows) => rows[0]?.item ?? null);
  }

  listItems({ limit, sourceId, storyId }: ItemQuery): Promise<Item[]> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    if (sourceId) conditions.push(`source_id = $${values.push(toStoredText(sourceId))}`);
    if (storyId) conditions.push(`story_id = $${values.push(toStoredText(storyId))}`);
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    return this.rows<{ item: Item }>(`SELECT item FROM items ${where} ORDER BY position DESC LIMIT $${values.push(limit)}`, values).then((rows) =>
      rows.map((r) => r.item),
    );
  }

  itemsFetchedSince(since: string, limit: number): Promise<Item[]> {
    return this.rows<{ item: Item }>('SELECT item FROM items WHERE fetched_at >= $1 ORDER BY position LIMIT $2', [toStoredText(since), limit]).then((rows) =>
      rows.map((r) => r.item),
    );
  }

  countItems(): Promise<number> {
    return this.rows<{ count: number }>('SELECT count(*) AS count FROM items', []).then((rows) => rows[0]?.count ?? 0);
  }

  saveStories(stories: Story[], assignments: StoryAssignment[], actor: string): Promise<AnyEvent[]> {
    // As lowdb applies them one after the other: the last assignment of an item wins.
    const assigned = new Map(assignments.map(({ itemId, storyId }) => [itemId, storyId]));
    const copies = structuredClone(stories);
    return this.write(async (client) => {
      if (assigned.size > 0) {
        await client.query(
          `UPDATE items SET story_id = a.story_id, item = jsonb_set(item, '{storyId}', to_jsonb(a.story_id))
           FROM unnest($1::text[], $2::text[]) AS a(item_id, story_id)
           WHERE items.id = a.item_id`,
          [[...assigned.keys()].map(toStoredText), [...assigned.values()].map(toStoredText)],
        );
      }
      if (copies.length === 0) return { events: [], result: () => [] };
      const { rows } = await client.query<{ story: Story }>('SELECT story FROM stories WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [
        copies.map((s) => toStoredText(s.id)),
      ]);
      const current = new Map(rows.map((row) => [row.story.id, row.story]));
      const events: AnyNewEvent[] = copies.map((story) => {
        const before = current.get(story.id) ?? null;
        current.set(story.id, story);
        return {
          at: new Date().toISOString(),
          actor,
          action: 'stories.update',
          record: { type: 'story', id: story.id },
          digest: { before: digestOf(before), after: digestOf(story) },
          data: { story },
        };
      });
      // One row per story: the last version given, as lowdb would hold it.
      await client.query(
        `INSERT INTO stories (id, trending, last_seen_at, story)
         SELECT s->>'id', (s->>'trending')::boolean, s->>'lastSeenAt', s
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS batch(s, ord)
         ORDER BY ord
         ON CONFLICT (id) DO UPDATE SET trending = excluded.trending, last_seen_at = excluded.last_seen_at, story = excluded.story`,
        [toStoredJson([...current.values()].filter((story) => copies.includes(story)))],
      );
      return { events, result: (numbered) => numbered };
    });
  }

  getStory(id: string): Promise<Story | null> {
    return this.rows<{ story: Story }>('SELECT story FROM stories WHERE id = $1', [toStoredText(id)]).then((rows) => rows[0]?.story ?? null);
  }

  listStories({ limit }: StoryQuery): Promise<Story[]> {
    // The order of compareStories (story-order.ts); a tie keeps the order stories were first saved in.
    return this.rows<{ story: Story }>('SELECT story FROM stories ORDER BY trending DESC, last_seen_at DESC, position LIMIT $1', [limit]).then((rows) =>
      rows.map((r) => r.story),
    );
  }

  getRecord<K extends RecordKind>(kind: K, id: string): Promise<RecordMap[K] | null> {
    return this.rows<{ record: RecordMap[K] }>('SELECT record FROM records WHERE kind = $1 AND id = $2', [kind, toStoredText(id)]).then(
      (rows) => rows[0]?.record ?? null,
    );
  }

  listRecords<K extends RecordKind>(kind: K, where: RecordFilter<K> = {}): Promise<RecordMap[K][]> {
    // Equality on top-level scalars is containment of {field: value}; a field asked to be
    // undefined is one the record lacks (a stored record never holds undefined).
    const entries = Object.entries(where) as Array<[string, unknown]>;
    const present = entries.filter(([, value]) => value !== undefined);
    const values: unknown[] = [kind];
    const conditions = [
      // Without fields there is nothing to contain: no condition, so the plan walks the kind's index.
      ...(present.length > 0 ? [`record @> $${values.push(toStoredJson(Object.fromEntries(present)))}::jsonb`] : []),
      ...entries.filter(([, value]) => value === undefined).map(([field]) => `NOT (record ? $${values.push(toStoredText(field))})`),
    ];
    const sql = `SELECT record FROM records WHERE kind = $1${conditions.map((c) => ` AND ${c}`).join('')} ORDER BY position`;
    return this.rows<{ record: RecordMap[K] }>(sql, values).then((rows) => rows.map((r) => r.record));
  }

  commit(changes: RecordChange[], events: AnyNewEvent[]): Promise<AnyEvent[]> {
    // Rows are locked in one order by every commit, so two commits rarely wait on each other in a
    // circle (and when they do, PostgreSQL breaks it and the write queue runs the write again).
    const ordered = [...changes].sort(compareKeys);
    const drafts = structuredClone(events);
    return this.write(async (client) => {
      for (const change of ordered) {
        const id = toStoredText(recordIdOf(change));
        const { rowCount } =
          'remove' in change
            ? await client.query('DELETE FROM records WHERE kind = $1 AND id = $2 AND rev = $3', [change.kind, id, change.expectedRev])
            : change.expectedRev === null
              ? await client.query('INSERT INTO records (kind, id, rev, record) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT (kind, id) DO NOTHING', [
                  change.kind,
                  id,
                  change.record.rev,
                  toStoredJson(change.record),
                ])
              : await client.query('UPDATE records SET rev = $3, record = $4::jsonb WHERE kind = $1 AND id = $2 AND rev = $5', [
                  change.kind,
                  id,
                  change.record.rev,
                  toStoredJson(change.record),
                  change.expectedRev,
                ]);
        if (rowCount !== 1) {
          // Not at the rev the command read: the write is undone, and the caller sees the record as
          // it is now (as this transaction sees it, so a write earlier in the batch counts).
          const { rows } = await client.query<{ record: AnyRecord }>('SELECT record FROM records WHERE kind = $1 AND id = $2', [change.kind, id]);
          throw new RecordConflictError(change.kind, recordIdOf(change), change.expectedRev, rows[0]?.record ?? null);
        }
      }
      return { events: drafts, result: (numbered) => numbered };
    });
  }

  applyRetention(cutoff: string, actor: string): Promise<RetentionReport> {
    return this.write(async (client) => {
      const at = new Date().toISOString();
      // Candidates by the indexed column; the rule itself (stewardship.ts) decides, as in lowdb.
      const { rows } = await client.query<{ item: Item }>('SELECT item FROM items WHERE fetched_at < $1 ORDER BY position FOR UPDATE', [toStoredText(cutoff)]);
      if (rows.length === 0) return { events: [], result: () => ({ cutoff, items: [], redactedEvents: [], event: null }) };
      const opportunities = await client.query<{ record: Opportunity }>("SELECT record FROM records WHERE kind = 'opportunity' FOR SHARE");
      const attachments = attachmentsOf(opportunities.rows.map((r) => r.record));
      const doomed = rows.map((r) => r.item).filter((item) => expires(item, cutoff, attachments));
      if (doomed.length === 0) return { events: [], result: () => ({ cutoff, items: [], redactedEvents: [], event: null }) };
      const ids = new Set(doomed.map((item) => item.id));
      const redactedEvents = await this.redactEvents(client, ids, null, { at, reason: 'retention' });
      await client.query('DELETE FROM items WHERE id = ANY($1::text[])', [[...ids].map(toStoredText)]);
      return {
        events: [expiryEvent(cutoff, actor, at, ids.size, redactedEvents)],
        result: (numbered) => ({ cutoff, items: [...ids], redactedEvents, event: numbered.at(-1) ?? null }),
      };
    });
  }

  eraseAuthor(request: ErasureRequest, actor: string): Promise<ErasureReport> {
    return this.write(async (client) => {
      const at = new Date().toISOString();
      // A cheap filter in SQL; the exact rule (byAuthor) decides, as in lowdb.
      const { rows } = await client.query<{ item: Item }>(
        "SELECT item FROM items WHERE item->>'channel' = $1 AND strpos(lower(item->>'author'), $2) > 0 ORDER BY position FOR UPDATE",
        [toStoredText(request.channel), toStoredText(normalizeAuthor(request.author))],
      );
      const items = rows.map((r) => r.item).filter((item) => byAuthor(item, request));
      const ids = new Set(items.map((item) => item.id));
      const erased = new ErasedText(items, request.author);
      const changes: AnyNewEvent[] = [];
      const relabelled: string[] = [];
      const retitled: string[] = [];
      let redactedEvents: number[] = [];
      if (ids.size > 0) {
        const stories = (await client.query<{ story: Story }>('SELECT story FROM stories ORDER BY id FOR UPDATE')).rows.map((r) => r.story);
        const byId = new Map(stories.map((story) => [story.id, story]));
        for (const story of stories) {
          const after = relabelStory(story, erased, at);
          if (!after) continue;
          byId.set(story.id, after);
          relabelled.push(story.id);
          changes.push(storyEvent(story, after, actor, at));
          await client.query('UPDATE stories SET story = $2::jsonb WHERE id = $1', [toStoredText(story.id), toStoredJson(after)]);
        }
        const opportunities = (await client.query<{ record: Opportunity }>("SELECT record FROM records WHERE kind = 'opportunity' ORDER BY id FOR UPDATE")).rows;
        for (const { record: opportunity } of opportunities) {
          const after = retitleOpportunity(opportunity, erased, opportunity.storyId ? (byId.get(opportunity.storyId) ?? null) : null, at);
          if (!after) continue;
          retitled.push(opportunity.id);
          changes.push(opportunityEvent(opportunity, after, actor, at));
          await client.query("UPDATE records SET rev = $2, record = $3::jsonb WHERE kind = 'opportunity' AND id = $1", [
            toStoredText(opportunity.id),
            after.rev,
            toStoredJson(after),
          ]);
        }
        redactedEvents = await this.redactEvents(client, ids, erased, { at, reason: 'erasure', erasureId: request.erasureId });
        await client.query('DELETE FROM items WHERE id = ANY($1::text[])', [[...ids].map(toStoredText)]);
      }
      changes.push(erasureEvent(request, actor, at, { items: ids.size, redactedEvents, labelsReplaced: relabelled.length + retitled.length }));
      return {
        events: changes,
        result: (numbered) => ({
          erasureId: request.erasureId,
          channel: request.channel,
          items: [...ids],
          redactedEvents,
          storiesRelabelled: relabelled,
          opportunitiesRetitled: retitled,
          event: numbered.at(-1) ?? null,
        }),
      };
    });
  }

  /**
   * Redacts, in this transaction, the items of items.create events (found through the
   * events_by_item_id index) and, for an erasure, the story and opportunity events that carry the
   * erased words (read page by page: an erasure is rare). Returns the redacted events' numbers.
   */
  private async redactEvents(client: pg.PoolClient, ids: ReadonlySet<string>, erased: ErasedText | null, redaction: Omit<Redaction, 'scope'>): Promise<number[]> {
    const specs: Array<{ event: AnyEvent; spec: RedactionSpec }> = [];
    const consider = (event: AnyEvent) => {
      const spec = planRedaction(event, ids, erased, redaction);
      if (spec) specs.push({ event, spec });
    };
    const carrying = await client.query<{ event: AnyEvent }>(
      "SELECT event FROM events WHERE jsonb_path_query_array(event, '$.data.items[*].id') ?| $1::text[] ORDER BY seq FOR UPDATE",
      [[...ids].map(toStoredText)],
    );
    for (const { event } of carrying.rows) consider(event);
    if (erased) {
      for (let since = 0; ; ) {
        const page = await client.query<{ seq: number; event: AnyEvent }>(
          "SELECT seq, event FROM events WHERE seq > $1 AND (event->>'action' = 'stories.update' OR event->>'action' LIKE 'opportunities.%') ORDER BY seq LIMIT 1000",
          [since],
        );
        for (const { event } of page.rows) consider(event);
        if (page.rows.length < 1000) break;
        since = page.rows.at(-1)!.seq;
      }
    }
    if (specs.length > 0) {
      await client.query(
        `UPDATE events SET event = x.e FROM jsonb_array_elements($1::jsonb) AS x(e) WHERE events.seq = (x.e->>'seq')::bigint`,
        [toStoredJson(specs.map(({ event, spec }) => applyRedaction(event, spec)))],
      );
    }
    return specs.map(({ spec }) => spec.seq).sort((a, b) => a - b);
  }

  eventsSince(seq: number, limit: number): Promise<{ events: AnyEvent[]; truncated: boolean }> {
    // The whole log is kept, so an answer is never truncated; commits still under way are not visible.
    return this.rows<{ event: AnyEvent }>('SELECT event FROM events WHERE seq > $1 ORDER BY seq LIMIT $2', [seq, limit]).then((rows) => ({
      events: rows.map((r) => r.event),
      truncated: false,
    }));
  }

  lastSeq(): Promise<number> {
    return this.rows<{ seq: number }>('SELECT seq FROM event_log_head', []).then((rows) => rows[0]?.seq ?? 0);
  }

  readSnapshot(): Promise<SnapshotView> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    return readPostgresSnapshot(this.pool);
  }

  async importSnapshot(entries: AsyncIterable<SnapshotEntry>): Promise<void> {
    if (this.closed) throw new Error('the store is closed');
    if (this.readOnly) throw new Error(`the store on ${this.location} is open read-only`);
    // Beside the write queue, not through it: one transaction of any length, after this process's writes.
    await this.writes.idle();
    await importPostgresSnapshot(this.pool, this.location, entries);
  }

  private rows<R extends pg.QueryResultRow>(sql: string, values: unknown[]): Promise<R[]> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    const reading = this.pool.query<R>(sql, values).then((result) => result.rows);
    this.reading.add(reading);
    void reading.finally(() => this.reading.delete(reading)).catch(() => undefined);
    return reading;
  }

  private write<T>(step: WriteStep<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    if (this.readOnly) return Promise.reject(new Error(`the store on ${this.location} is open read-only`));
    return this.writes.submit(step);
  }

  private notify(events: AnyEvent[]): void {
    for (const listener of this.listeners) {
      // The change is committed: a listener's failure must not make its caller believe otherwise.
      try {
        listener(structuredClone(events));
      } catch (error) {
        console.error(`a store listener failed: ${(error as Error).stack ?? String(error)}`);
      }
    }
  }
}

function recordIdOf(change: RecordChange): string {
  return 'remove' in change ? change.id : change.record.id;
}

function compareKeys(a: RecordChange, b: RecordChange): number {
  const left = `${a.kind}\u0000${recordIdOf(a)}`;
  const right = `${b.kind}\u0000${recordIdOf(b)}`;
  return left < right ? -1 : left > right ? 1 : 0;
}
