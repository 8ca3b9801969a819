import { z } from 'zod';
import { channelSchema } from './channel.js';

export const opportunityStateSchema = z.enum([
  'new',
  'claimed',
  'drafting',
  'in_review',
  'approved',
  'scheduled',
  'published',
  'dismissed',
  'expired',
]);
export type OpportunityState = z.infer<typeof opportunityStateSchema>;

/** States an opportunity never leaves. */
export const FINAL_OPPORTUNITY_STATES: readonly OpportunityState[] = ['published', 'dismissed', 'expired'];

/** A story that matches a beat while its window is open: the unit of work on the board. */
export const opportunitySchema = z.object({
  id: z.string().min(1),
  rev: z.number().int().nonnegative(),
  /** Null when an editor pitched it by hand. */
  storyId: z.string().nullable(),
  beatId: z.string().min(1),
  title: z.string().min(1),
  url: z.string().nullable(),
  state: opportunityStateSchema,
  score: z.number(),
  /** Why the score is what it is, in words. */
  reasons: z.array(z.string()),
  riskFlags: z.array(z.string()),
  channels: z.array(channelSchema),
  windowOpensAt: z.string(),
  /** The window's deadline: a reaction after it is worthless or harmful. */
  deadline: z.string(),
  holderId: z.string().nullable(),
  watcherIds: z.array(z.string()),
  /** The member who pitched it, or null when the detector raised it. */
  pitchedBy: z.string().nullable(),
  dismissReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Opportunity = z.infer<typeof opportunitySchema>;
