import { describe, expect, it } from 'vitest';
import { draftStatusFromReviews, MIN_REVIEW_MS, requiredReviewRoles, reviewDueAt } from '../../server/workflow/review-route.js';

const at = (iso: string) => new Date(iso);

describe('the review route (rules W-REV-1, W-REV-2, W-REV-7)', () => {
  it('W-REV-1: comms always; legal when the beat requires it or the opportunity carries risk flags', () => {
    expect(requiredReviewRoles({ requiresLegal: false }, { riskFlags: [] })).toEqual(['comms']);
    expect(requiredReviewRoles({ requiresLegal: true }, { riskFlags: [] })).toEqual(['legal', 'comms']);
    expect(requiredReviewRoles({ requiresLegal: false }, { riskFlags: ['lawsuit'] })).toEqual(['legal', 'comms']);
  });

  it('W-REV-1: a beat that cannot be found asks for legal', () => {
    expect(requiredReviewRoles(null, { riskFlags: [] })).toEqual(['legal', 'comms']);
  });

  it('W-REV-2: due after 40% of the time left in the window', () => {
    // 5 hours left → due in 2 hours.
    expect(reviewDueAt(at('2026-11-01T09:00:00Z'), at('2026-11-01T14:00:00Z')).toISOString()).toBe('2026-11-01T11:00:00.000Z');
  });

  it('W-REV-2: at least 10 minutes, but never after the deadline', () => {
    // 20 minutes left: 40% is 8 minutes, so 10.
    expect(reviewDueAt(at('2026-11-01T09:00:00Z'), at('2026-11-01T09:20:00Z')).getTime() - at('2026-11-01T09:00:00Z').getTime()).toBe(MIN_REVIEW_MS);
    // 6 minutes left: due at the deadline.
    expect(reviewDueAt(at('2026-11-01T09:00:00Z'), at('2026-11-01T09:06:00Z')).toISOString()).toBe('2026-11-01T09:06:00.000Z');
  });

  it('W-REV-2: when the window has closed, due at once', () => {
    expect(reviewDueAt(at('2026-11-01T09:00:00Z'), at('2026-11-01T08:00:00Z')).toISOString()).toBe('2026-11-01T09:00:00.000Z');
  });

  it('W-REV-7: approved only when every review approves; any rejection or request for changes wins', () => {
    expect(draftStatusFromReviews([{ state: 'approved' }, { state: 'pending' }])).toBe('in_review');
    expect(draftStatusFromReviews([{ state: 'approved' }, { state: 'approved' }])).toBe('approved');
    expect(draftStatusFromReviews([{ state: 'approved' }, { state: 'changes_requested' }])).toBe('changes_requested');
    expect(draftStatusFromReviews([{ state: 'rejected' }, { state: 'changes_requested' }])).toBe('rejected');
    expect(draftStatusFromReviews([])).toBe('in_review');
  });
});
