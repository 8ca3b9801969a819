import {
  digestOf,
  isRedactedItem,
  redactEventItems,
  redactEventPayload,
  type AnyEvent,
  type AnyNewEvent,
  type Item,
  type Opportunity,
  type Redaction,
  type Story,
} from '../domain/index.js';

// Retention and erasure (issue 9), the parts both store adapters share: which items go, which
// labels and titles carry an erased author's words, and how events are redacted. Pure; the
// adapters make the changes in one atomic commit each.

/** What an erasure was asked to remove: one author on one channel. */
export interface ErasureRequest {
  erasureId: string;
  author: string;
  channel: string;
}

export interface ErasureReport {
  erasureId: string;
  channel: string;
  /** Ids of the items deleted. */
  items: string[];
  /** Sequence numbers of the events whose payloads (or items in them) were redacted. */
  redactedEvents: number[];
  /** Stories whose label, and opportunities whose title or link, came from an erased item. */
  storiesRelabelled: string[];
  opportunitiesRetitled: string[];
  /** The erasures.create event, or null when nothing matched (then nothing is written). */
  event: AnyEvent | null;
}

export interface RetentionReport {
  cutoff: string;
  /** Ids of the items deleted. */
  items: string[];
  redactedEvents: number[];
  /** The items.expire event, or null when nothing was old enough. */
  event: AnyEvent | null;
}

/**
 * What keeps an old item: an opportunity on its story (any state: published, dismissed and
 * expired ones too, since the dashboard and the audit trail look back at them), or an
 * opportunity that links the item's URL (one pitched by hand from a post).
 */
export interface Attachments {
  storyIds: ReadonlySet<string>;
  urls: ReadonlySet<string>;
}

export function attachmentsOf(opportunities: readonly Pick<Opportunity, 'storyId' | 'url'>[]): Attachments {
  return {
    storyIds: new Set(opportunities.flatMap((o) => (o.storyId ? [o.storyId] : []))),
    urls: new Set(opportunities.flatMap((o) => (o.url ? [o.url] : []))),
  };
}

/** Deleted by retention: fetched before the cutoff and attached to no opportunity. */
export function expires(item: Item, cutoff: string, attachments: Attachments): boolean {
  if (item.fetchedAt >= cutoff) return false;
  if (item.storyId !== null && attachments.storyIds.has(item.storyId)) return false;
  return item.url === null || !attachments.urls.has(item.url);
}

/** A handle as compared: exact, but case-insensitive and with or without a leading @. */
export function normalizeAuthor(author: string): string {
  return author.trim().replace(/^@/, '').toLowerCase();
}

export function byAuthor(item: Item, request: Pick<ErasureRequest, 'author' | 'channel'>): boolean {
  return item.channel === request.channel && item.author !== null && normalizeAuthor(item.author) === normalizeAuthor(request.author);
}

/** Text compared for "came from an erased item": case, links and runs of spaces aside, and a label's ellipsis. */
function comparable(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\bhttps?:\/\/\S+/g, '')
    .replace(/…$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words of erased items that labels, titles and links may have copied. */
export class ErasedText {
  private readonly texts: string[];
  private readonly urls: Set<string>;
  private readonly author: string;

  constructor(items: readonly Item[], author: string) {
    this.texts = [...new Set(items.flatMap((item) => [item.title, item.text]).filter((t): t is string => t !== null).map(comparable))].filter((t) => t.length > 0);
    this.urls = new Set(items.flatMap((item) => (item.url ? [item.url] : [])));
    this.author = normalizeAuthor(author);
  }

  /**
   * True when a string is, or is a part of at least 12 characters of, an erased title or text (a
   * label is a cleaned, cut copy), or holds one whole, or is an erased item's link.
   */
  carries(value: string): boolean {
    if (this.urls.has(value)) return true;
    const text = comparable(value);
    if (text.length === 0) return false;
    if (this.author.length > 0 && text.includes(`@${this.author}`)) return true;
    return this.texts.some((erased) => erased === text || (text.length >= 12 && erased.includes(text)) || (erased.length >= 12 && text.includes(erased)));
  }

  /** Whether any string inside a payload carries erased words. */
  inPayload(value: unknown): boolean {
    if (typeof value === 'string') return this.carries(value);
    if (Array.isArray(value)) return value.some((v) => this.inPayload(v));
    if (value && typeof value === 'object') return Object.values(value).some((v) => this.inPayload(v));
    return false;
  }
}

/** A neutral label in place of one copied from an erased item: the story's own terms. */
export function neutralLabel(story: Pick<Story, 'terms'> | null): string {
  const terms = story?.terms.slice(0, 4) ?? [];
  return terms.length > 0 ? terms.join(' · ') : 'Story (label removed on erasure)';
}

export function relabelStory(story: Story, erased: ErasedText, at: string): Story | null {
  if (!erased.carries(story.label)) return null;
  return { ...story, label: neutralLabel(story), updatedAt: at };
}

export function retitleOpportunity(opportunity: Opportunity, erased: ErasedText, story: Story | null, at: string): Opportunity | null {
  const title = erased.carries(opportunity.title);
  const url = opportunity.url !== null && erased.carries(opportunity.url);
  if (!title && !url) return null;
  return {
    ...opportunity,
    rev: opportunity.rev + 1,
    title: title ? neutralLabel(story) : opportunity.title,
    url: url ? null : opportunity.url,
    updatedAt: at,
  };
}

/** Events whose whole payload an erasure may redact: those that carry labels and titles. */
function carriesLabels(event: AnyEvent): boolean {
  return event.action === 'stories.update' || event.action.startsWith('opportunities.');
}

/**
 * How one event is to be redacted: the items of an items.create payload to turn into stubs, or its
 * whole payload. Kept in the lowdb data file until the log is rewritten (so a crash in between
 * finishes the redaction at the next open), and applied the same way by both adapters.
 */
export interface RedactionSpec {
  seq: number;
  items?: string[];
  payload?: boolean;
  redaction: Omit<Redaction, 'scope'>;
}

/**
 * What an erasure (with `erased`) or retention (without) does to one event: erased or expired
 * items become stubs in items.create payloads; story and opportunity payloads that carry erased
 * words go whole. Null when the event keeps nothing of them.
 */
export function planRedaction(event: AnyEvent, itemIds: ReadonlySet<string>, erased: ErasedText | null, redaction: Omit<Redaction, 'scope'>): RedactionSpec | null {
  if (event.action === 'items.create') {
    const items = (event.data.items as unknown[]).flatMap((item) => (!isRedactedItem(item) && itemIds.has((item as Item).id) ? [(item as Item).id] : []));
    return items.length > 0 ? { seq: event.seq, items, redaction } : null;
  }
  if (erased && carriesLabels(event) && !event.redactions?.some((r) => r.scope === 'payload') && erased.inPayload(event.data)) {
    return { seq: event.seq, payload: true, redaction };
  }
  return null;
}

/** Applies a spec; applying it again changes nothing. */
export function applyRedaction(event: AnyEvent, spec: RedactionSpec): AnyEvent {
  let out = event;
  if (spec.items) out = redactEventItems(out, new Set(spec.items), spec.redaction) ?? out;
  if (spec.payload && !out.redactions?.some((r) => r.scope === 'payload')) out = redactEventPayload(out, spec.redaction);
  return out;
}

export function storyEvent(before: Story, after: Story, actor: string, at: string): AnyNewEvent {
  return { at, actor, action: 'stories.update', record: { type: 'story', id: after.id }, digest: { before: digestOf(before), after: digestOf(after) }, data: { story: after } };
}

export function opportunityEvent(before: Opportunity, after: Opportunity, actor: string, at: string): AnyNewEvent {
  return {
    at,
    actor,
    action: 'opportunities.update',
    record: { type: 'opportunity', id: after.id },
    digest: { before: digestOf(before), after: digestOf(after) },
    data: { opportunity: after, reason: 'title replaced: it quoted an item erased on request' },
  };
}

export function erasureEvent(request: ErasureRequest, actor: string, at: string, counts: { items: number; redactedEvents: number[]; labelsReplaced: number }): AnyNewEvent {
  return {
    at,
    actor,
    action: 'erasures.create',
    record: { type: 'erasure', id: request.erasureId },
    digest: { before: null, after: null },
    data: { erasureId: request.erasureId, channel: request.channel, ...counts },
  };
}

export function expiryEvent(cutoff: string, actor: string, at: string, items: number, redactedEvents: number[]): AnyNewEvent {
  return { at, actor, action: 'items.expire', record: { type: 'item', id: 'retention' }, digest: { before: null, after: null }, data: { cutoff, items, redactedEvents } };
}
