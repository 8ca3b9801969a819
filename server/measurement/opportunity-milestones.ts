import type { Opportunity, OpportunityState } from '../domain/index.js';
import type { MeasurementRecords } from './measurement-input.js';

/** When each step of the reaction to one opportunity happened (ISO), null for steps not reached. */
export interface Milestones {
  opportunity: Opportunity;
  /** The story's first item (`firstSeenAt`); null for a pitch without a story, or a story no longer stored. */
  storyFirstSeenAt: string | null;
  raisedAt: string;
  firstDraftAt: string | null;
  /** The first time the opportunity became approved (or, when it went straight past, scheduled or published). */
  approvedAt: string | null;
  /** The first post's `publishedAt`. */
  publishedAt: string | null;
}

const APPROVED_OR_PAST: readonly OpportunityState[] = ['approved', 'scheduled', 'published'];

const earliest = (times: Iterable<string | null>): string | null => {
  let best: string | null = null;
  for (const t of times) if (t !== null && (best === null || Date.parse(t) < Date.parse(best))) best = t;
  return best;
};

/**
 * Each opportunity's milestones. Approval is read from the event log: the first state change to
 * `approved`; an opportunity can reach `scheduled` without passing through `approved` (a post
 * scheduled while another draft is in review, W-OPP-7), and then its first `scheduled` (or
 * `published`) stands for its approval, since nothing is scheduled before a draft is approved.
 */
export function milestonesOf(records: MeasurementRecords, opportunities: readonly Opportunity[]): Milestones[] {
  const wanted = new Set(opportunities.map((o) => o.id));
  const firstDraft = new Map<string, string>();
  for (const draft of records.drafts) {
    if (!wanted.has(draft.opportunityId)) continue;
    firstDraft.set(draft.opportunityId, earliest([firstDraft.get(draft.opportunityId) ?? null, draft.createdAt])!);
  }
  const firstPublished = new Map<string, string>();
  for (const post of records.posts) {
    if (!wanted.has(post.opportunityId) || post.publishedAt === null) continue;
    firstPublished.set(post.opportunityId, earliest([firstPublished.get(post.opportunityId) ?? null, post.publishedAt])!);
  }
  const approved = new Map<string, string>();
  const pastApproval = new Map<string, string>();
  const publishedState = new Map<string, string>();
  for (const change of records.history.stateChanges) {
    if (!wanted.has(change.opportunityId)) continue;
    if (change.state === 'approved' && !approved.has(change.opportunityId)) approved.set(change.opportunityId, change.at);
    if (APPROVED_OR_PAST.includes(change.state) && !pastApproval.has(change.opportunityId)) pastApproval.set(change.opportunityId, change.at);
    if (change.state === 'published' && !publishedState.has(change.opportunityId)) publishedState.set(change.opportunityId, change.at);
  }
  const stories = new Map(records.stories.map((s) => [s.id, s]));
  return opportunities.map((opportunity) => {
    const story = opportunity.storyId === null ? undefined : stories.get(opportunity.storyId);
    return {
      opportunity,
      storyFirstSeenAt: story?.firstSeenAt ?? null,
      raisedAt: opportunity.createdAt,
      firstDraftAt: firstDraft.get(opportunity.id) ?? null,
      approvedAt: approved.get(opportunity.id) ?? pastApproval.get(opportunity.id) ?? null,
      // A post recorded by hand always has its publishedAt; the state is the fallback for records without posts.
      publishedAt: firstPublished.get(opportunity.id) ?? (opportunity.state === 'published' ? (publishedState.get(opportunity.id) ?? opportunity.updatedAt) : null),
    };
  });
}
