import { z } from 'zod';

export const roleSchema = z.enum(['editor', 'legal', 'comms', 'social', 'admin']);
export type Role = z.infer<typeof roleSchema>;
export const ROLES: readonly Role[] = roleSchema.options;

/** A person on the team. Credentials live elsewhere and never travel with the member. */
export const memberSchema = z.object({
  id: z.string().min(1),
  /** Increases by one on every change: a write based on an older rev is refused (409). */
  rev: z.number().int().nonnegative(),
  email: z.string().email(),
  name: z.string().min(1).max(120),
  roles: z.array(roleSchema).min(1),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type Member = z.infer<typeof memberSchema>;

/**
 * The claim a member holds on their email address, keyed by the address itself: two members
 * added with one address at the same moment collide on this record, so exactly one is added.
 */
export interface MemberEmail {
  /** The address, lowercased. */
  id: string;
  rev: number;
  memberId: string;
}
