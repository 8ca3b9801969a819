import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain, type AnyEvent, type Dashboard } from '../../server/domain/index.js';
import { createApp } from '../../server/http/app.js';
import { startRetentionJob, type RetentionPass } from '../../server/jobs/retention.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import { openPostgresStore } from '../../server/store/postgres-store.js';
import type { Store } from '../../server/store/store.js';
import { buildItem } from '../support/builders.js';
import { NOW, seedMeasurementStore } from '../support/measurement-history.js';
import { createTestDatabase, describePostgres, postgresUnavailable, type TestDatabase } from '../support/postgres.js';
import { signInAsNewMember, type SessionHeaders } from '../support/sign-in.js';
import { tempDir } from '../support/temp-dir.js';

/*
 * Retention keeps the item figures in aggregate (docs/measurement.md, "After retention"), on
 * both store adapters: the scripted fortnight of tests/support/measurement-history.ts, plus two
 * posts of an author who later asks for erasure, then a retention pass at 20 November (cutoff
 * 13 November) and GET /api/dashboard over 30 days before and after.
 */

const HANDLE = 'Marisol_Vantablack';
const WORDS = 'Perspicacious pelicans picket the harbour bridge';
const RANGE = '/api/dashboard?from=2026-10-21&to=2026-11-20';

interface Harness {
  open(): Promise<Store>;
  rawText(): Promise<string>;
  cleanup(): Promise<void>;
}

const unavailable = await postgresUnavailable();

function retentionSuite(name: string, makeHarness: () => Promise<Harness>): void {
  describe(`retention keeps the item figures in aggregate: ${name}`, () => {
    let harness: Harness;
    let store: Store;
    let app: ReturnType<typeof createApp>;
    let headers: SessionHeaders;
    let before: Dashboard;
    let first: RetentionPass;

    const dashboard = async (): Promise<Dashboard> => {
      const response = await app.request(RANGE, { headers });
      expect(response.status).toBe(200);
      return (await response.json()) as Dashboard;
    };
    const retention = async (): Promise<RetentionPass> => {
      const job = startRetentionJob({ store, retentionDays: 7, clock: () => NOW, log: () => undefined, runAtStart: false });
      try {
        return await job.run();
      } finally {
        await job.stop();
      }
    };
    /** The item figures: reputation without top authors (those come from live items only), and when and where. */
    const itemFigures = (d: Dashboard) => ({ reputation: d.reputation.map((b) => ({ ...b, topAuthors: undefined })), whenAndWhere: d.whenAndWhere });

    beforeAll(async () => {
      harness = await makeHarness();
      store = await harness.open();
      await seedMeasurementStore(store);
      await store.addItems(
        'masto-src',
        [
          buildItem(101, { sourceId: 'masto-src', channel: 'mastodon', author: HANDLE, title: null, text: WORDS, language: 'en-AU', storyId: null, url: null, publishedAt: '2026-11-04T10:00:00.000Z', fetchedAt: '2026-11-04T10:05:00.000Z' }),
          buildItem(102, { sourceId: 'masto-src', channel: 'mastodon', author: HANDLE, title: null, text: 'Pelicans again', language: 'en-AU', storyId: null, url: null, publishedAt: '2026-11-12T23:30:00.000Z', fetchedAt: '2026-11-12T23:31:00.000Z' }),
        ],
        'source:masto-src',
      );
      app = createApp({ store, version: 'tallies', startedAt: Date.now(), webRoot: null, log: () => undefined, clock: () => NOW });
      ({ headers } = await signInAsNewMember(app, store, { email: 'sol@newsroom.example', name: 'Sol Social', roles: ['social'] }));
      before = await dashboard();
      first = await retention();
    });
    afterAll(async () => {
      await store?.close();
      await harness?.cleanup();
    });

    it('tallies the days before the cutoff, then deletes; the 30-day dashboard shows the same item figures as before', async () => {
      // Items were published from 1 to 16 November; the days before 13 November with items are tallied.
      expect(first.tallied.days).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-08', '2026-11-09', '2026-11-10', '2026-11-12']);
      // Items 1–7 and 9 of the history and the two posts: 10 items, on 10 day-and-channel pairs (the 2nd: two mastodon items).
      expect([first.tallied.items, first.tallied.tallies]).toEqual([10, 9]);
      // Deleted: 6 and 7 (no story) and the two posts; the others' stories have opportunities.
      expect(first.items).toHaveLength(4);
      expect(await store.listRecords('itemDay')).toHaveLength(9);

      const after = await dashboard();
      expect(itemFigures(after)).toEqual(itemFigures(before));
      // By hand: over 30 days Harbour matches items 1, 2, 3, 5, 7 (1st), 8 (16th, live), 9 and the first post (4th): 8;
      // Rival 4 and 5: 2 → 8/10 = 0.8 and 0.2.
      expect(after.reputation.map((b) => [b.beatId, b.items, b.shareOfVoice])).toEqual([
        ['b-harbour', 8, 0.8],
        ['b-rival', 2, 0.2],
      ]);
      // The first post: Wednesday 4 November 10:00 on mastodon → hour 2 × 24 + 10 = 58 of the week.
      expect(after.whenAndWhere.heatmap.find((h) => h.channel === 'mastodon')!.hours[58]).toBe(1);
      // en: items 2, 7, 8 (16th, live), 9 and en-GB item 1, en-US item 3, the two en-AU posts = 8.
      expect(after.whenAndWhere.languages.find((l) => l.language === 'en')!.items).toBe(8);
      expect(after.whenAndWhere.regions.find((r) => r.region === 'AU')!.items).toBe(2);
      // Top authors come from live items of untallied days: none match a beat after the 12th but item 8 (@cy, 16th).
      expect(after.reputation[0]!.topAuthors).toEqual([{ author: '@cy', channel: 'mastodon', items: 1 }]);
    });

    it('counts nothing twice when retention runs again', async () => {
      const seq = await store.lastSeq();
      const again = await retention();
      expect(again.tallied).toEqual({ days: [], tallies: 0, items: 0 });
      expect(again.items).toEqual([]);
      expect(await store.lastSeq()).toBe(seq);
      expect(await store.listRecords('itemDay')).toHaveLength(9);
      expect(itemFigures(await dashboard())).toEqual(itemFigures(before));
      // Each tally was written once, with its event.
      const events: AnyEvent[] = [];
      for (let since = 0; ; since = events.at(-1)!.seq) {
        const page = (await store.eventsSince(since, 500)).events;
        if (page.length === 0) break;
        events.push(...page);
      }
      expect(events.filter((e) => e.action === 'tallies.create')).toHaveLength(9);
      expect(verifyChain(events).breaks).toEqual([]);
    });

    it("after an erasure no copy of the author's handle or words is left anywhere, tallies included", async () => {
      const beforeErasure = await harness.rawText();
      expect(beforeErasure).toContain('"2026-11-04:mastodon"');
      await store.eraseAuthor({ erasureId: 'er-1', author: HANDLE.toLowerCase(), channel: 'mastodon' }, 'm-admin');
      const raw = (await harness.rawText()).toLowerCase();
      expect(raw).not.toContain(HANDLE.toLowerCase());
      expect(raw).not.toContain('perspicacious');
      expect(raw).not.toContain('pelicans again');
      // The tallies stay: counts without names.
      expect(await store.listRecords('itemDay')).toHaveLength(9);
      expect(itemFigures(await dashboard())).toEqual(itemFigures(before));
    });
  });
}

retentionSuite('lowdb', async () => {
  const dir = tempDir();
  return {
    open: () => openLowdbStore({ dataDir: dir.path }),
    rawText: async () =>
      readdirSync(dir.path)
        .filter((name) => statSync(join(dir.path, name)).isFile())
        .map((name) => readFileSync(join(dir.path, name), 'utf8'))
        .join('\n'),
    cleanup: async () => dir.remove(),
  };
});

describePostgres('PostgreSQL', unavailable, () => {
  let db: TestDatabase;
  afterAll(async () => {
    await db?.drop();
  });
  retentionSuite('postgres', async () => {
    db = await createTestDatabase();
    return {
      open: () => openPostgresStore({ connectionString: db.url }),
      rawText: async () => {
        const tables = await db.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'");
        const parts: string[] = [];
        for (const { name } of tables) parts.push(...(await db.query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`)).map((r) => r.row));
        return parts.join('\n');
      },
      cleanup: async () => undefined,
    };
  });
});
