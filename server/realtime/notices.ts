import type { AnyEvent } from '../domain/index.js';
import type { Notice } from './protocol.js';

/** A score from which a new opportunity is worth interrupting the whole board for. */
export const HIGH_SCORE = 0.7;

/** Rooms a notice goes to: the whole board, one member, or everyone holding a role. */
export type NoticeRoom = 'board' | `member:${string}` | `role:${string}`;

const time = (iso: string) => `${iso.slice(11, 16)} UTC`;

/**
 * The notices an event raises, and who gets each: review requests and escalations to the role
 * that must act, mentions and assignments to the member, held posts to social managers, strong
 * new opportunities to everyone. Events reach every board anyway; notices are what interrupts.
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
    default:
      return [];
  }
}
