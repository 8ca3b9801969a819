import { z } from 'zod';

/** What the team cares about: a named boolean query with optional scope and risk rules. */
export const beatSchema = z.object({
  id: z.string().min(1),
  rev: z.number().int().nonnegative(),
  name: z.string().min(1).max(120),
  /** Phrases, hashtags, AND/OR/NOT; the grammar belongs to the trend detector. */
  query: z.string().min(1),
  languages: z.array(z.string()).default([]),
  regions: z.array(z.string()).default([]),
  /** Legal review is required for every opportunity of this beat. */
  requiresLegal: z.boolean().default(false),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Beat = z.infer<typeof beatSchema>;
