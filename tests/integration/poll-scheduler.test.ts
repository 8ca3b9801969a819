import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONNECTORS, createSafeFetch } from '../../connectors/index.js';
import { rssSource } from '../../server/default-sources.js';
import { listen } from '../../server/http/listen.js';
import { createPollRunner } from '../../server/jobs/poll-runner.js';
import { startPollScheduler, type PollScheduler } from '../../server/jobs/poll-scheduler.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { tempDir } from '../support/temp-dir.js';
import { closeServer } from '../support/local-server.js';

const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title>
<item><title>Harbor Bridge reopens</title><guid>slow-1</guid><link>https://slow.example/1</link></item>
</channel></rss>`;

describe('poll scheduler (node-cron, real time)', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let server: http.Server;
  let origin: string;
  let scheduler: PollScheduler | undefined;
  const requests: Array<{ path: string; start: number; end: number }> = [];

  beforeEach(async () => {
    dir = tempDir();
    store = await openLowdbStore({ dataDir: dir.path });
    requests.length = 0;
    server = http.createServer((req, res) => {
      const record = { path: req.url ?? '', start: Date.now(), end: Infinity };
      requests.push(record);
      // Slower than the every-second schedule: overlapping runs would show as overlapping requests.
      setTimeout(() => {
        record.end = Date.now();
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED);
      }, 1_600);
    });
    origin = await listen(server, 0, '127.0.0.1');
  });

  afterEach(async () => {
    await scheduler?.stop();
    await closeServer(server);
    await store.close();
    dir.remove();
  });

  function start(): PollScheduler {
    const runner = createPollRunner({
      store,
      connectors: CONNECTORS,
      fetch: createSafeFetch({ allowedOrigins: [origin] }),
      clock: () => new Date(),
      runTimeoutMs: 10_000,
      onItems: () => undefined,
      log: () => undefined,
    });
    scheduler = startPollScheduler({ store, runner, log: () => undefined });
    return scheduler;
  }

  it('polls each enabled source on its schedule, never two runs of one source at once', async () => {
    await store.saveSource(rssSource('slow', 'Slow', `${origin}/slow.xml`, '* * * * * *', new Date()), 'test');
    await store.saveSource({ ...rssSource('off', 'Off', `${origin}/off.xml`, '* * * * * *', new Date()), enabled: false }, 'test');
    await start().reload();
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    const slow = requests.filter((r) => r.path === '/slow.xml').sort((a, b) => a.start - b.start);
    expect(slow.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < slow.length; i++) expect(slow[i]!.start).toBeGreaterThanOrEqual(slow[i - 1]!.end);
    expect(requests.filter((r) => r.path === '/off.xml')).toEqual([]);
    expect((await store.getSource('slow'))?.health.status).toBe('healthy');
  });

  it('stops polling a source that is disabled, on reload', async () => {
    await store.saveSource(rssSource('slow', 'Slow', `${origin}/slow.xml`, '* * * * * *', new Date()), 'test');
    const running = start();
    await running.reload();
    const source = (await store.getSource('slow'))!;
    await store.saveSource({ ...source, enabled: false }, 'test');
    await running.reload();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const seen = requests.length;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(requests.length).toBe(seen);
  });

  it('schedules no push-only (webhook) source, and drops a removed one on reload', async () => {
    await store.saveSource(rssSource('slow', 'Slow', `${origin}/slow.xml`, '0 0 1 1 *', new Date()), 'test');
    await store.saveSource({ ...rssSource('pushed', 'Pushed', `${origin}/pushed.xml`, '* * * * * *', new Date()), kind: 'webhook', options: {} }, 'test');
    const running = start();
    await running.reload();
    expect(running.scheduled()).toEqual(['slow']);
    await store.removeSource('slow', 'test');
    await running.reload();
    expect(running.scheduled()).toEqual([]);
    expect(requests.filter((r) => r.path === '/pushed.xml')).toEqual([]);
    expect((await store.getSource('pushed'))!.health.status).toBe('unknown');
  });

  it('marks a source with an invalid schedule unhealthy, saying how to fix it', async () => {
    await store.saveSource(rssSource('bad', 'Bad', `${origin}/bad.xml`, 'every minute', new Date()), 'test');
    const running = start();
    await running.reload();
    const seqAfterFirst = await store.lastSeq();
    await running.reload();
    expect(await store.lastSeq()).toBe(seqAfterFirst);
    const health = (await store.getSource('bad'))!.health;
    expect(health.status).toBe('unhealthy');
    expect(health.lastError).toContain('invalid schedule "every minute"');
    expect(requests).toEqual([]);
  });
});
