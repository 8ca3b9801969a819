import { describe, expect, it } from 'vitest';
import type { AnyEvent } from '../../server/realtime/protocol.js';
import { eventTouches, isWorkflowKind } from '../../web/src/workflow-events.js';
import { buildDraft, buildOpportunity } from '../support/builders.js';

function event(action: AnyEvent['action'], data: unknown): AnyEvent {
  return { seq: 1, at: '2026-11-01T09:00:00.000Z', actor: 'system', action, record: { type: 'draft', id: 'x' }, digest: { before: null, after: null }, data, prevHash: '', hash: '' } as AnyEvent;
}

describe('which workflow events a view asks again for', () => {
  const draft = buildDraft('draft-1', { opportunityId: 'op-1' });

  it('a draft, its reviews and posts, and its opportunity', () => {
    const watched = { draftIds: ['draft-1'], opportunityIds: new Set(['op-1']) };
    expect(eventTouches(event('drafts.revise', { draft }), watched)).toBe(true);
    expect(eventTouches(event('reviews.decide', { review: { draftId: 'draft-1', opportunityId: 'op-1' } }), watched)).toBe(true);
    expect(eventTouches(event('posts.hold', { post: { draftId: 'other', opportunityId: 'op-1' } }), watched)).toBe(true);
    // A new engagement reading redraws the opportunity page's chart (W-POST-8).
    expect(eventTouches(event('posts.engagement', { post: { draftId: 'other', opportunityId: 'op-1' } }), watched)).toBe(true);
    // The scheduler's steps (W-PUB-4 to W-PUB-8) move the post's state on the same pages.
    expect(eventTouches(event('posts.fail', { post: { draftId: 'draft-1', opportunityId: 'other' } }), watched)).toBe(true);
    expect(eventTouches(event('opportunities.expire', { opportunity: buildOpportunity('op-1') }), watched)).toBe(true);
  });

  it('nothing about other records, nor events that change nothing shown', () => {
    const watched = { draftIds: ['draft-1'] };
    expect(eventTouches(event('drafts.revise', { draft: buildDraft('draft-2', { opportunityId: 'op-2' }) }), watched)).toBe(false);
    expect(eventTouches(event('opportunities.expire', { opportunity: buildOpportunity('op-1') }), watched)).toBe(false);
    expect(eventTouches(event('comments.create', { comment: {} }), { draftIds: ['draft-1'], opportunityIds: ['op-1'] })).toBe(false);
  });

  it('any event of a kind, for lists', () => {
    expect(isWorkflowKind(event('reviews.open', {}), ['reviews'])).toBe(true);
    expect(isWorkflowKind(event('posts.schedule', {}), ['reviews', 'drafts'])).toBe(false);
  });
});
