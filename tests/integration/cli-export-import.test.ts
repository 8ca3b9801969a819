import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATA_FILE_NAME, openLowdbStore } from '../../server/store/lowdb-store.js';
import { openPostgresStore } from '../../server/store/postgres-store.js';
import type { Store } from '../../server/store/store.js';
import { createApiToken } from '../../server/workflow/api-token-commands.js';
import { createComment } from '../../server/workflow/comment-commands.js';
import { schedulePost } from '../../server/workflow/post-commands.js';
import { createPublishingAccount } from '../../server/workflow/publishing-account-commands.js';
import { createPublishingVault } from '../../server/workflow/publishing-vault.js';
import { signIn } from '../../server/workflow/session-commands.js';
import { createWorkflowContext } from '../../server/workflow/workflow-context.js';
import { buildItem, buildSource, buildStory, principalFor } from '../support/builders.js';
import { createTestDatabase, describePostgres, postgresUnavailable, type TestDatabase } from '../support/postgres.js';
import { runCli } from '../support/run-cli.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { tempDirs } from '../support/temp-dir.js';
import { addSceneCast, WorkflowScene } from '../support/workflow-scene.js';

/* Runs the built command: `npx tsc -p tsconfig.build.json` first. */

const unavailable = await postgresUnavailable();

const ACCESS_TOKEN = 'mstdn-export-token-Qe81vTzR';
const CREDENTIALS = { instance: 'https://mastodon.social', accessToken: ACCESS_TOKEN, visibility: 'public' };
const DRAFT_TEXT = 'The harbor bridge is open again: here is what it means for your commute.';
/** The embedded store, whatever DATABASE_URL the machine running the tests has. */
const LOWDB = { DATABASE_URL: '' };
const posixOnly = process.platform === 'win32' ? it.skip : it;

interface Newsroom {
  key: Buffer;
  accountId: string;
}

/**
 * A store with a real history, written through the store and the workflow commands: sources (one
 * removed, one replaced, so it keeps its place), polls of items (`polls` of 500, the last with text PostgreSQL
 * cannot hold as such), stories with their items, members with passwords, a session, an API token,
 * a beat, opportunities in several states, drafts, reviews, posts, a comment and a publishing
 * account whose credentials are sealed.
 */
async function buildNewsroom(dataDir: string, polls: number): Promise<Newsroom> {
  const key = randomBytes(32);
  const store = await openLowdbStore({ dataDir });
  const ctx = createWorkflowContext(store);
  try {
    await store.saveSource(buildSource({ cursor: { etag: 'W/"42"', lastModified: 'Sun, 01 Nov 2026 08:00:00 GMT' } }), 'system');
    await store.saveSource(buildSource({ id: 'harbour-social', name: 'Harbour on Mastodon', kind: 'mastodon', channel: 'mastodon', options: { instance: 'mastodon.social', tag: 'harbour' } }), 'system');
    await store.saveSource(buildSource({ id: 'gone', name: 'Gone Gazette' }), 'system');
    await store.removeSource('gone', 'system');
    await store.saveSource(buildSource({ name: 'The Wire, renamed' }), 'system');
    for (let poll = 0; poll < polls; poll++) {
      await store.addItems('wire', Array.from({ length: 500 }, (_, n) => buildItem(poll * 500 + n)), 'source:wire');
    }
    const odd = buildItem(90_000, { sourceId: 'harbour-social', channel: 'mastodon', url: null, text: 'a NUL \u0000 here, a lone \ud83d there, and \uffff too' });
    await store.addItems('harbour-social', [odd], 'source:harbour-social');
    await store.saveStories(
      [buildStory('story-bridge', { trending: true, trendingAt: '2026-11-01T08:20:00.000Z' }), buildStory('story-ferry')],
      [
        { itemId: buildItem(0).id, storyId: 'story-bridge' },
        { itemId: buildItem(1).id, storyId: 'story-bridge' },
        { itemId: odd.id, storyId: 'story-ferry' },
      ],
      'detector',
    );

    const cast = await addSceneCast(store);
    const scene = new WorkflowScene(ctx, cast);
    await scene.held();
    await scene.needsConfirmation();
    await scene.awaitingManual();
    const { opportunity } = await scene.inReview();
    await createComment(ctx, principalFor(cast.legal), { target: { type: 'opportunity', id: opportunity.id }, text: 'Check the ferry timetable before this goes out.' });
    await signIn(ctx, cast.writer.email, TEST_PASSWORD, 'vitest');
    await createApiToken(ctx, { name: 'wire desk', roles: ['editor'] }, 'system');
    const vault = createPublishingVault(key);
    const account = await createPublishingAccount(ctx, vault, principalFor(cast.social), { name: 'Brand on mastodon.social', kind: 'mastodon', credentials: CREDENTIALS });
    const { draft } = await scene.approved();
    await schedulePost(ctx, principalFor(cast.social), { draftId: draft.id, scheduledFor: 'now', accountId: account.id });
    return { key, accountId: account.id };
  } finally {
    await store.close();
  }
}

/** An export's header without where and when it was made, and the lines after it. */
function readExport(path: string): { summary: Record<string, unknown>; from: { kind: string }; lines: string[] } {
  const [header, ...lines] = readFileSync(path, 'utf8').split('\n');
  const { exportedAt: _exportedAt, from, ...summary } = JSON.parse(header!) as Record<string, unknown>;
  return { summary, from: from as { kind: string }, lines };
}

/** Null when two exports hold the same data byte for byte; else the first line that differs. */
function difference(a: string, b: string): string | null {
  const left = readExport(a);
  const right = readExport(b);
  if (JSON.stringify(left.summary) !== JSON.stringify(right.summary)) return `headers differ:\n${JSON.stringify(left.summary)}\n${JSON.stringify(right.summary)}`;
  const length = Math.max(left.lines.length, right.lines.length);
  for (let n = 0; n < length; n++) {
    if (left.lines[n] !== right.lines[n]) return `line ${n + 2} differs:\n${left.lines[n]?.slice(0, 400)}\n${right.lines[n]?.slice(0, 400)}`;
  }
  return null;
}

async function expectAccountOpens(store: Store, { key, accountId }: Newsroom): Promise<void> {
  try {
    const account = await store.getRecord('account', accountId);
    expect(account?.sealed).not.toContain(ACCESS_TOKEN);
    expect(createPublishingVault(key).openCredentials(account!)).toEqual(CREDENTIALS);
  } finally {
    await store.close();
  }
}

describePostgres('tidewatch export and import between lowdb and PostgreSQL', unavailable, () => {
  let db: TestDatabase;
  const dirs = tempDirs();
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterEach(dirs.removeAll);
  afterAll(async () => {
    await db?.drop();
  });

  it('moves a store from lowdb to PostgreSQL and back without changing a byte; the audit chain holds on each', async () => {
    const source = dirs.fresh();
    const work = dirs.fresh();
    const newsroom = await buildNewsroom(source, 12);
    const pg = { DATABASE_URL: db.url };
    await db.reset();

    const fromLowdb = join(work, 'from-lowdb.jsonl');
    const exported = runCli(['export', '--data', source, '--out', fromLowdb], LOWDB);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/^Exported 2 sources, 6001 items, 2 stories, \d+ workflow records and \d+ events from .*tidewatch\.json to .*from-lowdb\.jsonl; the event log ends at event \d+ \(head [0-9a-f]{16}\)\.$/m);
    expect(exported.stdout).toMatch(/credentials of the 1 publishing account stay sealed: the store they go to needs the same secret key/);
    // More than 5,000 lines: the copy says how far it got, with a share of the header's counts.
    expect(exported.stderr).toMatch(/^copied 5000 of \d+ records and events \(\d+%\)…$/m);
    const file = readFileSync(fromLowdb, 'utf8');
    expect(file).not.toContain(ACCESS_TOKEN);
    expect(file).not.toContain(TEST_PASSWORD);
    const { summary, from, lines } = readExport(fromLowdb);
    expect(from.kind).toBe('lowdb');
    expect(summary).toMatchObject({ format: 'tidewatch-export', version: 1, counts: { sources: 2, items: 6001, stories: 2 } });
    const counts = summary.counts as { records: Record<string, number>; events: number };
    for (const kind of ['member', 'memberEmail', 'credential', 'session', 'token', 'beat', 'opportunity', 'draft', 'review', 'post', 'comment', 'account']) {
      expect(counts.records[kind], `records of kind ${kind}`).toBeGreaterThan(0);
    }
    expect(summary.lastSeq).toBe(counts.events);
    expect(lines.filter((line) => line.startsWith('{"kind":"event"'))).toHaveLength(counts.events);
    expect(lines.at(-1)).toBe('');

    const imported = runCli(['import', fromLowdb], pg);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`into database ${db.name} on 127.0.0.1:5432; the event log ends at event ${counts.events}`);
    expect(imported.stderr).toMatch(/^copied 5000 of \d+ records and events \(\d+%\)…$/m);
    const verified = runCli(['audit', 'verify'], pg);
    expect(verified.stdout).toContain(`The event log is intact: ${counts.events} events`);
    expect(verified.status).toBe(0);

    const fromPostgres = join(work, 'from-postgres.jsonl');
    const again = runCli(['export', '--out', fromPostgres], pg);
    expect(again.status, again.stderr).toBe(0);
    expect(readExport(fromPostgres).from.kind).toBe('postgres');
    expect(difference(fromLowdb, fromPostgres)).toBeNull();
    await expectAccountOpens(await openPostgresStore({ connectionString: db.url, readOnly: true }), newsroom);

    // PostgreSQL goes on numbering after the imported head.
    const member = runCli(['members', 'add', '--email', 'new@newsroom.example', '--name', 'New Member', '--role', 'editor'], pg, 'a long enough password\n');
    expect(member.status, member.stderr).toBe(0);
    const grown = Number(runCli(['audit', 'verify'], pg).stdout.match(/The event log is intact: (\d+) events/)?.[1]);
    expect(grown).toBeGreaterThan(counts.events);
    expect((await db.query<{ seq: string }>('SELECT seq FROM event_log_head'))[0]?.seq).toBe(String(grown));

    const back = dirs.fresh();
    const reimported = runCli(['import', fromPostgres, '--data', back], LOWDB);
    expect(reimported.status, reimported.stderr).toBe(0);
    expect(runCli(['audit', 'verify', '--data', back], LOWDB).stdout).toContain(`The event log is intact: ${counts.events} events`);
    const roundTrip = join(work, 'round-trip.jsonl');
    expect(runCli(['export', '--data', back, '--out', roundTrip], LOWDB).status).toBe(0);
    expect(difference(fromLowdb, roundTrip)).toBeNull();
    await expectAccountOpens(await openLowdbStore({ dataDir: back, readOnly: true }), newsroom);
  });

  it('refuses to import into a database that holds anything, and changes nothing there', async () => {
    const source = dirs.fresh();
    await buildNewsroom(source, 1);
    const file = join(dirs.fresh(), 'newsroom.jsonl');
    expect(runCli(['export', '--data', source, '--out', file], LOWDB).status).toBe(0);
    await db.reset();
    const pg = { DATABASE_URL: db.url };
    const added = runCli(['members', 'add', '--email', 'ana@newsroom.example', '--name', 'Ana Editor', '--role', 'admin'], pg, 'quiet harbour at noon\n');
    expect(added.status, added.stderr).toBe(0);
    const before = await db.query('SELECT (SELECT seq FROM event_log_head) AS seq, (SELECT count(*)::int FROM records) AS records, (SELECT count(*)::int FROM items) AS items');

    const refused = runCli(['import', file], pg);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(`^tidewatch: cannot import into database ${db.name} on 127\\.0\\.0\\.1:5432: it is not empty \\(it holds \\d+ workflow records and \\d+ events\\)\\. Import into a new, empty database\\. Nothing was imported\\.\n$`),
    );
    expect(await db.query('SELECT (SELECT seq FROM event_log_head) AS seq, (SELECT count(*)::int FROM records) AS records, (SELECT count(*)::int FROM items) AS items')).toEqual(before);
  });

  it('refuses an empty database that a Tidewatch process is connected to: a server would go on from what it read', async () => {
    const source = dirs.fresh();
    await buildNewsroom(source, 1);
    const file = join(dirs.fresh(), 'newsroom.jsonl');
    expect(runCli(['export', '--data', source, '--out', file], LOWDB).status).toBe(0);
    await db.reset();
    // This test process stands for the server: its pool keeps a connection open.
    const server = await openPostgresStore({ connectionString: db.url });
    try {
      expect(await server.lastSeq()).toBe(0);
      const refused = runCli(['import', file], { DATABASE_URL: db.url });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/1 other Tidewatch connection is open on it \(a server\?\)\. Stop every Tidewatch process using it first\. Nothing was imported\./);
      expect(await server.lastSeq()).toBe(0);
    } finally {
      await server.close();
    }
    expect(runCli(['import', file], { DATABASE_URL: db.url }).status).toBe(0);
  });

  it('refuses a tampered export on PostgreSQL and leaves the database empty', async () => {
    const source = dirs.fresh();
    await buildNewsroom(source, 1);
    const file = join(dirs.fresh(), 'newsroom.jsonl');
    expect(runCli(['export', '--data', source, '--out', file], LOWDB).status).toBe(0);
    const { line, seq } = tamperWithDraftEvent(file);
    await db.reset();
    const refused = runCli(['import', file], { DATABASE_URL: db.url });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`line ${line} (event ${seq}): its content does not match its hash: the event was edited after it was written`);
    expect(await db.query('SELECT (SELECT count(*)::int FROM events) AS events, (SELECT count(*)::int FROM items) AS items, (SELECT seq FROM event_log_head) AS seq')).toEqual([
      { events: 0, items: 0, seq: '0' },
    ]);
  });
});

/** Edits the text of the first drafts.create event, and only there: the draft record keeps it. */
function tamperWithDraftEvent(path: string): { line: number; seq: number } {
  const lines = readFileSync(path, 'utf8').split('\n');
  const index = lines.findIndex((line) => line.startsWith('{"kind":"event"') && line.includes('"action":"drafts.create"'));
  expect(lines[index]).toContain(DRAFT_TEXT);
  lines[index] = lines[index]!.replace(DRAFT_TEXT, DRAFT_TEXT.replace('open again', 'closed for good'));
  writeFileSync(path, lines.join('\n'));
  return { line: index + 1, seq: (JSON.parse(lines[index]!) as { data: { seq: number } }).data.seq };
}

describe('tidewatch export and import: refusals', () => {
  const dirs = tempDirs();
  let exportFile: string;
  let exportDir: string;
  beforeAll(async () => {
    exportDir = dirs.fresh();
    const source = dirs.fresh();
    await buildNewsroom(source, 1);
    exportFile = join(exportDir, 'newsroom.jsonl');
    const exported = runCli(['export', '--data', source, '--out', exportFile], LOWDB);
    expect(exported.status, exported.stderr).toBe(0);
  });
  afterAll(dirs.removeAll);

  /** A copy of the export to spoil, and an empty data directory to load it into. */
  function scratch(): { file: string; target: string } {
    const dir = dirs.fresh();
    const file = join(dir, 'copy.jsonl');
    writeFileSync(file, readFileSync(exportFile));
    return { file, target: join(dir, 'target') };
  }

  async function expectEmpty(dataDir: string): Promise<void> {
    expect(existsSync(join(dataDir, DATA_FILE_NAME))).toBe(false);
    const store = await openLowdbStore({ dataDir, readOnly: true });
    expect(await store.lastSeq()).toBe(0);
    expect((await store.eventsSince(0, 10)).events).toEqual([]);
    await store.close();
  }

  posixOnly('writes the export readable by its owner only, and leaves no temporary file behind', () => {
    expect(statSync(exportFile).mode & 0o777).toBe(0o600);
    expect(readdirSync(exportDir)).toEqual(['newsroom.jsonl']);
  });

  it('refuses an export whose event was edited, naming the line and the event; nothing is written', async () => {
    const { file, target } = scratch();
    const { line, seq } = tamperWithDraftEvent(file);
    const refused = runCli(['import', file, '--data', target], LOWDB);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      `tidewatch: ${file} cannot be imported: line ${line} (event ${seq}): its content does not match its hash: the event was edited after it was written. ` +
        `Nothing was written to ${join(target, DATA_FILE_NAME)}.\n`,
    );
    await expectEmpty(target);
  });

  it('refuses an export cut short, mid-line or at a line end; nothing is written', async () => {
    const midLine = scratch();
    const bytes = readFileSync(midLine.file);
    writeFileSync(midLine.file, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    const torn = runCli(['import', midLine.file, '--data', midLine.target], LOWDB);
    expect(torn.status).toBe(1);
    expect(torn.stderr).toMatch(/cannot be imported: line \d+ is not whole JSON: the file was cut short or edited\. Nothing was written/);
    await expectEmpty(midLine.target);

    const atLineEnd = scratch();
    const lines = readFileSync(atLineEnd.file, 'utf8').split('\n');
    writeFileSync(atLineEnd.file, `${lines.slice(0, -6).join('\n')}\n`);
    const short = runCli(['import', atLineEnd.file, '--data', atLineEnd.target], LOWDB);
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/it ends after line \d+, short of what its header counts \(\d+ of \d+ event lines\): the file was cut short or lines were removed/);
    await expectEmpty(atLineEnd.target);
  });

  it('refuses a data directory that holds anything, or that a running process holds', async () => {
    const { target } = scratch();
    expect(runCli(['import', exportFile, '--data', target], LOWDB).status).toBe(0);
    const again = runCli(['import', exportFile, '--data', target], LOWDB);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/cannot import into .*tidewatch\.json: it is not empty \(it holds 2 sources, 501 items, 2 stories, \d+ workflow records and \d+ events\)\. Import into a new data directory\. Nothing was imported\./);

    // This test process stands for the server: it holds the directory's lock while the command runs.
    const held = dirs.fresh();
    const store = await openLowdbStore({ dataDir: held });
    try {
      const busy = runCli(['import', exportFile, '--data', held], LOWDB);
      expect(busy.status).toBe(1);
      expect(busy.stderr).toMatch(new RegExp(`a running Tidewatch server \\(process ${process.pid}\\) holds`));
      expect(await store.lastSeq()).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('says what is missing or wrong on the command line', () => {
    expect(runCli(['export'], LOWDB).stderr).toMatch(/name the file to write: `tidewatch export --out FILE`/);
    expect(runCli(['import'], LOWDB).stderr).toMatch(/name the file to load: `tidewatch import FILE`/);
    const missing = runCli(['import', join(exportDir, 'nowhere.jsonl'), '--data', dirs.fresh()], LOWDB);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*nowhere\.jsonl: ENOENT/);
    const notExport = join(exportDir, 'not-an-export.jsonl');
    writeFileSync(notExport, '{"hello":"world"}\n');
    const refused = runCli(['import', notExport, '--data', dirs.fresh()], LOWDB);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/line 1 is not the header of a Tidewatch export/);
  });
});
