import type { AnyEvent } from '../domain/index.js';
import type { Notice } from './protocol.js';

/** A score from which a new opportunity is worth interrupting the whole board for. */
export const HIGH_SCORE = 0.7;

/** Rooms a notice goes to: the whole board, one member, or everyone holding a role. */
export type NoticeRoom = 'board' | `member:${string}` | `role:${string}`;

const time = (iso: string) => `${iso.slice(11, 16)} UTC`;
/** A reason set inside a sentence of ours: a platform's own full stop would double ours. */
const clause = (text: string | null, otherwise: string) => (text ?? otherwise).replace(/[.\s]+$/, '');

/**
 * The notices an event raises, and who gets each: review requests and escalations to the role
 * that must act, mentions and assignments to the member, held posts to social managers, strong
 * new opportunities to everyone, posts the scheduler could not finish to social managers. Events
 * reach every board anyway; notices are what interrupts.
 */
export function noticesFor(event: AnyEvent): Array<{ room: NoticeRoom; notice: Notice }> {
  const notice = (kind: Notice['kind'], text: string, opportunityId: string | null): Notice => ({ kind, text, opportunityId, seq: event.seq, at: event.at });
  switch (event.action) {
    case 'reviews.open': {
      const { review } = event.data;
      return [{ room: `role:${review.role}`, notice: notice('review.requested', `A ${review.role} review is waiting for you, due ${time(review.dueAt)}.`, review.opportunityId) }];
    }
    case 'reviews.escalate': {
      const { review } = event.data;
      return [{ room: `role:${review.role}`, notice: notice('review.escalated', `Overdue: a ${review.role} review was due at ${time(review.dueAt)} and nobody has decided it.`, review.opportunityId) }];
    }
    case 'comments.create': {
      const { comment } = event.data;
      return comment.mentions
        .filter((memberId) => memberId !== comment.authorId)
        .map((memberId) => ({ room: `member:${memberId}` as const, notice: notice('mention', 'You were mentioned in a comment.', comment.opportunityId) }));
    }
    case 'opportunities.assign': {
      const { opportunity } = event.data;
      if (!opportunity.holderId || opportunity.holderId === event.actor) return [];
      return [{ room: `member:${opportunity.holderId}`, notice: notice('assignment', `You were assigned "${opportunity.title}".`, opportunity.id) }];
    }
    case 'opportunities.create':
    case 'opportunities.pitch': {
      const { opportunity } = event.data;
      if (opportunity.score < HIGH_SCORE) return [];
      return [{ room: 'board', notice: notice('opportunity.high_score', `New opportunity scoring ${opportunity.score.toFixed(2)}: "${opportunity.title}".`, opportunity.id) }];
    }
    case 'posts.hold': {
      const { post, reason } = event.data;
      return [{ room: 'role:social', notice: notice('post.held', `A ${post.channel} post was held${reason ? `: ${reason}` : ''}.`, post.opportunityId) }];
    }
    // W-PUB-10: what the scheduler could not finish by itself. A retry (back to scheduled) interrupts nobody.
    case 'posts.fail': {
      const { post } = event.data;
      if (post.state === 'failed') return [{ room: 'role:social', notice: notice('post.failed', `A ${post.channel} post failed: ${clause(post.failureReason, 'no reason given')}.`, post.opportunityId) }];
      if (post.state === 'needs_confirmation') {
        return [{ room: 'role:social', notice: notice('post.needs_confirmation', `Check whether a ${post.channel} post arrived, then confirm it: ${clause(post.failureReason, 'its send was cut off')}.`, post.opportunityId) }];
      }
      return [];
    }
    case 'posts.miss': {
      const { post } = event.data;
      return [{ room: 'role:social', notice: notice('post.missed', `A ${post.channel} post was missed: ${clause(post.failureReason, 'its window closed')}.`, post.opportunityId) }];
    }
    case 'posts.claim': {
      const { post } = event.data;
      if (post.state !== 'awaiting_manual') return [];
      return [{ room: 'role:social', notice: notice('post.awaiting_manual', `A ${post.channel} post is due now: post it by hand, then record its address.`, post.opportunityId) }];
    }
    default:
      return [];
  }
}
