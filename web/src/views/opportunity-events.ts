import type { AnyEvent } from '../../../server/realtime/protocol.js';

/** Records of the workflow that belong to an opportunity through their `opportunityId`. */
const CHILD_KEYS = ['draft', 'review', 'post', 'comment'] as const;

/**
 * Whether an event changes what the opportunity's page shows: the opportunity itself, or one of
 * its drafts, reviews, posts or comments. Everything else passes by without a refetch.
 */
export function concernsOpportunity(event: AnyEvent, opportunityId: string): boolean {
  if (event.record.type === 'opportunity' && event.record.id === opportunityId) return true;
  const data = event.data as Partial<Record<(typeof CHILD_KEYS)[number] | 'opportunity', { id?: string; opportunityId?: string }>>;
  if (data.opportunity?.id === opportunityId) return true;
  return CHILD_KEYS.some((key) => data[key]?.opportunityId === opportunityId);
}
