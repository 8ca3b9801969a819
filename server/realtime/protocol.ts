/**
 * The wire protocol between the server and the board. The board imports these as types only.
 * Every change event is emitted under its own action name and carries its sequence number.
 */
import type { AnyEvent, EventAction, TidewatchEvent } from '../domain/event.js';
import type { Member, Role } from '../domain/member.js';
import type { Principal } from '../domain/principal.js';

export type { AnyEvent, EventAction, TidewatchEvent };
export type { Item } from '../domain/item.js';
export type { Story } from '../domain/story.js';
export type { PublicSource } from '../domain/event.js';
export type { Member, Role } from '../domain/member.js';
export type { Principal } from '../domain/principal.js';

export interface BoardHello {
  /** The last sequence number committed when the client joined: resync from here. */
  seq: number;
  version: string;
}

/** Something that should interrupt a member: a review to do, an escalation, a mention. */
export interface Notice {
  kind: 'review.requested' | 'review.escalated' | 'mention' | 'assignment' | 'opportunity.high_score' | 'post.held';
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
};

export interface ClientToServerEvents {
  /** Join the board room; the server answers with `board.hello`. */
  'board.join': () => void;
}

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
