import cron, { type ScheduledTask } from 'node-cron';
import type { Source } from '../domain/index.js';
import type { Store } from '../store/store.js';
import type { PollRunner } from './poll-runner.js';

export interface PollScheduler {
  /** Re-reads the sources and schedules the enabled ones. */
  reload(): Promise<void>;
  /** The ids of the sources with a task, for the health page and tests. */
  scheduled(): string[];
  stop(): Promise<void>;
}

/**
 * One node-cron task per enabled, polled source (push-only kinds have none), and one run at start
 * so a new user does not wait for the first tick. Every tick asks the runner, which skips a source
 * that is backing off or rate-limited until its nextPollAt. The runner keeps runs of one source
 * from overlapping; node-cron's noOverlap also keeps a slow run from queueing ticks behind it.
 */
export function startPollScheduler({ store, runner, log }: { store: Store; runner: PollRunner; log: (m: string) => void }): PollScheduler {
  const tasks = new Map<string, { schedule: string; task: ScheduledTask }>();
  let known = new Set<string>();

  async function schedule(source: Source): Promise<void> {
    if (!cron.validate(source.schedule)) {
      const lastError = `invalid schedule "${source.schedule}": use a cron expression such as */5 * * * *`;
      log(`source ${source.id} has an invalid schedule "${source.schedule}"; it will not be polled`);
      // Every reload finds it again; write (and announce) the health change only once.
      if (source.health.lastError !== lastError) {
        await store.saveSource({ ...source, health: { ...source.health, status: 'unhealthy', lastError } }, 'system');
      }
      return;
    }
    const task = cron.schedule(source.schedule, () => runner.run(source.id), { name: `poll:${source.id}`, noOverlap: true });
    tasks.set(source.id, { schedule: source.schedule, task });
    void runner.run(source.id);
  }

  async function unschedule(id: string): Promise<void> {
    const entry = tasks.get(id);
    tasks.delete(id);
    await entry?.task.destroy();
  }

  return {
    async reload() {
      const sources = await store.listSources();
      const wanted = new Map(sources.filter((s) => s.enabled && runner.polls(s)).map((s) => [s.id, s]));
      for (const [id, entry] of tasks) {
        if (wanted.get(id)?.schedule !== entry.schedule) await unschedule(id);
      }
      // A removed source's memory of recent ids would only take up room.
      const existing = new Set(sources.map((s) => s.id));
      for (const id of known) if (!existing.has(id)) runner.forget(id);
      known = existing;
      for (const source of wanted.values()) if (!tasks.has(source.id)) await schedule(source);
    },
    scheduled: () => [...tasks.keys()].sort(),
    async stop() {
      for (const id of [...tasks.keys()]) await unschedule(id);
      await runner.idle();
    },
  };
}
