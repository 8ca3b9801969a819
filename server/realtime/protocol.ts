/**
 * The wire protocol between the server and the board. The board imports these as types only.
 * Every change event is emitted under its own action name and carries its sequence number.
 */
import type { AnyEvent, EventAction, TidewatchEvent } from '../domain/event.js';
import type { Member, Role } from '../domain/member.js';
import type { Principal } from '../domain/principal.js';
import type { Channel } from '../domain/channel.js';
import type { OpportunityState } from '../domain/opportunity.js';
import type { Post } from '../domain/post.js';
import type { Review } from '../domain/review.js';

export type { AnyEvent, EventAction, TidewatchEvent };
export type { Item } from '../domain/item.js';
export type { Story } from '../domain/story.js';
export type { PublicSource } from '../domain/event.js';
export type { Member, Role } from '../domain/member.js';
export type { Principal } from '../domain/principal.js';
export type { Beat } from '../domain/beat.js';
export type { Comment } from '../domain/comment.js';
export type { Draft, DraftVersion } from '../domain/draft.js';
export type { Opportunity, OpportunityState } from '../domain/opportunity.js';
export type { Post } from '../domain/post.js';
export type { Review } from '../domain/review.js';
export type { Channel } from '../domain/channel.js';
export type { PublicPublishingAccount } from '../domain/publishing-account.js';

export interface BoardHello {
  /** The last sequence number committed when the client joined: resync from here. */
  seq: number;
  version: string;
}

/** Something that should interrupt a member: a review to do, an escalation, a mention. */
export interface Notice {
  kind:
    | 'review.requested'
    | 'review.escalated'
    | 'mention'
    | 'assignment'
    | 'opportunity.high_score'
    | 'post.held'
    | 'post.failed'
    | 'post.missed'
    | 'post.needs_confirmation'
    | 'post.awaiting_manual';
  text: string;
  opportunityId: string | null;
  /** The event that raised it. */
  seq: number;
  at: string;
}

export type ServerToClientEvents = {
  [A in EventAction]: (event: TidewatchEvent<A>) => void;
} & {
  'board.hello': (hello: BoardHello) => void;
  notice: (notice: Notice) => void;
  /** Who is looking at what, whole, to the board room whenever it changes and to a socket right after its `board.hello`. */
  presence: (snapshot: PresenceSnapshot) => void;
};

export interface ClientToServerEvents {
  /** Join the board room; the server answers with `board.hello`. */
  'board.join': () => void;
  /**
   * What this tab shows now (an opportunity or a draft) and whether its member is editing it;
   * null when it shows neither. The optional acknowledgement says whether it was taken.
   */
  'presence.set': (target: PresenceSet | null, ack?: (answer: PresenceAck) => void) => void;
}

/** A record a member can be looking at. */
export interface PresenceTarget {
  kind: 'opportunity' | 'draft';
  /** At most 200 characters. */
  id: string;
}

/** What a tab sends with `presence.set`. */
export interface PresenceSet extends PresenceTarget {
  editing: boolean;
}

/**
 * One member on one record. A member's tabs on the same record make one entry: editing when
 * any tab edits, `since` the earliest of them.
 */
export interface PresenceEntry {
  memberId: string;
  name: string;
  target: PresenceTarget;
  editing: boolean;
  /** ISO time the member started looking at the record. */
  since: string;
}

export interface PresenceSnapshot {
  entries: PresenceEntry[];
}

export type PresenceAck = { ok: true } | { ok: false; error: string };

/** GET /api/events?since=N answers with this. */
export interface EventsPage {
  events: AnyEvent[];
  /** The last sequence number committed; when `events` stops short of it, ask again. */
  lastSeq: number;
  /** True when the log no longer holds everything after `since`: reload state instead. */
  truncated: boolean;
}

/** GET /api/session answers with this: who is signed in and what they may do. */
export interface SessionInfo {
  principal: Principal;
  /** Null for an API token. */
  member: Member | null;
  roles: readonly Role[];
  /** The policy's actions this principal may take, so the board hides buttons it cannot use. */
  allowed: string[];
  /** Send as the X-CSRF-Token header on every write; null for an API token. */
  csrfToken: string | null;
  /** Signed in with a one-time password: choose a new one before anything else. */
  mustChangePassword: boolean;
}

/** POST /api/session answers with this (and sets the session cookie). */
export interface SignInResult {
  member: Member;
  csrfToken: string;
  mustChangePassword: boolean;
}

/**
 * Workflow records as the API presents them: each with `allowed`, the verbs the caller may use on
 * it now (server/http/workflow-presenters.ts), so the board hides what the server would refuse.
 */
export type Allowed<T> = T & { allowed: string[] };

/** What a review or post row says about the opportunity it belongs to. */
export interface RecordAbout {
  title: string;
  deadline: string;
  opportunityState: OpportunityState;
}
export type BoardReview = Allowed<Review> & { about: RecordAbout & { channel: Channel } };
export type BoardPost = Allowed<Post> & { about: RecordAbout };

/** One channel's relevance window on an opportunity (GET /api/opportunities/{id}): ISO times. */
export interface OpportunityWindow {
  channel: Channel;
  opensAt: string;
  /** Never past the opportunity's deadline; the latest window closes at it. */
  closesAt: string;
}

/** What a reaction is still worth if it ships at `at`: 1 at the window's opening, 0.25 at its last minute, 0 once closed. */
export interface ValuePoint {
  /** `now`, `in 30 min`, `in 2 h`. */
  label: string;
  at: string;
  value: number;
}

/** GET /api/opportunities/{id} carries these beside the records. */
export interface OpportunityTiming {
  windows: OpportunityWindow[];
  valueCurve: ValuePoint[];
}

/** GET /api/link-preview?url=… answers with this: plain text only, never HTML. */
export interface LinkPreview {
  /** The page the preview was read from, after redirects. */
  url: string;
  title: string | null;
  description: string | null;
  /** The site's own name, else its host name. */
  siteName: string;
}

/** A time to post a draft on its channel, with why in words. */
export interface PostSuggestion {
  /** ISO time. */
  at: string;
  channel: Channel;
  reason: string;
}

/** GET /api/drafts/{id}/suggested-times answers with this, soonest first; empty when no time fits. */
export interface SuggestedTimes {
  suggestions: PostSuggestion[];
}

/** One channel's rules as GET /api/channels gives them: what the board's length counter and window countdowns need. */
export interface BoardChannelRule {
  channel: Channel;
  /** The most a text may hold, in `unit`s; null when the platform sets no limit worth checking. */
  maxChars: number | null;
  /** Code points, or user-perceived characters (bluesky counts graphemes). */
  unit: 'characters' | 'graphemes';
  /** Every http(s) link counts as this many characters whatever its length; null when a link counts in full. */
  linkChars: number | null;
  /** The only link schemes allowed in a draft (W-DRAFT-5). */
  linkSchemes: string[];
  /** The first line is the title, at most this long; null when the channel has no title. */
  titleMaxChars: number | null;
  /** How long a reaction on the channel stays worth making, from the window's opening. */
  windowHours: number;
}

/** GET /api/channels answers with this, one entry per channel. */
export interface ChannelRules {
  channels: BoardChannelRule[];
}
