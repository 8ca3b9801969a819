import { createAdaptorServer } from '@hono/node-server';
import type { Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import { CONNECTORS, createSafeFetch, createSafeWebSocket } from '../connectors/index.js';
import type { Config } from './config.js';
import type { AnyEvent, Item } from './domain/index.js';
import { defaultSources } from './default-sources.js';
import { demoSources, isDemoSource } from './demo/demo-sources.js';
import { startFeedSimulator, type FeedSimulator } from './demo/feed-simulator.js';
import { createApp } from './http/app.js';
import { createSignInLimiter } from './http/auth/sign-in-limiter.js';
import { listen } from './http/listen.js';
import { startDetectorJob } from './jobs/detector-job.js';
import { startEngagementPoller } from './jobs/engagement-poller.js';
import { createPollRunner } from './jobs/poll-runner.js';
import { startPollScheduler } from './jobs/poll-scheduler.js';
import { startPostPublisher } from './jobs/post-publisher.js';
import { startWorkflowSweep } from './jobs/workflow-sweep.js';
import { attachBoardHub } from './realtime/board-hub.js';
import { loadSecretKey, secretKeyNotices } from './secret-key.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/store.js';
import { PROJECT_ROOT, VERSION } from './version.js';
import { ensureFirstAdmin } from './workflow/member-commands.js';
import { parseQuietHours } from './workflow/post-suggestions.js';
import { accountsSealedWithAnotherKey } from './workflow/publishing-account-commands.js';
import { createPublishingVault, type PublishingVault } from './workflow/publishing-vault.js';
import { createWorkflowContext } from './workflow/workflow-context.js';

export interface RunningTidewatch {
  url: string;
  store: Store;
  stop(): Promise<void>;
}

/**
 * The composition root: the only place that knows every part. Order matters on the way up
 * (store before anything that writes, the board hub before the first event) and is reversed
 * on the way down so no write is cut off.
 */
export async function startTidewatch(config: Config, log: (message: string) => void): Promise<RunningTidewatch> {
  const startedAt = Date.now();
  // PostgreSQL when DATABASE_URL is set (several processes can share it), else the lowdb files in the data directory.
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  const stack: Array<() => Promise<void>> = [() => store.close()];
  const stop = async () => {
    for (const step of stack.reverse()) await step().catch((e: unknown) => log(`while stopping: ${(e as Error).message}`));
  };
  try {
    const vault = await openPublishingVault(config, store, log);
    let simulator: FeedSimulator | null = null;
    if (config.demo) {
      simulator = await startFeedSimulator();
      const running = simulator;
      stack.push(() => running.close());
      log(`Demo: a feed simulator serves ${simulator.feeds.length} feeds at ${simulator.url}`);
    }
    await seedSources(store, simulator, log);

    const clock = () => new Date();
    // Started before the app so pushed items (POST /api/ingest) reach it as polled ones do; the
    // detector ignores an item it has seen, so the warm-up below may replay them safely.
    const detector = startDetectorJob({ store, clock: () => new Date(), tickSeconds: config.detectorTickSeconds, log });
    stack.push(() => detector.stop());
    const onItems = (items: Item[]) => void detector.ingest(items);
    const app = createApp({
      store,
      version: VERSION,
      startedAt,
      webRoot: join(PROJECT_ROOT, 'web', 'dist'),
      log,
      clock,
      signInLimiter: createSignInLimiter(),
      allowPrivateFetch: config.allowPrivateFetch,
      fetchTimeoutMs: config.fetchTimeoutMs,
      postTiming: { quietHours: parseQuietHours(config.quietHours, config.timeZone), postsPerHour: config.postsPerHour, timeZone: config.timeZone },
      onItems,
      vault,
    });
    const httpServer = createAdaptorServer({ fetch: app.fetch }) as HttpServer;
    const hub = attachBoardHub(httpServer, { store, version: VERSION, clock });
    store.onEvents((events) => hub.broadcast(events));
    const url = await listen(httpServer, config.port, config.host);
    stack.push(() => hub.close());

    // After listening, so the message can say where to sign in.
    const firstAdmin = await ensureFirstAdmin(createWorkflowContext(store, clock));
    if (firstAdmin) {
      log(`No members yet: created ${firstAdmin.email} with the one-time password ${firstAdmin.password}. Sign in at ${url}/ and choose your own password.`);
    }

    const replayed = await detector.warmUp();
    if (replayed > 0) log(`Rebuilt stories from ${replayed} stored items.`);

    const fetch = createSafeFetch({
      allowPrivateAddresses: config.allowPrivateFetch,
      timeoutMs: config.fetchTimeoutMs,
      allowedOrigins: simulator ? [new URL(simulator.url).origin] : [],
    });
    const runner = createPollRunner({
      store,
      connectors: CONNECTORS,
      fetch,
      openSocket: createSafeWebSocket({ allowPrivateAddresses: config.allowPrivateFetch, handshakeTimeoutMs: config.fetchTimeoutMs }),
      clock: () => new Date(),
      runTimeoutMs: config.fetchTimeoutMs * 2,
      onItems,
      log,
    });
    const scheduler = startPollScheduler({ store, runner, log });
    stack.push(() => scheduler.stop());
    await scheduler.reload();
    // A source added, paused, removed or rescheduled through the API is picked up at once.
    store.onEvents((events) => {
      const changed = (e: AnyEvent) => e.action === 'sources.remove' || (e.action === 'sources.update' && !e.actor.startsWith('source:') && e.actor !== 'system');
      if (events.some(changed)) {
        void scheduler.reload().catch((error: unknown) => log(`could not reschedule sources: ${(error as Error).message}`));
      }
    });

    // Before the sweep: a post whose window closed while the server was down is marked missed by
    // the scheduler (W-PUB-3) on its first look, rather than only held by the sweep's expiry.
    const publisher = startPostPublisher({ ctx: createWorkflowContext(store, clock), vault, fetch, log });
    stack.push(() => publisher.stop());

    // What happens after publication: each published post's engagement, on its decaying schedule (W-POST-8).
    const engagement = startEngagementPoller({ ctx: createWorkflowContext(store, clock), vault, fetch, log });
    stack.push(() => engagement.stop());

    const sweep = startWorkflowSweep(createWorkflowContext(store, clock), log);
    stack.push(() => sweep.stop());

    return { url: `${url}/`, store, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The vault of publishing accounts' credentials, opened after the store holds the data directory
 * so no second process makes a key beside ours. A key that opens none of the stored credentials
 * is said at once, not discovered when a post fails.
 */
async function openPublishingVault(config: Config, store: Store, log: (m: string) => void): Promise<PublishingVault> {
  const secretKey = await loadSecretKey(config);
  for (const notice of secretKeyNotices(secretKey)) log(notice);
  const vault = createPublishingVault(secretKey.key);
  const unreadable = await accountsSealedWithAnotherKey(createWorkflowContext(store), vault);
  if (unreadable.length > 0) {
    log(
      `The secret key (${secretKey.origin}) does not open the credentials of ${unreadable.map((a) => `${a.name} (${a.id})`).join(', ')}: ` +
        'they were sealed with another key. Restore that key, or enter their credentials again (PATCH /api/accounts/{id} or `tidewatch accounts credentials <id>`); until then nothing is sent through them.',
    );
  }
  return vault;
}

/**
 * Demo sources follow the simulator (its port changes each start) and are switched off when
 * the product starts without it; the public feeds are added once, on a store with no sources.
 */
async function seedSources(store: Store, simulator: FeedSimulator | null, log: (m: string) => void): Promise<void> {
  const now = new Date();
  const existing = await store.listSources();
  if (simulator) {
    for (const source of demoSources(simulator.feeds, now)) {
      const previous = existing.find((s) => s.id === source.id);
      await store.saveSource(previous ? { ...previous, options: source.options, enabled: true } : source, 'system');
    }
    return;
  }
  for (const source of existing.filter((s) => isDemoSource(s) && s.enabled)) {
    await store.saveSource({ ...source, enabled: false }, 'system');
  }
  if (existing.length === 0) {
    for (const source of defaultSources(now)) await store.saveSource(source, 'system');
    log('First start: listening to a few public news feeds. Add your own sources as the Connectors work lands.');
  }
}
