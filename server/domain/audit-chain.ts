import { createHash } from 'node:crypto';
import type { AnyEvent, AnyNewEvent } from './event.js';
import { canonicalJson } from './hashing.js';

/** The `prevHash` of the first event of a log. */
export const GENESIS_HASH = '0'.repeat(64);

/** Numbers and chains an event: the store calls this as it appends. */
export function chainEvent(event: AnyNewEvent, seq: number, prevHash: string): AnyEvent {
  const unhashed = { ...event, seq, prevHash };
  return { ...unhashed, hash: hashOf(unhashed) } as AnyEvent;
}

function hashOf(unhashed: object): string {
  return createHash('sha256').update(canonicalJson(unhashed)).digest('hex');
}

export interface ChainBreak {
  seq: number;
  problem: string;
}

export interface ChainReport {
  checked: number;
  /** The hash of the last event checked: where the next page of the log must continue. */
  head: string;
  lastSeq: number;
  breaks: ChainBreak[];
}

/**
 * Checks a run of the log: each event's hash matches its content, each links to the one before,
 * and sequence numbers follow each other. Feed the log page by page with the report of the last.
 */
export function verifyChain(events: readonly AnyEvent[], from: { head: string; lastSeq: number } = { head: GENESIS_HASH, lastSeq: 0 }): ChainReport {
  const breaks: ChainBreak[] = [];
  let { head, lastSeq } = from;
  for (const event of events) {
    const { hash, ...unhashed } = event;
    if (event.seq !== lastSeq + 1) breaks.push({ seq: event.seq, problem: `expected event ${lastSeq + 1} next, found ${event.seq}: events are missing or out of order` });
    if (event.prevHash !== head) breaks.push({ seq: event.seq, problem: 'does not link to the event before it: an event before it was changed, removed or inserted' });
    if (hashOf(unhashed) !== hash) breaks.push({ seq: event.seq, problem: 'its content does not match its hash: the event was edited after it was written' });
    head = hash;
    lastSeq = event.seq;
  }
  return { checked: events.length, head, lastSeq, breaks };
}
