import { z } from 'zod';

export const reviewRoleSchema = z.enum(['legal', 'comms']);
export type ReviewRole = z.infer<typeof reviewRoleSchema>;

/** An approval task for one role on one exact draft version. */
export const reviewSchema = z.object({
  id: z.string().min(1),
  draftId: z.string().min(1),
  version: z.number().int().positive(),
  contentHash: z.string(),
  role: reviewRoleSchema,
  state: z.enum(['pending', 'approved', 'changes_requested', 'rejected', 'reopened']),
  reviewerId: z.string().nullable(),
  comment: z.string().nullable(),
  dueAt: z.string(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type Review = z.infer<typeof reviewSchema>;
