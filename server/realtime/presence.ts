import { z } from 'zod';
import type { PresenceEntry, PresenceSet } from './protocol.js';

/** What `presence.set` may carry: a record and whether its member edits it, or null for neither. */
export const presenceSetSchema = z
  .object({
    kind: z.enum(['opportunity', 'draft']),
    id: z.string().min(1).max(200),
    editing: z.boolean(),
  })
  .strict()
  .nullable();

/** The member behind a socket. */
export interface PresenceHolder {
  memberId: string;
  name: string;
}

/** What one socket shows: the unit server processes share (shared-presence.ts). */
export interface PresenceRow extends PresenceHolder {
  target: { kind: PresenceSet['kind']; id: string };
  editing: boolean;
  /** ms since the epoch. */
  since: number;
}

/**
 * Who is looking at what, by socket: every tab of a member is its own socket and its own row,
 * and the board sees one entry per member and record (editing when any tab edits, since the
 * earliest). Pure: the hub passes in the clock and sends what changed.
 *
 * Held in this process's memory, for this process's sockets; with several server processes,
 * shared-presence.ts merges every process's rows.
 */
export class PresenceRegistry {
  private readonly bySocket = new Map<string, PresenceRow>();
  private shown = '[]';

  /** Sets what one socket shows, or clears it with null. True when the entries the board sees changed. */
  set(socketId: string, holder: PresenceHolder, target: PresenceSet | null, now: Date): boolean {
    if (target === null) {
      this.bySocket.delete(socketId);
      return this.changed();
    }
    const previous = this.bySocket.get(socketId);
    const sameRecord = previous && previous.target.kind === target.kind && previous.target.id === target.id;
    this.bySocket.set(socketId, {
      memberId: holder.memberId,
      name: holder.name,
      target: { kind: target.kind, id: target.id },
      editing: target.editing,
      // Starting to edit is not arriving: the member has been on the record since they opened it.
      since: sameRecord ? previous.since : now.getTime(),
    });
    return this.changed();
  }

  /** Forgets a socket that disconnected. True when the entries changed. */
  remove(socketId: string): boolean {
    if (!this.bySocket.delete(socketId)) return false;
    return this.changed();
  }

  /** A member renamed: their entries follow. True when the entries changed. */
  rename(memberId: string, name: string): boolean {
    for (const presence of this.bySocket.values()) if (presence.memberId === memberId) presence.name = name;
    return this.changed();
  }

  /** This process's sockets' rows, copied. */
  rows(): PresenceRow[] {
    return [...this.bySocket.values()].map((row) => ({ ...row, target: { ...row.target } }));
  }

  /** One entry per member and record, oldest first. */
  entries(): PresenceEntry[] {
    return mergePresence(this.bySocket.values());
  }

  private changed(): boolean {
    const now = JSON.stringify(this.entries());
    if (now === this.shown) return false;
    this.shown = now;
    return true;
  }
}

/** One entry per member and record (editing when any of its rows edits, since the earliest), oldest first. */
export function mergePresence(rows: Iterable<PresenceRow>): PresenceEntry[] {
  const merged = new Map<string, PresenceRow>();
  for (const presence of rows) {
    const key = JSON.stringify([presence.memberId, presence.target.kind, presence.target.id]);
    const seen = merged.get(key);
    merged.set(
      key,
      seen
        ? { ...seen, editing: seen.editing || presence.editing, since: Math.min(seen.since, presence.since) }
        : { ...presence, target: { ...presence.target } },
    );
  }
  return [...merged.values()]
    .sort((a, b) => a.since - b.since || a.memberId.localeCompare(b.memberId) || a.target.kind.localeCompare(b.target.kind) || a.target.id.localeCompare(b.target.id))
    .map(({ memberId, name, target, editing, since }) => ({ memberId, name, target, editing, since: new Date(since).toISOString() }));
}
