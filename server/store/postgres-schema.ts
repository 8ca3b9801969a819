import { GENESIS_HASH } from '../domain/index.js';

/**
 * The PostgreSQL schema, as the numbered steps that build it. A step, once released, is never
 * edited: a change to the schema is a new step at the end, so every database, whatever version
 * it is at, reaches the same schema. postgres-migrations.ts applies the steps a database lacks.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

// Documents are jsonb (records are filtered with `@>`); the columns beside them are the fields
// that are looked up, ordered or kept unique. Text compared or ordered uses the "C" collation, so
// PostgreSQL orders it as JavaScript does, whatever the database's locale.
const INITIAL_SCHEMA = `
-- The head of the event log: the last sequence number and its hash. Every commit that writes
-- events locks this one row, so events are numbered in commit order, without gaps.
CREATE TABLE event_log_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO event_log_head (seq, hash) VALUES (0, '${GENESIS_HASH}');

-- The event log, only ever appended and kept whole (the audit trail needs all of it).
CREATE TABLE events (
  seq bigint PRIMARY KEY,
  event jsonb NOT NULL
);

-- Sources, in the order they were first saved (a replaced source keeps its place).
CREATE TABLE sources (
  id text COLLATE "C" PRIMARY KEY,
  position bigint GENERATED ALWAYS AS IDENTITY,
  source jsonb NOT NULL
);

-- Items in arrival order. article_url is the canonical URL of a news article (null otherwise):
-- one article brought by two feeds is one item.
CREATE TABLE items (
  position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  source_id text COLLATE "C" NOT NULL,
  story_id text COLLATE "C",
  article_url text COLLATE "C" UNIQUE,
  fetched_at text COLLATE "C" NOT NULL,
  item jsonb NOT NULL
);
CREATE INDEX items_by_source ON items (source_id, position);
CREATE INDEX items_by_story ON items (story_id, position);
CREATE INDEX items_by_fetched_at ON items (fetched_at);

-- Stories with their figures; listed trending first, then the most recently active.
CREATE TABLE stories (
  id text COLLATE "C" PRIMARY KEY,
  position bigint GENERATED ALWAYS AS IDENTITY,
  trending boolean NOT NULL,
  last_seen_at text COLLATE "C" NOT NULL,
  story jsonb NOT NULL
);
CREATE INDEX stories_by_activity ON stories (trending DESC, last_seen_at DESC, position);

-- The workflow's records of every kind (members, opportunities, drafts, ...), with the rev that
-- commits check; position keeps the order they were created in.
CREATE TABLE records (
  kind text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  rev integer NOT NULL,
  position bigint GENERATED ALWAYS AS IDENTITY,
  record jsonb NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE INDEX records_by_kind ON records (kind, position);
CREATE INDEX records_by_fields ON records USING gin (record jsonb_path_ops);
`;

// The socket.io PostgreSQL adapter (server/realtime/postgres-broadcast.ts) relays broadcasts between
// server processes with NOTIFY, whose payload is capped near 8 KB; a larger one (an items.create
// event with its items) waits in this table, named and shaped as the adapter expects, which deletes
// rows older than its cleanup interval. Created here, under the migration lock, rather than by each
// process at start: two processes creating it at once would race.
const BROADCAST_ATTACHMENTS = `
CREATE TABLE socket_io_attachments (
  id bigserial UNIQUE,
  created_at timestamptz DEFAULT now(),
  payload bytea
);
`;

// Retention and erasure redact the items of items.create events (stewardship.ts): this finds the
// events that carry an item by its id without reading the whole log. Only items.create payloads
// have data.items, so the index stays small. The events themselves need no migration: those
// written before payload digests keep verifying as they were written (docs/architecture.md).
const EVENTS_BY_ITEM = `
CREATE INDEX events_by_item_id ON events USING gin ((jsonb_path_query_array(event, '$.data.items[*].id')));
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: INITIAL_SCHEMA },
  { version: 2, name: 'broadcast attachments between server processes', sql: BROADCAST_ATTACHMENTS },
  { version: 3, name: 'find the events that carry an item, for retention and erasure', sql: EVENTS_BY_ITEM },
];
