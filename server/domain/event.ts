import type { Item } from './item.js';
import type { Source } from './source.js';
import type { Story } from './story.js';

/**
 * What each action carries. Actions are named `plural.verb`; the payload holds the record as it
 * is after the change, so a client can apply an event without asking for the record again.
 */
export interface EventPayloads {
  'items.create': { sourceId: string; items: Item[] };
  'stories.update': { story: Story };
  'sources.update': { source: PublicSource };
}
export type EventAction = keyof EventPayloads;

/** A source as anyone may see it: connector options can hold credentials, so they stay home. */
export type PublicSource = Omit<Source, 'options' | 'cursor'>;

export type RecordType = 'item' | 'story' | 'source' | 'beat' | 'opportunity' | 'draft' | 'review' | 'post' | 'member';

/** An entry in the append-only event log: who did what to which record, when. */
export interface TidewatchEvent<A extends EventAction = EventAction> {
  /** One increasing sequence over the whole log: "what changed since N". */
  seq: number;
  at: string;
  /** `system`, `source:<id>`, or a member id. */
  actor: string;
  action: A;
  record: { type: RecordType; id: string };
  /** Digests of the record before and after, so the audit trail can prove what changed. */
  digest: { before: string | null; after: string | null };
  data: EventPayloads[A];
}

/** An event the store has not numbered yet. */
export type NewEvent<A extends EventAction = EventAction> = Omit<TidewatchEvent<A>, 'seq'>;

export type AnyEvent = { [A in EventAction]: TidewatchEvent<A> }[EventAction];
export type AnyNewEvent = { [A in EventAction]: NewEvent<A> }[EventAction];

export function publicSource(source: Source): PublicSource {
  const { options: _options, cursor: _cursor, ...rest } = source;
  return rest;
}
