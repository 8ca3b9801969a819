import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_HASH, type AnyEvent } from '../../server/domain/index.js';
import { createApp } from '../../server/http/app.js';
import { startRetentionJob } from '../../server/jobs/retention.js';
import { loadConfig } from '../../server/config.js';
import { DATA_FILE_NAME, EVENT_LOG_FILE_NAME, openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { createApiToken } from '../../server/workflow/api-token-commands.js';
import { createWorkflowContext } from '../../server/workflow/workflow-context.js';
import { buildItem, buildSource, buildStory } from '../support/builders.js';
import { runCli } from '../support/run-cli.js';
import { addTestMember, signIn, type SessionHeaders } from '../support/sign-in.js';
import { tempDir, tempDirs } from '../support/temp-dir.js';

const HANDLE = 'Marisol_Vantablack';
const WORDS = 'Perspicacious pelicans picket the pier';

/** An author's two posts, another author's one, and a story labelled with the first post. */
async function seed(store: Store): Promise<void> {
  await store.saveSource(buildSource({ id: 'masto', channel: 'mastodon', kind: 'mastodon', options: { instance: 'https://social.example', token: 'src-secret-7731' } }), 'system');
  await store.addItems(
    'masto',
    [
      buildItem(1, { sourceId: 'masto', channel: 'mastodon', author: HANDLE, title: null, text: WORDS, url: `https://social.example/@${HANDLE}/1` }),
      buildItem(2, { sourceId: 'masto', channel: 'mastodon', author: 'bystander', title: null, text: 'Pelicans are fine birds' }),
      buildItem(3, { sourceId: 'masto', channel: 'mastodon', author: `@${HANDLE.toUpperCase()}`, title: null, text: 'A second note from the same hand' }),
    ],
    'source:masto',
  );
  await store.saveStories([buildStory('st-1', { label: WORDS.toLowerCase(), terms: ['pelicans', 'pier'] })], [{ itemId: buildItem(1, { sourceId: 'masto' }).id, storyId: 'st-1' }], 'detector');
}

function exportText(dataDir: string, out: string): string {
  const result = runCli(['export', '--data', dataDir, '--out', out]);
  expect(result.status, result.stderr).toBe(0);
  return readFileSync(out, 'utf8');
}

describe('tidewatch erase (issue 9)', () => {
  const dirs = tempDirs();
  afterAll(dirs.removeAll);

  it('refuses bad arguments in words', () => {
    const noAuthor = runCli(['erase', '--channel', 'mastodon', '--yes', '--data', dirs.fresh()]);
    expect(noAuthor.status).toBe(2);
    expect(noAuthor.stderr).toMatch(/name the author/);
    const badChannel = runCli(['erase', '--author', 'x', '--channel', 'myspace', '--yes', '--data', dirs.fresh()]);
    expect(badChannel.status).toBe(1);
    expect(badChannel.stderr).toMatch(/channel: must be one of news, reddit, mastodon/);
    const unconfirmed = runCli(['erase', '--author', 'x', '--channel', 'mastodon', '--data', dirs.fresh()]);
    expect(unconfirmed.status).toBe(2);
    expect(unconfirmed.stdout).toMatch(/Run again with --yes/);
  });

  it('erases, reports the counts, and leaves no copy in the files, the log or an export; the audit still passes', async () => {
    const dataDir = dirs.fresh();
    const store = await openLowdbStore({ dataDir });
    await seed(store);
    await store.close();
    expect(exportText(dataDir, join(dataDir, '..', 'before.jsonl'))).toContain('Perspicacious');

    const result = runCli(['erase', '--author', HANDLE.toLowerCase(), '--channel', 'mastodon', '--yes', '--data', dataDir]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Erasure er_\S+ on mastodon: 2 item\(s\) deleted, 2 event\(s\) redacted, 1 label\(s\) or title\(s\) replaced\. Recorded as event 5 \(without the author.s name\)/);

    const files = [DATA_FILE_NAME, EVENT_LOG_FILE_NAME].map((name) => readFileSync(join(dataDir, name), 'utf8')).join('\n');
    const exported = exportText(dataDir, join(dataDir, '..', `after-${Date.now()}.jsonl`));
    for (const text of [files, exported]) {
      expect(text.toLowerCase()).not.toContain(HANDLE.toLowerCase());
      expect(text).not.toContain('Perspicacious');
      expect(text.toLowerCase()).not.toContain('perspicacious');
      expect(text).not.toContain('second note from the same hand');
      expect(text).toContain('Pelicans are fine birds');
    }
    const audit = runCli(['audit', 'verify', '--data', dataDir]);
    expect(audit.status, audit.stdout).toBe(0);
    expect(audit.stdout).toMatch(/The event log is intact: 5 events/);
    expect(audit.stdout).toMatch(/2 event\(s\) have redacted payloads \(retention: 0, erasure: 2 in 1 erasure\(s\)\)/);
  });

  it('redacts an event written before payload digests: the audit calls it a redaction, and a redaction nobody recorded tampering', async () => {
    const dataDir = dirs.fresh();
    const store = await openLowdbStore({ dataDir });
    await seed(store);
    await store.close();
    // Rewrite the log as an older Tidewatch wrote it: no dataHash, the hash over the whole event.
    const logPath = join(dataDir, EVENT_LOG_FILE_NAME);
    let head = GENESIS_HASH;
    const old = readFileSync(logPath, 'utf8').trimEnd().split('\n').map((line) => {
      const { hash: _hash, dataHash: _dataHash, ...rest } = JSON.parse(line) as AnyEvent;
      const unhashed = { ...rest, prevHash: head };
      head = createHash('sha256').update(canonicalJson(unhashed)).digest('hex');
      return { ...unhashed, hash: head };
    });
    writeFileSync(logPath, old.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const dataPath = join(dataDir, DATA_FILE_NAME);
    writeFileSync(dataPath, JSON.stringify({ ...JSON.parse(readFileSync(dataPath, 'utf8')), head }));
    expect(runCli(['audit', 'verify', '--data', dataDir]).stdout).toMatch(/intact: 3 events/);

    expect(runCli(['erase', '--author', HANDLE, '--channel', 'mastodon', '--yes', '--data', dataDir]).status).toBe(0);
    const audit = runCli(['audit', 'verify', '--data', dataDir]);
    expect(audit.status, audit.stdout).toBe(0);
    expect(audit.stdout).toMatch(/2 of them were written before payload digests: only their place in the chain is checked/);
    expect(readFileSync(logPath, 'utf8').toLowerCase()).not.toContain('perspicacious');

    // Someone blanks the payload of the other old event by hand and calls it a redaction.
    const lines = readFileSync(logPath, 'utf8').trimEnd().split('\n');
    const forged = JSON.parse(lines[0]!) as AnyEvent;
    forged.redactions = [{ at: '2026-11-30T00:00:00.000Z', reason: 'retention', scope: 'payload' }];
    (forged as { data: unknown }).data = { redacted: true };
    lines[0] = JSON.stringify(forged);
    writeFileSync(logPath, `${lines.join('\n')}\n`);
    const tampered = runCli(['audit', 'verify', '--data', dataDir]);
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toMatch(/event 1: its payload was redacted, but no erasure or retention event records redacting it/);
  });
});

describe('POST /api/erasures and exports of items (issue 9)', () => {
  const dir = tempDir();
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let admin: SessionHeaders;
  let editor: SessionHeaders;
  let tokenSecret: string;
  beforeAll(async () => {
    store = await openLowdbStore({ dataDir: dir.path });
    await seed(store);
    app = createApp({ store, version: 'erasure', startedAt: Date.now(), webRoot: null, log: () => undefined, clock: () => new Date() });
    await addTestMember(store, { email: 'admin@newsroom.example', roles: ['admin'] });
    await addTestMember(store, { email: 'editor@newsroom.example', roles: ['editor'] });
    admin = await signIn(app, 'admin@newsroom.example');
    editor = await signIn(app, 'editor@newsroom.example');
    tokenSecret = (await createApiToken(createWorkflowContext(store), { name: 'reports', roles: ['admin'] } as never, 'system')).secret;
  });
  afterAll(async () => {
    await store.close();
    dir.remove();
  });

  const post = (headers: SessionHeaders, body: unknown) =>
    app.request('/api/erasures', { method: 'POST', headers: { ...headers, 'content-type': 'application/json', origin: 'http://localhost' }, body: JSON.stringify(body) });

  it('answers 400 naming the field of a bad body, and 403 to a non-admin', async () => {
    const noAuthor = await post(admin, { channel: 'mastodon' });
    expect(noAuthor.status).toBe(400);
    expect(await noAuthor.text()).toContain('author');
    const badChannel = await post(admin, { author: HANDLE, channel: 'myspace' });
    expect(badChannel.status).toBe(400);
    expect(await badChannel.text()).toContain('channel');
    const refused = await post(editor, { author: HANDLE, channel: 'mastodon' });
    expect(refused.status).toBe(403);
    expect(await store.countItems()).toBe(3);
  });

  it('never puts credentials or member data into exports of items: the items API and the export file', async () => {
    const member = (await store.listRecords('member'))[0]!;
    // Every long string of the records that hold credentials and member data: hashes, emails, names.
    const held: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string' && value.length >= 8 && !/^\d{4}-\d\d-\d\dT/.test(value) && !['editor', 'admin'].includes(value)) held.push(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    for (const kind of ['credential', 'session', 'token', 'member', 'memberEmail', 'account'] as const) collect(await store.listRecords(kind));
    expect(held.some((value) => value.startsWith('scrypt$'))).toBe(true);
    const secrets = ['src-secret-7731', tokenSecret, member.email, ...held];
    const listed = await (await app.request('/api/items?limit=100', { headers: admin })).text();
    expect(listed).toContain('Pelicans are fine birds');
    await store.close();
    const exported = exportText(dir.path, join(dir.path, '..', `items-${Date.now()}.jsonl`));
    store = await openLowdbStore({ dataDir: dir.path });
    app = createApp({ store, version: 'erasure', startedAt: Date.now(), webRoot: null, log: () => undefined, clock: () => new Date() });
    admin = await signIn(app, 'admin@newsroom.example');
    const itemLines = exported
      .split('\n')
      .filter((line) => line.startsWith('{"kind":"item",') || (line.startsWith('{"kind":"event",') && line.includes('"action":"items.create"')));
    expect(itemLines.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(listed).not.toContain(secret);
      for (const line of itemLines) expect(line).not.toContain(secret);
    }
  });

  it('erases for an admin and reports the counts', async () => {
    const response = await post(admin, { author: `@${HANDLE}`, channel: 'mastodon' });
    expect(response.status).toBe(201);
    const { erasure } = (await response.json()) as { erasure: Record<string, unknown> };
    expect(erasure).toMatchObject({ channel: 'mastodon', itemsDeleted: 2, eventsRedacted: 2, labelsReplaced: 1, stories: ['st-1'] });
    expect(JSON.stringify(erasure).toLowerCase()).not.toContain(HANDLE.toLowerCase());
    const { events } = await store.eventsSince(0, 1000);
    expect(JSON.stringify(events).toLowerCase()).not.toContain('perspicacious');
    expect(events.at(-1)?.action).toBe('erasures.create');
  });
});

describe('retention settings and the job', () => {
  it('defaults to 7 days and refuses 0 or less in words', () => {
    expect(loadConfig({ env: {}, flags: {} }).retentionDays).toBe(7);
    expect(loadConfig({ env: { TIDEWATCH_RETENTION_DAYS: '30' }, flags: {} }).retentionDays).toBe(30);
    for (const bad of ['0', '-3', 'week']) {
      expect(() => loadConfig({ env: { TIDEWATCH_RETENTION_DAYS: bad }, flags: {} })).toThrow(/invalid setting retentionDays \(environment variable TIDEWATCH_RETENTION_DAYS\).*from 1 to 3650/);
    }
  });

  it('runs a pass that deletes the expired items and logs a summary', async () => {
    const dir = tempDir();
    const store = await openLowdbStore({ dataDir: dir.path });
    try {
      await store.addItems('wire', [buildItem(1, { fetchedAt: '2026-11-01T00:00:00.000Z' }), buildItem(2, { fetchedAt: '2026-11-09T00:00:00.000Z' })], 'source:wire');
      const lines: string[] = [];
      const job = startRetentionJob({ store, retentionDays: 7, clock: () => new Date('2026-11-10T00:00:00.000Z'), log: (m) => lines.push(m), runAtStart: false });
      const report = await job.run();
      await job.stop();
      expect(report.items).toEqual([buildItem(1).id]);
      expect((await store.listItems({ limit: 10 })).map((i) => i.externalId)).toEqual(['guid-2']);
      expect(lines).toEqual([
        'Retention: deleting items fetched before 2026-11-03T00:00:00.000Z (7 days) that no opportunity holds…',
        // Both items were published on 1 November (buildItem's day), a day before the cutoff: kept in aggregate first.
        'Retention: kept the item figures of 1 day(s) (2026-11-01) in aggregate: 1 day tally(ies) of 2 item(s).',
        'Retention: deleted 1 item(s) and redacted them in 1 event(s) of the log; stories and the log\'s chain are kept.',
      ]);
    } finally {
      await store.close();
      dir.remove();
    }
  });
});
