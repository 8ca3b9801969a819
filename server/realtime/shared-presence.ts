import { mergePresence, type PresenceRegistry, type PresenceRow } from './presence.js';
import type { PresenceEntry } from './protocol.js';

/** What one server process tells the others about its sockets (through the socket.io adapter). */
export interface PresencePart {
  /** The process, by the id its hub chose at start. */
  process: string;
  rows: PresenceRow[];
  /** Set by a process that just started: the others answer with their own parts. */
  ask?: boolean;
}

/**
 * The presence the board sees when several server processes share one database: this process's
 * registry plus the last part each other process sent. Each process owns its rows and sends all of
 * them whenever they change, and again every heartbeat; a part not refreshed within `expireMs`
 * belongs to a process that died (its sockets reconnect elsewhere and say again what they show).
 * Whole parts, not diffs: a part that arrives late is replaced by the next, and nothing drifts.
 * Pure: the hub passes in the clock and does the sending.
 */
export class SharedPresence {
  private readonly others = new Map<string, { rows: PresenceRow[]; heardAt: number }>();
  private shown = '[]';

  constructor(
    private readonly local: PresenceRegistry,
    private readonly expireMs: number,
  ) {}

  /** Takes another process's part. True when the entries the board sees changed. */
  take(part: PresencePart, now: number): boolean {
    this.others.set(part.process, { rows: part.rows, heardAt: now });
    return this.changed();
  }

  /** Forgets the parts of processes silent for longer than `expireMs`. True when the entries changed. */
  expire(now: number): boolean {
    for (const [process, part] of this.others) if (now - part.heardAt > this.expireMs) this.others.delete(process);
    return this.changed();
  }

  /** After the local registry changed: true when the entries the board sees changed. */
  changed(): boolean {
    const now = JSON.stringify(this.entries());
    if (now === this.shown) return false;
    this.shown = now;
    return true;
  }

  entries(): PresenceEntry[] {
    return mergePresence([...this.local.rows(), ...[...this.others.values()].flatMap((part) => part.rows)]);
  }
}
