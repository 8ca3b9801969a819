import type { ApiToken } from './api-token.js';
import type { Beat } from './beat.js';
import type { Comment } from './comment.js';
import type { Credential } from './credential.js';
import type { Draft } from './draft.js';
import type { ItemDay } from './item-day.js';
import type { Member, MemberEmail } from './member.js';
import type { Opportunity } from './opportunity.js';
import type { Post } from './post.js';
import type { PublishingAccount } from './publishing-account.js';
import type { Review } from './review.js';
import type { Session } from './session.js';

/**
 * The records of the team's work, by kind. Each has an id and a rev that increases by one on
 * every change, so two members acting at once cannot silently overwrite each other.
 */
export interface RecordMap {
  member: Member;
  memberEmail: MemberEmail;
  credential: Credential;
  session: Session;
  token: ApiToken;
  beat: Beat;
  opportunity: Opportunity;
  draft: Draft;
  review: Review;
  post: Post;
  comment: Comment;
  account: PublishingAccount;
  /** The item figures of one day on one channel, kept after retention (item-day.ts). */
  itemDay: ItemDay;
}
export type RecordKind = keyof RecordMap;
export type AnyRecord = RecordMap[RecordKind];

export const RECORD_KINDS: readonly RecordKind[] = [
  'member',
  'memberEmail',
  'credential',
  'session',
  'token',
  'beat',
  'opportunity',
  'draft',
  'review',
  'post',
  'comment',
  'account',
  'itemDay',
];

/** One record write in a command: `expectedRev` null means the record must not exist yet. */
export type RecordChange = {
  [K in RecordKind]: { kind: K; record: RecordMap[K]; expectedRev: number | null } | { kind: K; id: string; expectedRev: number; remove: true };
}[RecordKind];
