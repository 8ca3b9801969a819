import { digestOf, type EventAction, type EventPayloads, type NewEvent, type RecordType } from '../domain/index.js';

/** The one way a command describes a record change in the log: before/after digests and the record after. */
export function recordEvent<A extends EventAction>(
  action: A,
  record: { type: RecordType; id: string },
  change: { before: unknown; after: unknown },
  actor: string,
  at: Date,
  data: EventPayloads[A],
): NewEvent<A> {
  return {
    at: at.toISOString(),
    actor,
    action,
    record,
    digest: { before: digestOf(change.before), after: digestOf(change.after) },
    data,
  };
}
