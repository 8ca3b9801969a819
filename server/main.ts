import { createAdaptorServer } from '@hono/node-server';
import type { Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import { CONNECTORS, createSafeFetch, createSafeWebSocket, type SafeFetch } from '../connectors/index.js';
import type { Config } from './config.js';
import type { AnyEvent } from './domain/index.js';
import { defaultSources } from './default-sources.js';
import { demoSources, isDemoSource } from './demo/demo-sources.js';
import { startFeedSimulator, type FeedSimulator } from './demo/feed-simulator.js';
import { createApp } from './http/app.js';
import { createSignInLimiter } from './http/auth/sign-in-limiter.js';
import { listen } from './http/listen.js';
import { createMetrics, type TidewatchMetrics } from './http/metrics.js';
import type { ProcessStatus } from './http/process-status.js';
import { startDetectorJob, type DetectorJob } from './jobs/detector-job.js';
import { startEngagementPoller } from './jobs/engagement-poller.js';
import { createPollRunner } from './jobs/poll-runner.js';
import { startPollScheduler } from './jobs/poll-scheduler.js';
import { startPostPublisher } from './jobs/post-publisher.js';
import { startRetentionJob } from './jobs/retention.js';
import { runWhileLeader, type LeaderWork } from './jobs/while-leader.js';
import { startWorkflowSweep } from './jobs/workflow-sweep.js';
import { attachBoardHub } from './realtime/board-hub.js';
import { createPostgresBroadcast } from './realtime/postgres-broadcast.js';
import { loadSecretKey, secretKeyNotices } from './secret-key.js';
import { startEventFeed, type EventFeed } from './store/event-feed.js';
import { openLeadership } from './store/open-leadership.js';
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
    // What every process hears of the changes made anywhere (its own at once, the others' within a
    // second on PostgreSQL): its background work and its socket rechecks act on it.
    const feed = await startEventFeed(store, { readEveryMs: config.databaseUrl ? 1_000 : null, log });
    stack.push(() => feed.stop());
    // The background work runs in one process: the leader (always this one on the lowdb store).
    // Released after the work stops (the stack unwinds backwards), so a successor never overlaps it.
    const leadership = openLeadership({ databaseUrl: config.databaseUrl, log });
    stack.push(() => leadership.stop());

    let detector: DetectorJob | null = null;
    let emittedSeq = 0;
    let websocketClients = () => 0;
    const status: ProcessStatus = {
      role: () => leadership.role(),
      detectorLagSeconds: () => {
        const newest = detector?.newestFetchedAt() ?? null;
        return newest === null ? null : Math.max(0, (clock().getTime() - newest) / 1000);
      },
      heardSeq: () => feed.heardSeq(),
      emittedSeq: () => emittedSeq,
      websocketClients: () => websocketClients(),
    };
    const metrics = createMetrics(store, status);
    store.onEvents((events) => metrics.countCommitted(events));

    // Pushed items (POST /api/ingest) reach the detector as polled ones do: through the event feed,
    // from whichever process stored them, to the leader's detector.
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
      vault,
      status,
      metrics,
    });
    const httpServer = createAdaptorServer({ fetch: app.fetch }) as HttpServer;
    // With PostgreSQL, broadcasts go through the database to the sockets of every process; closed
    // after the hub (the stack unwinds backwards).
    const broadcast = config.databaseUrl ? createPostgresBroadcast(config.databaseUrl, log) : null;
    if (broadcast) stack.push(() => broadcast.close());
    const hub = attachBoardHub(httpServer, { store, version: VERSION, clock, events: (listener) => feed.onEvents(listener), ...(broadcast ? { adapter: broadcast.adapter } : {}) });
    websocketClients = () => hub.io.engine.clientsCount;
    // Each process pushes the events of its own commits, once; the adapter carries them to the
    // sockets of the others, which push theirs. No process relays another's.
    store.onEvents((events) => {
      hub.broadcast(events);
      emittedSeq = Math.max(emittedSeq, ...events.map((e) => e.seq));
      metrics.countEmitted(events);
    });
    const url = await listen(httpServer, config.port, config.host);
    stack.push(() => hub.close());

    // After listening, so the message can say where to sign in.
    const firstAdmin = await ensureFirstAdmin(createWorkflowContext(store, clock));
    if (firstAdmin) {
      log(`No members yet: created ${firstAdmin.email} with the one-time password ${firstAdmin.password}. Sign in at ${url}/ and choose your own password.`);
    }

    const fetch = createSafeFetch({
      allowPrivateAddresses: config.allowPrivateFetch,
      timeoutMs: config.fetchTimeoutMs,
      allowedOrigins: simulator ? [new URL(simulator.url).origin] : [],
    });
    const background = { config, store, feed, fetch, vault, metrics, clock, log };
    // A process that leads from the start has its work running when the start returns, as before
    // there were several; a follower starts it when it takes over.
    await leadership.ready();
    const work = runWhileLeader(
      leadership,
      () =>
        startLeaderWork(background, {
          started: (job) => (detector = job),
          stopped: () => (detector = null),
        }),
      log,
    );
    stack.push(() => work.stop());
    await work.ready();
    if (leadership.role() === 'follower') log('Another process leads: this one serves the board and the API; it takes over the background work if the leader stops.');

    return { url: `${url}/`, store, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

interface BackgroundDeps {
  config: Config;
  store: Store;
  feed: EventFeed;
  fetch: SafeFetch;
  vault: PublishingVault;
  metrics: TidewatchMetrics;
  clock: () => Date;
  log: (message: string) => void;
}

/**
 * The leader's background work for one term, in the order the single process used to start it,
 * stopped in reverse. Nothing carries over from an earlier term: the detector rebuilds its stories
 * from the recent items in the database, and the publisher first reconciles posts a previous
 * leader left `publishing` (it died mid-send: nobody else can hold them, there is one leader).
 */
async function startLeaderWork(
  { config, store, feed, fetch, vault, metrics, clock, log }: BackgroundDeps,
  detectorHooks: { started(job: DetectorJob): void; stopped(): void },
): Promise<LeaderWork> {
  const stack: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stack.reverse()) await step().catch((e: unknown) => log(`while stopping the background work: ${(e as Error).message}`));
  };
  const hear = (listener: (events: AnyEvent[]) => void) => {
    const unsubscribe = feed.onEvents(listener);
    stack.push(async () => void unsubscribe());
  };
  try {
    const detector = startDetectorJob({ store, clock, tickSeconds: config.detectorTickSeconds, log });
    stack.push(async () => {
      detectorHooks.stopped();
      await detector.stop();
    });
    detectorHooks.started(detector);
    // Heard before the replay reads: an item stored meanwhile is heard, read, or both, and the
    // detector ignores an item it has seen.
    hear((events) => {
      const items = events.flatMap((event) => (event.action === 'items.create' ? event.data.items : []));
      if (items.length > 0) void detector.ingest(items);
    });
    const replayed = await detector.warmUp();
    if (replayed > 0) log(`Rebuilt stories from ${replayed} stored items.`);

    const runner = createPollRunner({
      store,
      connectors: CONNECTORS,
      fetch,
      openSocket: createSafeWebSocket({ allowPrivateAddresses: config.allowPrivateFetch, handshakeTimeoutMs: config.fetchTimeoutMs }),
      clock,
      runTimeoutMs: config.fetchTimeoutMs * 2,
      log,
    });
    const scheduler = startPollScheduler({ store, runner, log });
    stack.push(() => scheduler.stop());
    await scheduler.reload();
    // A source added, paused, removed or rescheduled through the API (of any process) is picked up at once.
    hear((events) => {
      const changed = (e: AnyEvent) => e.action === 'sources.remove' || (e.action === 'sources.update' && !e.actor.startsWith('source:') && e.actor !== 'system');
      if (events.some(changed)) {
        void scheduler.reload().catch((error: unknown) => log(`could not reschedule sources: ${(error as Error).message}`));
      }
    });

    // Before the sweep: a post whose window closed while no leader ran is marked missed by the
    // scheduler (W-PUB-3) on its first look, rather than only held by the sweep's expiry.
    const publisher = startPostPublisher({
      ctx: createWorkflowContext(store, clock),
      vault,
      fetch,
      log,
      onEvents: (listener) => feed.onEvents(listener),
      onAttempt: (outcome) => metrics.countPublishAttempt(outcome),
    });
    stack.push(() => publisher.stop());

    // What happens after publication: each published post's engagement, on its decaying schedule (W-POST-8).
    const engagement = startEngagementPoller({ ctx: createWorkflowContext(store, clock), vault, fetch, log });
    stack.push(() => engagement.stop());

    const sweep = startWorkflowSweep(createWorkflowContext(store, clock), log);
    stack.push(() => sweep.stop());

    // Retention (issue 9): items no opportunity holds go after config.retentionDays, daily.
    const retention = startRetentionJob({ store, retentionDays: config.retentionDays, clock, log });
    stack.push(() => retention.stop());
    return { stop };
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
