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
 * a long log's progress line.
 */
export async function verifyEventLog(store: Store, onProgress?: (checked: number, total: number) => void): Promise<ChainReport> {
  let report: ChainReport = { checked: 0, head: '', lastSeq: 0, breaks: [] };
  let from: { head: string; lastSeq: number } | undefined;
  await forEachEventPage(store, (events, total) => {
    const page = verifyChain(events, from);
    report = { checked: report.checked + page.checked, head: page.head, lastSeq: page.lastSeq, breaks: [...report.breaks, ...page.breaks] };
    from = { head: page.head, lastSeq: page.lastSeq };
    onProgress?.(report.lastSeq, total);
  });
  return report;
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
