import type { AnyEvent } from '../../server/realtime/protocol.js';

/** The records a view shows; an event about any of them means the view should ask again. */
export interface WatchedRecords {
  draftIds?: ReadonlySet<string> | readonly string[];
  opportunityIds?: ReadonlySet<string> | readonly string[];
}

const has = (set: ReadonlySet<string> | readonly string[] | undefined, id: string) => (set ? ('has' in set ? set.has(id) : set.includes(id)) : false);

/**
 * Whether a workflow event touches the watched drafts or opportunities: the draft itself, a
 * review, post or comment of it, or the opportunity (whose state, deadline or title may have moved).
 */
export function eventTouches(event: AnyEvent, watched: WatchedRecords): boolean {
  switch (event.action) {
    case 'drafts.create':
    case 'drafts.revise':
    case 'drafts.submit':
    case 'drafts.update':
      return has(watched.draftIds, event.data.draft.id) || has(watched.opportunityIds, event.data.draft.opportunityId);
    case 'reviews.open':
    case 'reviews.decide':
    case 'reviews.reopen':
    case 'reviews.escalate':
      return has(watched.draftIds, event.data.review.draftId) || has(watched.opportunityIds, event.data.review.opportunityId);
    case 'posts.schedule':
    case 'posts.cancel':
    case 'posts.hold':
    case 'posts.override':
    case 'posts.engagement':
    case 'posts.claim':
    case 'posts.publish':
    case 'posts.fail':
    case 'posts.miss':
    case 'posts.confirm':
      return has(watched.draftIds, event.data.post.draftId) || has(watched.opportunityIds, event.data.post.opportunityId);
    case 'opportunities.create':
    case 'opportunities.pitch':
    case 'opportunities.claim':
    case 'opportunities.assign':
    case 'opportunities.dismiss':
    case 'opportunities.expire':
    case 'opportunities.update':
    case 'opportunities.watch':
      return has(watched.opportunityIds, event.data.opportunity.id);
    case 'comments.create':
      return has(watched.opportunityIds, event.data.comment.opportunityId);
    default:
      return false;
  }
}

/** Any event of these kinds, whatever record it is about: for lists (the inbox, the schedule). */
export function isWorkflowKind(event: AnyEvent, kinds: ReadonlyArray<'drafts' | 'reviews' | 'posts' | 'opportunities'>): boolean {
  const kind = event.action.slice(0, event.action.indexOf('.'));
  return (kinds as readonly string[]).includes(kind);
}
