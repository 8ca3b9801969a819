import { z } from 'zod';

export const commentTargetSchema = z.object({ type: z.enum(['opportunity', 'draft']), id: z.string().min(1) });
export type CommentTarget = z.infer<typeof commentTargetSchema>;

/** A remark on an opportunity or a draft; @mentions notify the members named. */
export interface Comment {
  id: string;
  rev: number;
  target: CommentTarget;
  /** The opportunity the comment belongs to, so its trail and the board can find it. */
  opportunityId: string;
  authorId: string;
  text: string;
  /** Member ids mentioned with @. */
  mentions: string[];
  createdAt: string;
}
