import type pg from 'pg';
import { chainEvent, type AnyEvent, type AnyNewEvent } from '../domain/index.js';
import { toStoredJson } from './postgres-text.js';

/**
 * One write of the store: its data changes, made on the connection it is given inside a
 * transaction, and the events that describe them. The events are numbered later, with the rest of
 * the batch, so `result` builds the caller's answer from them once they are.
 */
export type WriteStep<T> = (client: pg.PoolClient) => Promise<{ events: AnyNewEvent[]; result(numbered: AnyEvent[]): T }>;

interface Job {
  step: WriteStep<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  attempts: number;
}

/** PostgreSQL's codes for work it aborted to break a deadlock or a serialization conflict: safe to run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 4;
/** Writes one transaction carries at most, so one batch never holds the log for long. */
const MAX_BATCH = 64;

const isRetryable = (error: unknown) => RETRYABLE.has((error as { code?: string } | null)?.code ?? '');

/**
 * Group commit for one process, as the lowdb adapter does with its file. The event log is a hash
 * chain, so appends cannot overlap: whoever appends holds the head row of the log until its
 * transaction is durable, and a commit costs a disk flush. Writes that arrive while a transaction
 * is under way therefore wait and then share the next one, each inside its own savepoint, so one
 * that is refused (a stale rev) or fails undoes only itself.
 *
 * A transaction does all its steps' data writes first and only then locks the head, chains the
 * events of all its steps, appends them and commits. Holding the head never waits for any other
 * row, so processes cannot deadlock on it; and since the head is held until the commit is durable,
 * sequence numbers are given in commit order, with no gaps, and a reader never sees event N+1
 * before event N.
 */
export class PostgresWriteQueue {
  private readonly waiting: Job[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly pool: pg.Pool,
    /** Called after the commit, once per write that appended events, in sequence order; must not throw. */
    private readonly onCommitted: (events: AnyEvent[]) => void,
  ) {}

  submit<T>(step: WriteStep<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ step, resolve: resolve as (value: unknown) => void, reject, attempts: 0 });
      this.run();
    });
  }

  /** Resolves once every write submitted so far has finished. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private run(): void {
    if (this.running) return;
    this.running = (async () => {
      while (this.waiting.length > 0) await this.commitBatch(this.waiting.splice(0, MAX_BATCH));
    })()
      // commitBatch answers every job itself; nothing is left to reject here.
      .catch((error: unknown) => console.error(`the PostgreSQL write queue failed: ${(error as Error).stack ?? String(error)}`))
      .finally(() => {
        this.running = null;
        // A write submitted after the loop's last look, before this moment, starts the next run.
        if (this.waiting.length > 0) this.run();
      });
  }

  private async commitBatch(jobs: Job[]): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    let broken = false;
    const done: Array<{ job: Job; events: AnyNewEvent[]; result(numbered: AnyEvent[]): unknown }> = [];
    const refused: Array<{ job: Job; error: unknown }> = [];
    const again: Job[] = [];
    try {
      await client.query('BEGIN');
      for (const job of jobs) {
        job.attempts++;
        await client.query('SAVEPOINT one_write');
        try {
          const outcome = await job.step(client);
          await client.query('RELEASE SAVEPOINT one_write');
          done.push({ job, ...outcome });
        } catch (error) {
          // Undoes this write only; the locks it took go with it.
          await client.query('ROLLBACK TO SAVEPOINT one_write');
          await client.query('RELEASE SAVEPOINT one_write');
          // Chosen to break a deadlock: the locks this batch holds are part of the circle, so the
          // write runs again in the next batch, after this one has let them go.
          if (isRetryable(error) && job.attempts < ATTEMPTS) again.push(job);
          else refused.push({ job, error });
        }
      }
      const numbered = await this.append(client, done.flatMap((d) => d.events));
      await client.query('COMMIT');
      let next = 0;
      for (const { job, events, result } of done) {
        const own = numbered.slice(next, (next += events.length));
        if (own.length > 0) this.onCommitted(own);
        settle(job, () => result(structuredClone(own)));
      }
      for (const { job, error } of refused) job.reject(error);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      // Nothing of the batch was written. When PostgreSQL aborted it to break a deadlock, every
      // write runs again; any other failure (the connection, the server) is each write's answer.
      again.length = 0;
      for (const job of jobs) {
        if (isRetryable(error) && job.attempts < ATTEMPTS) again.push(job);
        else job.reject(error);
      }
    } finally {
      // A connection that could not even roll back is closed rather than handed to the next write.
      client.release(broken);
    }
    this.waiting.unshift(...again);
  }

  /** Locks the head of the log, numbers and chains the events after it, and appends them. */
  private async append(client: pg.PoolClient, drafts: AnyNewEvent[]): Promise<AnyEvent[]> {
    if (drafts.length === 0) return [];
    const { rows } = await client.query<{ seq: number; hash: string }>('SELECT seq, hash FROM event_log_head FOR UPDATE');
    let { seq, hash } = rows[0]!;
    const events = drafts.map((draft) => {
      const event = chainEvent(draft, ++seq, hash);
      hash = event.hash;
      return event;
    });
    await client.query(
      `WITH appended AS (
         INSERT INTO events (seq, event)
         SELECT (e->>'seq')::bigint, e FROM jsonb_array_elements($1::jsonb) AS batch(e)
       )
       UPDATE event_log_head SET seq = $2, hash = $3`,
      [toStoredJson(events), seq, hash],
    );
    return events;
  }
}

function settle(job: Job, answer: () => unknown): void {
  try {
    job.resolve(answer());
  } catch (error) {
    job.reject(error);
  }
}
