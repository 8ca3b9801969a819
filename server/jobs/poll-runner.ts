import type { Connector, OpenWebSocket, SafeFetch } from '../../connectors/index.js';
import { RateLimitedError } from '../../connectors/connector-errors.js';
import { healthWithDefaults, PUSH_ONLY_KINDS, type Item, type Source } from '../domain/index.js';
import type { Store } from '../store/store.js';
import { timeOfDay } from '../workflow/time-words.js';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { toItem } from '../workflow/item-intake.js';
import { isDue, nextPollAt } from './poll-timing.js';
import { SeenIds } from './seen-ids.js';
import { healthAfterFailure, healthAfterSuccess } from '../workflow/source-health.js';

export type PollOutcome =
  | { sourceId: string; status: 'ok'; inserted: number }
  | { sourceId: string; status: 'failed'; error: string }
  | { sourceId: string; status: 'skipped'; reason: string };

export interface PollRunnerDeps {
  store: Store;
  connectors: ReadonlyMap<string, Connector<any>>;
  fetch: SafeFetch;
  /** Streaming sources connect through this, under the operator's address policy. */
  openSocket?: OpenWebSocket;
  clock: () => Date;
  /** A run that takes longer is aborted and counted as a failure. */
  runTimeoutMs: number;
  /** New items, after they are stored. */
  onItems?: (items: Item[]) => void;
  log: (message: string) => void;
  /** 0 ≤ r < 1 for the back-off jitter; tests pass a constant. */
  random?: () => number;
  backoff?: BackoffPolicy;
  /** How many recent externalIds to remember per source (5,000 unless said). */
  seenIdsPerSource?: number;
}

export interface PollRunner {
  run(sourceId: string): Promise<PollOutcome>;
  isRunning(sourceId: string): boolean;
  /** Whether the runtime polls this source at all: push-only kinds (webhook) are never polled. */
  polls(source: Source): boolean;
  /** Forgets what a source returned lately: for a removed source, or one pointed elsewhere. */
  forget(sourceId: string): void;
  /** Resolves when every run under way has finished. */
  idle(): Promise<void>;
}

type RunResult =
  | { ok: true; inserted: number; cursor: unknown; warnings: string[] }
  | { ok: false; reason: string; retryAfterMs: number | null };

/**
 * Runs one poll of one source: the connector fetches and maps, the runner owns the rest
 * (options validation, ids, storage, cursor, health, when to poll next). Runs of one source
 * never overlap; a failing source is marked unhealthy with the reason and polled less often
 * (exponential back-off, capped) while every other source carries on; a source that was asked
 * to slow down is not polled before the platform said.
 */
export function createPollRunner(deps: PollRunnerDeps): PollRunner {
  const running = new Map<string, Promise<PollOutcome>>();
  const seen = new SeenIds(deps.seenIdsPerSource);
  const random = deps.random ?? Math.random;
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;

  async function pollOnce(sourceId: string): Promise<PollOutcome> {
    const source = await deps.store.getSource(sourceId);
    if (!source) return { sourceId, status: 'skipped', reason: 'the source no longer exists' };
    if (!source.enabled) return { sourceId, status: 'skipped', reason: 'the source is paused' };
    if (PUSH_ONLY_KINDS.includes(source.kind)) return { sourceId, status: 'skipped', reason: `a ${source.kind} source is pushed to, never polled` };
    const health = healthWithDefaults(source.health);
    const startedAt = deps.clock();
    if (!isDue(health, startedAt)) {
      return { sourceId, status: 'skipped', reason: `not due before ${health.nextPollAt}${health.lastError ? ` (${health.lastError})` : ''}` };
    }
    try {
      const { items, cursor, warnings } = await fetchItems(source, startedAt);
      // Ids returned lately cost no store work; the store's own ids catch the rest.
      const fresh = items.filter((item) => !seen.has(source.id, item.externalId));
      // Items first, cursor after: a crash in between re-polls the same items, which dedupe.
      const { inserted } = fresh.length > 0 ? await deps.store.addItems(source.id, fresh, `source:${source.id}`) : { inserted: [] };
      seen.remember(source.id, items.map((item) => item.externalId));
      await recordHealth(source.id, startedAt, { ok: true, inserted: inserted.length, cursor, warnings });
      if (inserted.length > 0) deps.onItems?.(inserted);
      return { sourceId, status: 'ok', inserted: inserted.length };
    } catch (error) {
      const reason = describeFailure(error);
      const retryAfterMs = error instanceof RateLimitedError ? error.retryAfterMs : null;
      deps.log(`source ${source.id} failed: ${reason}`);
      await recordHealth(source.id, startedAt, { ok: false, reason, retryAfterMs }).catch((e: unknown) => deps.log(`could not record the health of ${source.id}: ${String(e)}`));
      return { sourceId, status: 'failed', error: reason };
    }
  }

  async function fetchItems(source: Source, fetchedAt: Date): Promise<{ items: Item[]; cursor: unknown; warnings: string[] }> {
    const connector = deps.connectors.get(source.kind);
    if (!connector) throw new Error(`no connector of kind "${source.kind}"; known kinds: ${[...deps.connectors.keys()].join(', ')}`);
    const options = connector.optionsSchema.safeParse(source.options);
    if (!options.success) {
      const issue = options.error.issues[0];
      throw new Error(`its options are invalid: ${issue?.path.join('.') || 'options'}: ${issue?.message}`);
    }
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error(`the run took longer than ${deps.runTimeoutMs} ms`)), deps.runTimeoutMs);
    try {
      // The race bounds the whole run, not only its fetches: a connector that ignores the signal cannot hold the source.
      const aborted = new Promise<never>((_, reject) => abort.signal.addEventListener('abort', () => reject(abort.signal.reason), { once: true }));
      const result = await Promise.race([
        connector.poll({ options: options.data, cursor: source.cursor, fetch: deps.fetch, ...(deps.openSocket ? { openSocket: deps.openSocket } : {}), now: fetchedAt, signal: abort.signal }),
        aborted,
      ]);
      return { items: result.items.map((item) => toItem(source, item, fetchedAt)), cursor: result.cursor, warnings: result.warnings ?? [] };
    } finally {
      clearTimeout(timer);
    }
  }

  async function recordHealth(sourceId: string, startedAt: Date, result: RunResult): Promise<void> {
    // Read again: the source may have been edited while the poll ran.
    const latest = await deps.store.getSource(sourceId);
    if (!latest) return;
    const endedAt = deps.clock();
    const failures = result.ok ? 0 : healthWithDefaults(latest.health).consecutiveFailures + 1;
    const next = nextPollAt({ schedule: latest.schedule, now: endedAt, failures, retryAfterMs: result.ok ? null : result.retryAfterMs, random: random(), backoff });
    const report = { startedAt, endedAt, nextPollAt: next };
    const health = result.ok
      ? healthAfterSuccess(latest, { ...report, inserted: result.inserted, warnings: result.warnings })
      : healthAfterFailure(latest, { ...report, lastError: failureInWords(result, next) });
    if (!result.ok && next) deps.log(`source ${sourceId}: ${failures} failure${failures === 1 ? '' : 's'} in a row; next poll at ${next.toISOString()}`);
    await deps.store.saveSource({ ...latest, health, cursor: result.ok ? result.cursor : latest.cursor }, `source:${sourceId}`);
  }

  return {
    run(sourceId) {
      const current = running.get(sourceId);
      if (current) return Promise.resolve({ sourceId, status: 'skipped', reason: 'a run of this source is still under way' });
      const run = pollOnce(sourceId).finally(() => running.delete(sourceId));
      running.set(sourceId, run);
      return run;
    },
    isRunning: (sourceId) => running.has(sourceId),
    polls(source) {
      if (PUSH_ONLY_KINDS.includes(source.kind)) return false;
      // A kind without a connector is still scheduled, so its health says what is wrong.
      const connector = deps.connectors.get(source.kind) as Partial<Connector> | undefined;
      return connector === undefined || typeof connector.poll === 'function';
    },
    forget: (sourceId) => seen.forget(sourceId),
    async idle() {
      await Promise.allSettled([...running.values()]);
    },
  };
}

/** A rate limit says when the next try is: the newsroom sees the source is waiting, not broken. */
function failureInWords(result: Extract<RunResult, { ok: false }>, next: Date | null): string {
  if (result.retryAfterMs === null) return result.reason;
  const when = next ? `; Tidewatch waits and polls it again at ${timeOfDay(next)}` : '';
  return `rate-limited: the platform asked Tidewatch to wait ${Math.ceil(result.retryAfterMs / 1000)} s before asking again${when}`;
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'the connection was refused: the server is down or the address is wrong';
  if (code === 'ENOTFOUND') return 'the host name does not resolve: check the URL';
  if (error.name === 'AbortError' && error.cause instanceof Error) return error.cause.message;
  return error.message;
}
