import { z } from 'zod';

export const reviewRoleSchema = z.enum(['legal', 'comms']);
export type ReviewRole = z.infer<typeof reviewRoleSchema>;

export const reviewDecisionSchema = z.enum(['approve', 'request_changes', 'reject']);
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;

export const reviewStateSchema = z.enum(['pending', 'approved', 'changes_requested', 'rejected', 'reopened']);
export type ReviewState = z.infer<typeof reviewStateSchema>;

/** An approval task for one role on one exact draft version. */
export const reviewSchema = z.object({
  id: z.string().min(1),
  rev: z.number().int().nonnegative(),
  draftId: z.string().min(1),
  opportunityId: z.string().min(1),
  version: z.number().int().positive(),
  contentHash: z.string(),
  role: reviewRoleSchema,
  state: reviewStateSchema,
  reviewerId: z.string().nullable(),
  comment: z.string().nullable(),
  dueAt: z.string(),
  /** When it was escalated for being overdue; null while it is not. */
  escalatedAt: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type Review = z.infer<typeof reviewSchema>;
