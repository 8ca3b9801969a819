import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { ConnectorItem, RawDocument } from '../connector.js';
import { UnreadableDocumentError } from '../connector-errors.js';
import { looksLikeStatus, statusSchema, statusToItem, type MastodonStatus } from './mastodon-status.js';

export interface MastodonReading {
  items: ConnectorItem[];
  warnings: string[];
  /** Ids of the timeline entries as the server paged them (a reblog's own id, not the reblogged one's). */
  entryIds: string[];
}

/** Streaming events whose payload is a status (JSON inside a string on the websocket API). */
const STATUS_EVENTS = new Set(['update', 'status.update']);

/**
 * Reads any Mastodon answer that carries statuses: a timeline (array), one status, a thread
 * context, a streaming event, or a server-sent event stream. Anything else is refused in words.
 */
export function readMastodonDocument(document: RawDocument): MastodonReading {
  const text = document.body.toString('utf8').replace(/^\uFEFF/, '');
  if (isEventStream(text, document.contentType)) return fromStatuses(statusesOfEventStream(text));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UnreadableDocumentError(`not a Mastodon API answer: the JSON does not parse (${(error as Error).message})`);
  }
  return fromStatuses(statusesOf(json));
}

/** Whether a document looks like a Mastodon answer with statuses, without validating all of it. */
export function looksLikeMastodon(document: RawDocument): boolean {
  const text = document.body.toString('utf8').replace(/^\uFEFF/, '');
  if (isEventStream(text, document.contentType)) return /"(uri|payload)"\s*:/.test(text) || /^event: ?(update|status\.update|delete|conversation)/m.test(text);
  try {
    const json: unknown = JSON.parse(text);
    if (Array.isArray(json)) return json.length > 0 && looksLikeStatus(json[0]);
    if (!json || typeof json !== 'object') return false;
    return looksLikeStatus(json) || ('ancestors' in json && 'descendants' in json) || isStreamingEvent(json);
  } catch {
    return false;
  }
}

function statusesOf(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (!json || typeof json !== 'object') throw new UnreadableDocumentError('not a Mastodon answer with statuses');
  const record = json as Record<string, unknown>;
  if (looksLikeStatus(record)) return [record];
  if (Array.isArray(record['ancestors']) && Array.isArray(record['descendants'])) return [...record['ancestors'], ...record['descendants']];
  if (isStreamingEvent(record)) return statusesOfEvent(String(record['event']), record['payload']);
  throw new UnreadableDocumentError(`not a Mastodon answer with statuses: ${describe(record)}`);
}

function fromStatuses(raw: unknown[]): MastodonReading {
  const items: ConnectorItem[] = [];
  const entryIds: string[] = [];
  /** Where each status's item is, and the edit it shows. */
  const seen = new Map<string, { index: number; editedAt: string }>();
  let invalid = 0;
  let notPublic = 0;
  for (const candidate of raw) {
    const parsed = statusSchema.safeParse(candidate);
    if (!parsed.success) {
      invalid++;
      continue;
    }
    entryIds.push(parsed.data.id);
    const mapped = statusToItem(parsed.data);
    if ('skipped' in mapped) {
      if (mapped.skipped === 'not public') notPublic++;
      continue;
    }
    // A timeline can hold a status and a reblog of it, a stream a status and its edits: one
    // item, the latest edit (an edit keeps the status's id and URI).
    const editedAt = (parsed.data.reblog ?? parsed.data).edited_at ?? '';
    const earlier = seen.get(mapped.item.externalId);
    if (earlier) {
      if (Date.parse(editedAt) > (Date.parse(earlier.editedAt) || 0)) {
        items[earlier.index] = mapped.item;
        earlier.editedAt = editedAt;
      }
      continue;
    }
    seen.set(mapped.item.externalId, { index: items.length, editedAt });
    items.push(mapped.item);
  }
  if (raw.length > 0 && invalid === raw.length) throw new UnreadableDocumentError(`not a Mastodon answer with statuses: none of its ${raw.length} entries is a status`);
  const warnings: string[] = [];
  if (invalid > 0) warnings.push(`${invalid} of ${raw.length} entries were not readable statuses and were left out`);
  if (notPublic > 0) warnings.push(`${notPublic} of ${raw.length} statuses were not public (followers-only or direct) and were left out`);
  return { items, warnings, entryIds };
}

function isStreamingEvent(json: object): boolean {
  return 'event' in json && typeof (json as { event: unknown }).event === 'string' && ('stream' in json || 'payload' in json);
}

/** The statuses an event carries: updates and edits do; deletes, notifications and filter changes do not. */
function statusesOfEvent(event: string, payload: unknown): MastodonStatus[] | unknown[] {
  let value = payload;
  // The websocket API sends the payload as JSON inside a string; server-sent events send it bare.
  if (typeof value === 'string' && (STATUS_EVENTS.has(event) || event === 'conversation')) {
    try {
      value = JSON.parse(value);
    } catch {
      throw new UnreadableDocumentError(`a Mastodon "${event}" event whose payload is not JSON`);
    }
  }
  if (STATUS_EVENTS.has(event)) return [value];
  if (event === 'conversation' && value && typeof value === 'object' && 'last_status' in value) {
    const last = (value as { last_status: unknown }).last_status;
    return last ? [last] : [];
  }
  return [];
}

function isEventStream(text: string, contentType: string | null): boolean {
  if (contentType?.toLowerCase().startsWith('text/event-stream')) return true;
  return /^(:|event:|data:)/.test(text);
}

function statusesOfEventStream(text: string): unknown[] {
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => events.push(event) });
  parser.feed(text);
  // A recorded stream may end without the blank line that closes its last event.
  parser.feed('\n\n');
  return events.flatMap((event) => statusesOfEvent(event.event ?? 'message', event.data));
}

function describe(record: Record<string, unknown>): string {
  if (typeof record['error'] === 'string') return `the server answered with an error ("${record['error']}")`;
  if ('acct' in record && 'followers_count' in record) return `it is an account (@${String(record['acct'])}), which holds no statuses`;
  if ('options' in record && 'votes_count' in record) return 'it is a poll, which holds no statuses';
  if ('history' in record && 'name' in record) return `it is a hashtag (#${String(record['name'])}), which holds no statuses`;
  return `an object with ${Object.keys(record).slice(0, 6).join(', ') || 'no fields'}`;
}
