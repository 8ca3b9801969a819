import { z } from 'zod';
import { channelSchema } from './channel.js';

/** One numbered version of the proposed reaction on one channel. */
export const draftVersionSchema = z.object({
  version: z.number().int().positive(),
  text: z.string(),
  /** Reviews bind to this hash: an edit after approval reopens them. */
  contentHash: z.string(),
  authorId: z.string(),
  createdAt: z.string(),
});
export type DraftVersion = z.infer<typeof draftVersionSchema>;

export const draftStatusSchema = z.enum(['editing', 'in_review', 'changes_requested', 'approved', 'rejected']);
export type DraftStatus = z.infer<typeof draftStatusSchema>;

export const draftSchema = z.object({
  id: z.string().min(1),
  rev: z.number().int().nonnegative(),
  opportunityId: z.string().min(1),
  channel: channelSchema,
  status: draftStatusSchema,
  /** The version under review or approved; null while nothing was submitted. */
  submittedVersion: z.number().int().positive().nullable(),
  versions: z.array(draftVersionSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Draft = z.infer<typeof draftSchema>;
