import { describe, expect, it } from 'vitest';
import { chainEvent, GENESIS_HASH, type AnyEvent, type AnyNewEvent, type Post, type Review } from '../../server/domain/index.js';
import { noticesFor } from '../../server/realtime/notices.js';
import { buildOpportunity, buildPost } from '../support/builders.js';

const at = '2026-11-01T09:00:00.000Z';
const numbered = (event: AnyNewEvent): AnyEvent => chainEvent(event, 7, GENESIS_HASH);

function review(overrides: Partial<Review> = {}): Review {
  return {
    id: 'rv-1',
    rev: 1,
    draftId: 'dr-1',
    opportunityId: 'op-1',
    version: 1,
    contentHash: 'h',
    role: 'legal',
    state: 'pending',
    reviewerId: null,
    comment: null,
    dueAt: '2026-11-01T10:30:00.000Z',
    escalatedAt: null,
    createdAt: at,
    decidedAt: null,
    ...overrides,
  };
}

const base = { at, actor: 'm-1', digest: { before: null, after: 'x' } };

describe('notices: who is interrupted by what', () => {
  it('sends a review request and an escalation to the role that must act, with the due time', () => {
    const opened = noticesFor(numbered({ ...base, action: 'reviews.open', record: { type: 'review', id: 'rv-1' }, data: { review: review() } }));
    expect(opened).toEqual([{ room: 'role:legal', notice: expect.objectContaining({ kind: 'review.requested', opportunityId: 'op-1', seq: 7 }) }]);
    expect(opened[0]?.notice.text).toContain('10:30 UTC');
    const escalated = noticesFor(numbered({ ...base, action: 'reviews.escalate', record: { type: 'review', id: 'rv-1' }, data: { review: review({ role: 'comms' }) } }));
    expect(escalated.map((n) => [n.room, n.notice.kind])).toEqual([['role:comms', 'review.escalated']]);
  });

  it('sends mentions to each member mentioned, but not to the author', () => {
    const comment = { id: 'c-1', rev: 1, target: { type: 'opportunity' as const, id: 'op-1' }, opportunityId: 'op-1', authorId: 'm-1', text: '@ana @m-1 look', mentions: ['m-2', 'm-1'], createdAt: at };
    const notices = noticesFor(numbered({ ...base, action: 'comments.create', record: { type: 'comment', id: 'c-1' }, data: { comment } }));
    expect(notices.map((n) => n.room)).toEqual(['member:m-2']);
  });

  it('tells a member they were assigned, unless they assigned themselves', () => {
    const assigned = buildOpportunity('op-1', { holderId: 'm-2' });
    expect(noticesFor(numbered({ ...base, action: 'opportunities.assign', record: { type: 'opportunity', id: 'op-1' }, data: { opportunity: assigned } })).map((n) => n.room)).toEqual(['member:m-2']);
    const self = buildOpportunity('op-1', { holderId: 'm-1' });
    expect(noticesFor(numbered({ ...base, action: 'opportunities.assign', record: { type: 'opportunity', id: 'op-1' }, data: { opportunity: self } }))).toEqual([]);
  });

  it('interrupts the whole board only for a high-score opportunity', () => {
    const strong = buildOpportunity('op-1', { score: 0.82 });
    const weak = buildOpportunity('op-2', { score: 0.3 });
    expect(noticesFor(numbered({ ...base, action: 'opportunities.create', record: { type: 'opportunity', id: 'op-1' }, data: { opportunity: strong } })).map((n) => n.room)).toEqual(['board']);
    expect(noticesFor(numbered({ ...base, action: 'opportunities.create', record: { type: 'opportunity', id: 'op-2' }, data: { opportunity: weak } }))).toEqual([]);
  });

  it('W-PUB-10: tells social managers of a post that failed, was missed, needs a confirmation or waits to be posted by hand; not of a retry', () => {
    const event = (action: 'posts.fail' | 'posts.miss' | 'posts.claim', post: Post) => numbered({ ...base, actor: 'system', action, record: { type: 'post', id: post.id }, data: { post } });
    const kinds = (action: 'posts.fail' | 'posts.miss' | 'posts.claim', overrides: Partial<Post>) => noticesFor(event(action, buildPost('p-1', overrides))).map((n) => [n.room, n.notice.kind, n.notice.text]);
    expect(kinds('posts.fail', { state: 'failed', failureReason: 'Mastodon refused the post (HTTP 422): Text too long.' })).toEqual([
      ['role:social', 'post.failed', 'A mastodon post failed: Mastodon refused the post (HTTP 422): Text too long.'],
    ]);
    expect(kinds('posts.fail', { state: 'needs_confirmation', failureReason: 'check Desk (webhook to hooks.example)' })[0]?.[1]).toBe('post.needs_confirmation');
    expect(kinds('posts.fail', { state: 'scheduled', nextAttemptAt: '2026-11-01T09:01:00.000Z' })).toEqual([]);
    expect(kinds('posts.miss', { state: 'missed', failureReason: 'the window closed at 09:20 UTC' })).toEqual([['role:social', 'post.missed', 'A mastodon post was missed: the window closed at 09:20 UTC.']]);
    expect(kinds('posts.claim', { state: 'awaiting_manual' })[0]?.[1]).toBe('post.awaiting_manual');
    expect(kinds('posts.claim', { state: 'publishing' })).toEqual([]);
  });

  it('raises nothing for everyday events', () => {
    const claimed = buildOpportunity('op-1', { state: 'claimed' });
    expect(noticesFor(numbered({ ...base, action: 'opportunities.claim', record: { type: 'opportunity', id: 'op-1' }, data: { opportunity: claimed } }))).toEqual([]);
  });
});
