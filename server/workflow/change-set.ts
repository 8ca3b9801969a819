import type { AnyEvent, AnyNewEvent, EventAction, EventPayloads, RecordChange, RecordKind, RecordMap } from '../domain/index.js';
import type { Store } from '../store/store.js';
import { recordEvent } from './record-event.js';

/**
 * The records one command writes, each with its one event, committed together (W-AUD-1).
 * Every update is based on the rev the command read (W-CONC-1): when the record moved on
 * meanwhile the whole commit is refused with the record as it is now.
 */
export class ChangeSet {
  private readonly changes: RecordChange[] = [];
  private readonly events: AnyNewEvent[] = [];
  private readonly written = new Set<string>();

  constructor(
    readonly actor: string,
    readonly at: Date,
  ) {}

  create<K extends RecordKind, A extends EventAction>(kind: K, record: RecordMap[K], action: A, data: (after: RecordMap[K]) => EventPayloads[A]): RecordMap[K] {
    return this.write(kind, null, record, action, data);
  }

  /** Writes `before` with `patch` applied, the next rev and (where the record has one) a new `updatedAt`. */
  update<K extends RecordKind, A extends EventAction>(
    kind: K,
    before: RecordMap[K],
    patch: Partial<RecordMap[K]>,
    action: A,
    data: (after: RecordMap[K]) => EventPayloads[A],
  ): RecordMap[K] {
    const after = { ...before, ...patch, rev: before.rev + 1, ...('updatedAt' in before ? { updatedAt: this.at.toISOString() } : {}) } as RecordMap[K];
    return this.write(kind, before, after, action, data);
  }

  get size(): number {
    return this.changes.length;
  }

  commit(store: Store): Promise<AnyEvent[]> {
    return store.commit(this.changes, this.events);
  }

  private write<K extends RecordKind, A extends EventAction>(
    kind: K,
    before: RecordMap[K] | null,
    after: RecordMap[K],
    action: A,
    data: (after: RecordMap[K]) => EventPayloads[A],
  ): RecordMap[K] {
    // One event per record changed: a command that wants two changes to one record has a bug.
    const key = `${kind}:${after.id}`;
    if (this.written.has(key)) throw new Error(`${key} is written twice in one command`);
    this.written.add(key);
    this.changes.push({ kind, record: after, expectedRev: before ? before.rev : null } as RecordChange);
    this.events.push(recordEvent(action, { type: kind, id: after.id }, { before, after }, this.actor, this.at, data(after)) as AnyNewEvent);
    return after;
  }
}
