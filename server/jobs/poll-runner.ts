import type { Connector, ConnectorItem, SafeFetch } from '../../connectors/index.js';
import { itemId, type Item, type Source } from '../domain/index.js';
import type { Store } from '../store/store.js';

export type PollOutcome =
  | { sourceId: string; status: 'ok'; inserted: number }
  | { sourceId: string; status: 'failed'; error: string }
  | { sourceId: string; status: 'skipped'; reason: string };

export interface PollRunnerDeps {
  store: Store;
  connectors: ReadonlyMap<string, Connector<any>>;
  fetch: SafeFetch;
  clock: () => Date;
  /** A run that takes longer is aborted and counted as a failure. */
  runTimeoutMs: number;
  /** New items, after they are stored. */
  onItems: (items: Item[]) => void;
  log: (message: string) => void;
}

export interface PollRunner {
  run(sourceId: string): Promise<PollOutcome>;
  isRunning(sourceId: string): boolean;
  /** Resolves when every run under way has finished. */
  idle(): Promise<void>;
}

/**
 * Runs one poll of one source: the connector fetches and maps, the runner owns the rest
 * (options validation, ids, storage, cursor, health). Runs of one source never overlap, and a
 * failing source is marked unhealthy with the reason while every other source carries on.
 */
export function createPollRunner(deps: PollRunnerDeps): PollRunner {
  const running = new Map<string, Promise<PollOutcome>>();

  async function pollOnce(sourceId: string): Promise<PollOutcome> {
    const source = await deps.store.getSource(sourceId);
    if (!source) return { sourceId, status: 'skipped', reason: 'the source no longer exists' };
    if (!source.enabled) return { sourceId, status: 'skipped', reason: 'the source is disabled' };
    const startedAt = deps.clock();
    try {
      const { items, cursor } = await fetchItems(source, startedAt);
      // Items first, cursor after: a crash in between re-polls the same items, which dedupe.
      const { inserted } = await deps.store.addItems(source.id, items, `source:${source.id}`);
      await recordHealth(source.id, startedAt, { ok: true, inserted: inserted.length, cursor });
      if (inserted.length > 0) deps.onItems(inserted);
      return { sourceId, status: 'ok', inserted: inserted.length };
    } catch (error) {
      const reason = describeFailure(error);
      deps.log(`source ${source.id} failed: ${reason}`);
      await recordHealth(source.id, startedAt, { ok: false, reason }).catch((e: unknown) => deps.log(`could not record the health of ${source.id}: ${String(e)}`));
      return { sourceId, status: 'failed', error: reason };
    }
  }

  async function fetchItems(source: Source, fetchedAt: Date): Promise<{ items: Item[]; cursor: unknown }> {
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
        connector.poll({ options: options.data, cursor: source.cursor, fetch: deps.fetch, now: fetchedAt, signal: abort.signal }),
        aborted,
      ]);
      return { items: result.items.map((item) => toItem(source, item, fetchedAt)), cursor: result.cursor };
    } finally {
      clearTimeout(timer);
    }
  }

  async function recordHealth(
    sourceId: string,
    ranAt: Date,
    result: { ok: true; inserted: number; cursor: unknown } | { ok: false; reason: string },
  ): Promise<void> {
    // Read again: the source may have been edited while the poll ran.
    const latest = await deps.store.getSource(sourceId);
    if (!latest) return;
    const at = ranAt.toISOString();
    const health = result.ok
      ? { status: 'healthy' as const, lastRunAt: at, lastSuccessAt: at, lastError: null, consecutiveFailures: 0, itemsLastRun: result.inserted }
      : { ...latest.health, status: 'unhealthy' as const, lastRunAt: at, lastError: result.reason, consecutiveFailures: latest.health.consecutiveFailures + 1, itemsLastRun: 0 };
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
    async idle() {
      await Promise.allSettled([...running.values()]);
    },
  };
}

function toItem(source: Source, item: ConnectorItem, fetchedAt: Date): Item {
  const fetched = fetchedAt.toISOString();
  return {
    id: itemId(source.id, item.externalId),
    sourceId: source.id,
    channel: source.channel,
    externalId: item.externalId,
    author: item.author,
    title: item.title,
    text: item.text,
    html: item.html,
    url: item.url,
    // A date in the future is a feed's mistake: it would keep the item "new" for days.
    publishedAt: item.publishedAt && item.publishedAt <= fetched ? item.publishedAt : fetched,
    fetchedAt: fetched,
    language: item.language,
    engagement: item.engagement,
    storyId: null,
  };
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'the connection was refused: the server is down or the address is wrong';
  if (code === 'ENOTFOUND') return 'the host name does not resolve: check the URL';
  if (error.name === 'AbortError' && error.cause instanceof Error) return error.cause.message;
  return error.message;
}
