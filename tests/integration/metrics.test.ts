import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.js';
import { createMetrics, type TidewatchMetrics } from '../../server/http/metrics.js';
import type { ProcessStatus } from '../../server/http/process-status.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { buildItem, buildSource } from '../support/builders.js';
import { tempDir } from '../support/temp-dir.js';

describe('GET /metrics and the process figures of GET /health', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let metrics: TidewatchMetrics;
  let role: 'leader' | 'follower' = 'leader';
  let detectorLag: number | null = null;
  let heard = 0;
  const now = Date.parse('2026-11-01T09:00:00.000Z');
  const status: ProcessStatus = {
    role: () => role,
    detectorLagSeconds: () => detectorLag,
    heardSeq: () => heard,
    emittedSeq: () => 2,
    websocketClients: () => 3,
  };
  const app = () => createApp({ store, version: 'test', startedAt: now, webRoot: null, log: () => undefined, clock: () => new Date(now), status, metrics });
  const scrape = async () => (await (await app().request('/metrics')).text()).split('\n').filter((line) => line.startsWith('tidewatch_') && !line.startsWith('tidewatch_process') && !line.startsWith('tidewatch_nodejs'));

  beforeEach(async () => {
    dir = tempDir();
    store = await openLowdbStore({ dataDir: dir.path });
    metrics = createMetrics(store, status);
    store.onEvents((events) => metrics.countCommitted(events));
    role = 'leader';
    detectorLag = null;
    heard = 0;
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('counts items stored, failed polls and publish attempts by outcome; reads the gauges when scraped', async () => {
    await store.addItems('wire', [buildItem(1), buildItem(2)], 'source:wire');
    await store.addItems('wire', [buildItem(2), buildItem(3)], 'source:wire');
    const source = buildSource();
    await store.saveSource({ ...source, health: { ...source.health, status: 'unhealthy', lastError: 'the host name does not resolve', consecutiveFailures: 1 } }, `source:${source.id}`);
    // An editor's change to the source is not a failed poll, nor is a successful one.
    await store.saveSource({ ...source, name: 'Renamed' }, 'mem_ed');
    await store.saveSource({ ...source, health: { ...source.health, status: 'healthy', consecutiveFailures: 0 } }, `source:${source.id}`);
    metrics.countPublishAttempt('published');
    metrics.countPublishAttempt('retry');
    metrics.countPublishAttempt('retry');
    metrics.countEmitted([]);
    detectorLag = 12.5;
    heard = (await store.lastSeq()) - 1;
    expect(await scrape()).toEqual([
      'tidewatch_items_ingested_total 3',
      'tidewatch_poll_errors_total 1',
      'tidewatch_publish_attempts_total{outcome="published"} 1',
      'tidewatch_publish_attempts_total{outcome="retry"} 2',
      'tidewatch_events_emitted_total 0',
      'tidewatch_leader 1',
      'tidewatch_detector_lag_seconds 12.5',
      'tidewatch_event_lag 1',
      'tidewatch_websocket_clients 3',
    ]);
  });

  it('reports a follower: its role, no detector lag, and how far behind the log it is', async () => {
    role = 'follower';
    await store.addItems('wire', [buildItem(1)], 'source:wire');
    const body = (await (await app().request('/health')).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ role: 'follower', store: { kind: 'lowdb', lastSeq: 1 }, lag: { detectorSeconds: null, events: 1, heardSeq: 0, emittedSeq: 2 }, websocketClients: 3 });
    expect(await scrape()).toContain('tidewatch_detector_lag_seconds Nan');
  });
});
