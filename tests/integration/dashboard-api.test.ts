import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../server/domain/index.js';
import { createApp } from '../../server/http/app.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { NOW, seedMeasurementStore } from '../support/measurement-history.js';
import { signInAsNewMember, type SessionHeaders } from '../support/sign-in.js';
import { tempDir } from '../support/temp-dir.js';

/* GET /api/dashboard and its CSV exports, on a real lowdb store seeded with the scripted fortnight. */

const dir = tempDir();
let store: Store;
let app: ReturnType<typeof createApp>;
let headers: SessionHeaders;
const PERIOD = 'from=2026-11-02&to=2026-11-16';

beforeAll(async () => {
  store = await openLowdbStore({ dataDir: dir.path });
  await seedMeasurementStore(store);
  app = createApp({ store, version: 'dashboard', startedAt: Date.now(), webRoot: null, log: () => undefined, clock: () => NOW });
  ({ headers } = await signInAsNewMember(app, store, { email: 'sol@newsroom.example', name: 'Sol Social', roles: ['social'] }));
});

afterAll(async () => {
  await store.close();
  dir.remove();
});

const get = (path: string, withSession = true) => app.request(path, withSession ? { headers } : {});

describe('GET /api/dashboard', () => {
  it('answers the figures of the period, read from the store and its event log', async () => {
    const response = await get(`/api/dashboard?${PERIOD}`);
    expect(response.status).toBe(200);
    const d = (await response.json()) as Dashboard;
    expect(d.query).toEqual({ from: '2026-11-02T00:00:00.000Z', to: '2026-11-16T00:00:00.000Z', beatId: null, channel: null });
    expect(d.generatedAt).toBe(NOW.toISOString());
    // As worked out in tests/unit/measurement-dashboard.test.ts: o1 in window, o2 late, o3 expired, o4/o5/o7 dismissed, o6 open.
    expect([d.caughtMissed.publishedInWindow, d.caughtMissed.publishedLate, d.caughtMissed.expired, d.caughtMissed.dismissed, d.caughtMissed.open]).toEqual([1, 1, 1, 3, 1]);
    // Approval from the log: o1 approved 09:10 (70 min), o2 first scheduled 12:30 (150) → median 110.
    expect(d.reactionSpeed.byWeek[0]!.toApproval).toEqual({ count: 2, median: 110, p90: 150 });
    // Story sizes from the log's stories.update events: Harbour 2 of 2 grew, Rival 0 of 2.
    expect(d.prediction.byBeat.map((r) => [r.group, r.raised, r.grew])).toEqual([
      ['b-harbour', 2, 2],
      ['b-rival', 2, 0],
    ]);
    expect(d.reputation.map((b) => [b.beatId, b.items, b.shareOfVoice])).toEqual([
      ['b-harbour', 5, 0.71],
      ['b-rival', 2, 0.29],
    ]);
  });

  it('narrows to a beat and a channel', async () => {
    const d = (await (await get(`/api/dashboard?${PERIOD}&beatId=b-harbour&channel=mastodon`)).json()) as Dashboard;
    // Harbour on mastodon: o1 (in window) and o2 (late); items 1 and 2.
    expect([d.caughtMissed.publishedInWindow, d.caughtMissed.publishedLate, d.caughtMissed.dismissed]).toEqual([1, 1, 0]);
    expect(d.reputation.map((b) => [b.beatId, b.items])).toEqual([['b-harbour', 2]]);
    expect(d.whenAndWhere.heatmap.map((h) => [h.channel, h.hours[9]])).toEqual([['mastodon', 2]]);
  });

  it.each([
    ['a date that is not one', 'from=2026-13-02&to=2026-11-16', 'from'],
    ['from after to', 'from=2026-11-16&to=2026-11-02', 'from'],
    ['from equal to to', 'from=2026-11-02&to=2026-11-02', 'from'],
    ['a period longer than 366 days', 'from=2025-01-01&to=2026-11-16', 'to'],
    ['an unknown channel', `${PERIOD}&channel=myspace`, 'channel'],
    ['an unknown beat', `${PERIOD}&beatId=b-nope`, 'beatId'],
  ])('answers 400 naming the field for %s', async (_name, search, field) => {
    const response = await get(`/api/dashboard?${search}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string; details: { fields: Array<{ field: string }> } } };
    expect(body.error.details.fields.map((f) => f.field)).toEqual([field]);
    expect(body.error.message).toContain(field);
  });

  it('answers 401 without a sign-in', async () => {
    for (const path of [`/api/dashboard?${PERIOD}`, `/api/dashboard/heatmap.csv?${PERIOD}`]) {
      const response = await get(path, false);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    }
  });
});

describe('GET /api/dashboard/<chart>.csv', () => {
  it('exports one chart as CSV, offered as a file', async () => {
    const response = await get(`/api/dashboard/caught-missed.csv?${PERIOD}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="tidewatch-caught-missed-2026-11-02-2026-11-16.csv"');
    expect((await response.text()).trimEnd().split('\n')).toEqual([
      'outcome,reason,count',
      'published_in_window,,1',
      'published_late,,1',
      'expired,,1',
      'dismissed,,3',
      'open,,1',
      'dismissed,off brand,2',
      'dismissed,duplicate,1',
    ]);
  });

  it('exports the review turnaround, the heat map and every other chart', async () => {
    const reviews = await (await get(`/api/dashboard/review-turnaround.csv?${PERIOD}`)).text();
    expect(reviews.trimEnd().split('\n')).toEqual(['role,decided,median_minutes,p90_minutes,overdue', 'legal,1,60,60,1', 'comms,2,27.5,40,2']);
    const heatmap = (await (await get(`/api/dashboard/heatmap.csv?${PERIOD}`)).text()).trimEnd().split('\n');
    // Four channels × 168 hours, plus the header; mastodon Monday 09:00 holds 2.
    expect(heatmap).toHaveLength(1 + 4 * 168);
    expect(heatmap).toContain('mastodon,Mon,9,2');
    for (const chart of ['reaction-speed', 'reputation', 'languages', 'prediction']) {
      const response = await get(`/api/dashboard/${chart}.csv?${PERIOD}`);
      expect(response.status, chart).toBe(200);
      expect((await response.text()).split('\n')[0]).toMatch(/^[a-z_]+(,[a-z_0-9]+)+$/);
    }
  });

  it('answers 400 naming the chart for an unknown one, and the field for a bad query', async () => {
    const unknown = await get(`/api/dashboard/sparkles.csv?${PERIOD}`);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { details: { fields: Array<{ field: string }> } } }).error.details.fields[0]!.field).toBe('chart');
    const bad = await get('/api/dashboard/heatmap.csv?from=yesterday');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { fields: Array<{ field: string }> } } }).error.details.fields[0]!.field).toBe('from');
  });
});
