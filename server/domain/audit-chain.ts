import { createHash } from 'node:crypto';
import type { AnyEvent, AnyNewEvent, EventAction, RedactedItem, Redaction } from './event.js';
import type { Item } from './item.js';
import { canonicalJson } from './hashing.js';

/** The `prevHash` of the first event of a log. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Numbers and chains an event: the store calls this as it appends. The hash covers the envelope
 * (who, what, when, which record, the digests) and `dataHash`, the digest of the payload, but not
 * the payload itself: a payload can later be redacted and the chain still verifies.
 */
export function chainEvent(event: AnyNewEvent, seq: number, prevHash: string): AnyEvent {
  const { data, ...envelope } = event as AnyNewEvent & { redactions?: unknown; dataHash?: unknown };
  delete (envelope as { redactions?: unknown }).redactions;
  const unhashed = { ...envelope, seq, prevHash, dataHash: payloadDigest(event.action, data) };
  return { ...unhashed, data, hash: sha256(canonicalJson(unhashed)) } as AnyEvent;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The digest of one item, which a redacted item keeps in place of the item. */
export function itemDigest(item: Item): string {
  return sha256(canonicalJson(item));
}

export function isRedactedItem(item: unknown): item is RedactedItem {
  return typeof item === 'object' && item !== null && (item as { redacted?: unknown }).redacted === true;
}

/**
 * The digest of a payload. Items of an items.create payload count by their own digest, so one
 * item can be redacted (replaced by a stub that keeps its digest) while the others still verify.
 */
export function payloadDigest(action: EventAction, data: unknown): string {
  if (action === 'items.create' && data && Array.isArray((data as { items?: unknown }).items)) {
    const items = (data as { items: unknown[] }).items.map((item) => (isRedactedItem(item) ? item.digest : itemDigest(item as Item)));
    return sha256(canonicalJson({ ...(data as object), items }));
  }
  return sha256(canonicalJson(data));
}

/**
 * Replaces the named items of an items.create event by stubs (id and digest); null when the event
 * holds none of them unredacted. Nothing hashed changes, so the event still verifies.
 */
export function redactEventItems(event: AnyEvent, itemIds: ReadonlySet<string>, redaction: Omit<Redaction, 'scope'>): AnyEvent | null {
  if (event.action !== 'items.create') return null;
  let changed = false;
  const items = (event.data.items as Array<Item | RedactedItem>).map((item) => {
    if (isRedactedItem(item) || !itemIds.has(item.id)) return item;
    changed = true;
    return { id: item.id, redacted: true, digest: itemDigest(item) } satisfies RedactedItem;
  });
  if (!changed) return null;
  return { ...event, data: { ...event.data, items: items as Item[] }, redactions: [...(event.redactions ?? []), { ...redaction, scope: 'items' }] };
}

/** Replaces the whole payload of an event by a stub; the envelope (and `dataHash`) stay. */
export function redactEventPayload(event: AnyEvent, redaction: Omit<Redaction, 'scope'>): AnyEvent {
  return { ...event, data: { redacted: true } as unknown as AnyEvent['data'], redactions: [...(event.redactions ?? []), { ...redaction, scope: 'payload' }] } as AnyEvent;
}

export interface ChainBreak {
  seq: number;
  problem: string;
}

/** A redacted event the chain walked past: a redaction is not a break, but it is reported. */
export interface RedactedEvent {
  seq: number;
  reasons: Redaction[];
  /**
   * Whether what is left was checked: always for events with a payload digest; never for events
   * written before digests, whose hash covered the payload that is gone (only their link is checked).
   */
  verified: boolean;
}

export interface ChainReport {
  checked: number;
  /** The hash of the last event checked: where the next page of the log must continue. */
  head: string;
  lastSeq: number;
  breaks: ChainBreak[];
  redacted: RedactedEvent[];
}

const EDITED = 'its content does not match its hash: the event was edited after it was written';

/**
 * Checks a run of the log: each event's hash matches its envelope and payload digest, each
 * unredacted payload (and each unredacted item of a partly redacted one) matches its digest, each
 * event links to the one before, and sequence numbers follow each other. Redacted events are
 * listed, not broken. Events written before payload digests hash their whole content, as they did.
 * Feed the log page by page with the report of the last.
 */
export function verifyChain(events: readonly AnyEvent[], from: { head: string; lastSeq: number } = { head: GENESIS_HASH, lastSeq: 0 }): ChainReport {
  const breaks: ChainBreak[] = [];
  const redacted: RedactedEvent[] = [];
  let { head, lastSeq } = from;
  for (const event of events) {
    const { hash, data, redactions, ...envelope } = event;
    if (event.seq !== lastSeq + 1) breaks.push({ seq: event.seq, problem: `expected event ${lastSeq + 1} next, found ${event.seq}: events are missing or out of order` });
    if (event.prevHash !== head) breaks.push({ seq: event.seq, problem: 'does not link to the event before it: an event before it was changed, removed or inserted' });
    const isRedacted = (redactions?.length ?? 0) > 0;
    if (envelope.dataHash === undefined) {
      // Written before payload digests: the hash covers the payload, so a redacted one can only be linked.
      if (isRedacted) redacted.push({ seq: event.seq, reasons: redactions!, verified: false });
      else if (sha256(canonicalJson({ ...envelope, data })) !== hash) breaks.push({ seq: event.seq, problem: EDITED });
    } else {
      const wholePayloadGone = redactions?.some((r) => r.scope === 'payload') ?? false;
      if (sha256(canonicalJson(envelope)) !== hash) breaks.push({ seq: event.seq, problem: EDITED });
      else if (!wholePayloadGone && payloadDigest(event.action, data) !== envelope.dataHash) breaks.push({ seq: event.seq, problem: EDITED });
      if (isRedacted) redacted.push({ seq: event.seq, reasons: redactions!, verified: true });
    }
    head = hash;
    lastSeq = event.seq;
  }
  return { checked: events.length, head, lastSeq, breaks, redacted };
}
