import { stringify } from 'csv-stringify/sync';
import { verifyChain, type AnyEvent, type ChainReport } from '../domain/index.js';
import type { Store } from '../store/store.js';

/** Events read per page when walking the whole log. */
const PAGE = 1_000;

/**
 * Walks the whole event log, oldest first, one page at a time, so a long log never has to fit
 * in memory at once.
 */
async function forEachEventPage(store: Store, visit: (events: AnyEvent[], lastSeq: number) => void): Promise<void> {
  const lastSeq = await store.lastSeq();
  let since = 0;
  while (since < lastSeq) {
    const { events } = await store.eventsSince(since, PAGE);
    if (events.length === 0) break;
    visit(events, lastSeq);
    since = events.at(-1)!.seq;
  }
}

/**
 * Checks the hash chain of the whole log (rule W-AUD-2). `onProgress` hears how far it got, for
 * a long log's progress line. A redacted payload is not a break, but every redaction must be
 * accounted for by a later event of the erasure or retention that made it (its `redactedEvents`):
 * one that is not was removed outside Tidewatch, and is reported as a break.
 */
export async function verifyEventLog(store: Store, onProgress?: (checked: number, total: number) => void): Promise<ChainReport> {
  let report: ChainReport = { checked: 0, head: '', lastSeq: 0, breaks: [], redacted: [] };
  let from: { head: string; lastSeq: number } | undefined;
  const accounted = new Set<number>();
  await forEachEventPage(store, (events, total) => {
    const page = verifyChain(events, from);
    for (const event of events) {
      if (event.action === 'erasures.create' || event.action === 'items.expire') for (const seq of event.data.redactedEvents ?? []) accounted.add(seq);
    }
    report = {
      checked: report.checked + page.checked,
      head: page.head,
      lastSeq: page.lastSeq,
      breaks: [...report.breaks, ...page.breaks],
      redacted: [...report.redacted, ...page.redacted],
    };
    from = { head: page.head, lastSeq: page.lastSeq };
    onProgress?.(report.lastSeq, total);
  });
  const unaccounted = report.redacted.filter((r) => !accounted.has(r.seq));
  if (unaccounted.length > 0) {
    const breaks = [
      ...report.breaks,
      ...unaccounted.map((r) => ({ seq: r.seq, problem: 'its payload was redacted, but no erasure or retention event records redacting it: it was changed outside Tidewatch' })),
    ].sort((a, b) => a.seq - b.seq);
    report = { ...report, breaks };
  }
  return report;
}

/** In words, for `tidewatch audit verify`: how many events were redacted, why, and what of them was checked. */
export function describeRedactions(redacted: ChainReport['redacted']): string | null {
  if (redacted.length === 0) return null;
  const count = (reason: string) => redacted.filter((r) => r.reasons.some((x) => x.reason === reason)).length;
  const unverified = redacted.filter((r) => !r.verified).length;
  const erasures = new Set(redacted.flatMap((r) => r.reasons.map((x) => x.erasureId).filter((id): id is string => id !== undefined)));
  return (
    `${redacted.length} event(s) have redacted payloads (retention: ${count('retention')}, erasure: ${count('erasure')}` +
    `${erasures.size > 0 ? ` in ${erasures.size} erasure(s)` : ''}); each is recorded by its erasure or retention event.` +
    (unverified > 0 ? ` ${unverified} of them were written before payload digests: only their place in the chain is checked.` : '')
  );
}

/** The opportunity an event concerns, when it concerns one. */
function opportunityOf(event: AnyEvent): string | null {
  if (event.record.type === 'opportunity') return event.record.id;
  const data = event.data as unknown as Record<string, { opportunityId?: unknown } | undefined>;
  for (const key of ['draft', 'review', 'post', 'comment']) {
    const id = data[key]?.opportunityId;
    if (typeof id === 'string') return id;
  }
  return null;
}

/**
 * Every event about one opportunity and its drafts, reviews, posts and comments, oldest first
 * (rule W-AUD-3). Each keeps its sequence number and hashes, so the export can be checked
 * against the log it came from.
 */
export async function opportunityTrail(store: Store, opportunityId: string): Promise<AnyEvent[]> {
  const trail: AnyEvent[] = [];
  await forEachEventPage(store, (events) => {
    for (const event of events) if (opportunityOf(event) === opportunityId) trail.push(event);
  });
  return trail;
}

/** One row per event, for a spreadsheet: what happened, by whom, to what, with the proofs. */
export function trailCsv(trail: readonly AnyEvent[]): string {
  return stringify(
    trail.map((event) => ({
      seq: event.seq,
      at: event.at,
      actor: event.actor,
      action: event.action,
      record_type: event.record.type,
      record_id: event.record.id,
      summary: summarize(event),
      digest_before: event.digest.before ?? '',
      digest_after: event.digest.after ?? '',
      prev_hash: event.prevHash,
      hash: event.hash,
    })),
    // A comment that starts with = must not run as a formula in the legal team's spreadsheet.
    { header: true, escape_formulas: true },
  );
}

function summarize(event: AnyEvent): string {
  const data = event.data as unknown as Record<string, Record<string, unknown> | string | undefined>;
  const record = data[event.record.type] as Record<string, unknown> | undefined;
  const parts: string[] = [];
  if (record && typeof record.state === 'string') parts.push(`state ${record.state}`);
  if (record && typeof record.status === 'string') parts.push(`status ${record.status}`);
  if (record && typeof record.comment === 'string') parts.push(`comment: ${record.comment}`);
  if (record && typeof record.text === 'string' && event.record.type === 'comment') parts.push(`comment: ${record.text}`);
  if (typeof data.reason === 'string') parts.push(`reason: ${data.reason}`);
  return parts.join('; ');
}
