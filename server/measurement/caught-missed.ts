import type { CaughtMissed, ReviewTurnaround } from '../domain/index.js';
import type { Milestones } from './opportunity-milestones.js';

/** What became of one opportunity. */
export type Outcome = 'publishedInWindow' | 'publishedLate' | 'expired' | 'dismissed' | 'open';

/**
 * Published when it has a first publication: in the window when that is at or before the
 * deadline, late otherwise (a post sent late on purpose, W-POST-5). Otherwise its final state:
 * expired, dismissed, or still open.
 */
export function outcomeOf(m: Milestones): Outcome {
  if (m.publishedAt !== null) return Date.parse(m.publishedAt) <= Date.parse(m.opportunity.deadline) ? 'publishedInWindow' : 'publishedLate';
  if (m.opportunity.state === 'expired') return 'expired';
  if (m.opportunity.state === 'dismissed') return 'dismissed';
  return 'open';
}

/** Counts per outcome, and the dismissed ones' reasons (trimmed; most frequent first). */
export function caughtMissed(milestones: readonly Milestones[], reviews: ReviewTurnaround[]): CaughtMissed {
  const counts: Record<Outcome, number> = { publishedInWindow: 0, publishedLate: 0, expired: 0, dismissed: 0, open: 0 };
  const reasons = new Map<string, number>();
  for (const m of milestones) {
    const outcome = outcomeOf(m);
    counts[outcome]++;
    if (outcome === 'dismissed') {
      const reason = m.opportunity.dismissReason?.trim() || '(no reason given)';
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
  }
  const dismissReasons = [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return { ...counts, dismissReasons, reviews };
}
