import type { PublicApiToken } from './api-token.js';
import type { Beat } from './beat.js';
import type { Comment } from './comment.js';
import type { Draft } from './draft.js';
import type { Item } from './item.js';
import type { ItemDay } from './item-day.js';
import type { Member } from './member.js';
import type { Opportunity } from './opportunity.js';
import type { Post } from './post.js';
import type { PublicPublishingAccount } from './publishing-account.js';
import type { RecordKind } from './record.js';
import type { Review } from './review.js';
import type { Source } from './source.js';
import type { Story } from './story.js';

type OpportunityChange = { opportunity: Opportunity; reason?: string };
type DraftChange = { draft: Draft };
type ReviewChange = { review: Review; reason?: string };
type PostChange = { post: Post; reason?: string };

/**
 * What each action carries. Actions are named `plural.verb`; the payload holds the record as it
 * is after the change, so a client can apply an event without asking for the record again.
 * Payloads never carry secrets: every signed-in member may read every event.
 */
export interface EventPayloads {
  'items.create': { sourceId: string; items: Item[] };
  'stories.update': { story: Story };
  'sources.update': { source: PublicSource };
  /** The source as it was; its items stay. */
  'sources.remove': { source: PublicSource };

  'members.create': { member: Member };
  'members.update': { member: Member };
  /** A password was set or reset; the hash stays home. */
  'members.password': { memberId: string; oneTime: boolean };
  'sessions.create': { memberId: string };
  'sessions.revoke': { memberId: string };
  'tokens.create': { token: PublicApiToken };
  'tokens.revoke': { token: PublicApiToken };

  'beats.create': { beat: Beat };
  'beats.update': { beat: Beat };

  /** Raised by the trend detector. */
  'opportunities.create': OpportunityChange;
  /** Pitched by an editor. */
  'opportunities.pitch': OpportunityChange;
  'opportunities.claim': OpportunityChange;
  'opportunities.assign': OpportunityChange;
  'opportunities.dismiss': OpportunityChange;
  'opportunities.expire': OpportunityChange;
  /** The state followed its drafts (in review, approved, back to drafting, scheduled). */
  'opportunities.update': OpportunityChange;
  'opportunities.watch': OpportunityChange;

  'drafts.create': DraftChange;
  'drafts.revise': DraftChange;
  'drafts.submit': DraftChange;
  'drafts.update': DraftChange;

  'reviews.open': ReviewChange;
  'reviews.decide': ReviewChange;
  'reviews.reopen': ReviewChange;
  'reviews.escalate': ReviewChange;

  'posts.schedule': PostChange;
  'posts.cancel': PostChange;
  'posts.hold': PostChange;
  'posts.override': PostChange;
  /** The scheduler claimed it for an attempt (state publishing). */
  'posts.claim': PostChange;
  'posts.publish': PostChange;
  /** An attempt failed and another will follow, or the post failed for good. */
  'posts.fail': PostChange;
  /** Its time passed while its window closed: never sent late. */
  'posts.miss': PostChange;
  /** A person said whether a cut-off send arrived, or recorded a post made by hand. */
  'posts.confirm': PostChange;
  'posts.engagement': PostChange;
  'accounts.create': { account: PublicPublishingAccount };
  'accounts.update': { account: PublicPublishingAccount };

  'comments.create': { comment: Comment };

  /**
   * An author's items were erased on request. Says that it happened, never whom it concerned:
   * the author's handle stays out of the log.
   */
  'erasures.create': {
    erasureId: string;
    channel: string;
    items: number;
    /** The events whose payloads were redacted (the audit checks every redaction is accounted for). */
    redactedEvents: number[];
    labelsReplaced: number;
  };
  /** Items past the retention period, not attached to any opportunity, were deleted. */
  'items.expire': { cutoff: string; items: number; redactedEvents: number[] };
  /** The item figures of a day on a channel were kept in aggregate, before retention deleted its items. */
  'tallies.create': { tally: ItemDay };
}
export type EventAction = keyof EventPayloads;

/** A source as anyone may see it: connector options can hold credentials, so they stay home. */
export type PublicSource = Omit<Source, 'options' | 'cursor'>;

export type RecordType = 'item' | 'story' | 'source' | 'erasure' | RecordKind;

/** An entry in the append-only event log: who did what to which record, when. */
export interface TidewatchEvent<A extends EventAction = EventAction> {
  /** One increasing sequence over the whole log: "what changed since N". */
  seq: number;
  at: string;
  /** `system`, `source:<id>`, `token:<id>`, or a member id. */
  actor: string;
  action: A;
  record: { type: RecordType; id: string };
  /** Digests of the record before and after, so the audit trail can prove what changed. */
  digest: { before: string | null; after: string | null };
  data: EventPayloads[A];
  /**
   * sha256 of the payload (`data`), which the hash covers instead of the payload itself, so a
   * payload can be redacted without breaking the chain. Missing on events written before payload
   * digests existed: their hash covers the payload (docs/architecture.md, "Redaction").
   */
  dataHash?: string;
  /** Set when (part of) the payload was redacted, after the event was written; not hashed. */
  redactions?: Redaction[];
  /** The hash of the event before this one: the log is a chain, so an edit shows. */
  prevHash: string;
  /** The hash of this event (all of it but this field, `data` and `redactions`), chained on `prevHash`. */
  hash: string;
}

/** Why and when a payload was redacted: items past retention, or an author's erasure. */
export interface Redaction {
  at: string;
  reason: 'retention' | 'erasure';
  /** The erasure's id, when the reason is an erasure. */
  erasureId?: string;
  /** `items`: some items of an items.create payload became stubs; `payload`: the whole payload went. */
  scope: 'items' | 'payload';
}

/** What stays of a redacted item in an items.create payload: its id and the digest of what it was. */
export interface RedactedItem {
  id: string;
  redacted: true;
  digest: string;
}

/** An event the store has not numbered and chained yet. */
export type NewEvent<A extends EventAction = EventAction> = Omit<TidewatchEvent<A>, 'seq' | 'prevHash' | 'hash' | 'dataHash' | 'redactions'>;

export type AnyEvent = { [A in EventAction]: TidewatchEvent<A> }[EventAction];
export type AnyNewEvent = { [A in EventAction]: NewEvent<A> }[EventAction];

export function publicSource(source: Source): PublicSource {
  const { options: _options, cursor: _cursor, ...rest } = source;
  return rest;
}
