/**
 * The wire protocol between the server and the board. The board imports these as types only.
 * Every change event is emitted under its own action name and carries its sequence number.
 */
import type { AnyEvent, EventAction, TidewatchEvent } from '../domain/event.js';

export type { AnyEvent, EventAction, TidewatchEvent };
export type { Item } from '../domain/item.js';
export type { Story } from '../domain/story.js';
export type { PublicSource } from '../domain/event.js';

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
