import { z } from 'zod';

export const roleSchema = z.enum(['editor', 'legal', 'comms', 'social', 'admin']);
export type Role = z.infer<typeof roleSchema>;

/** A person on the team. Credentials live elsewhere and never travel with the member. */
export const memberSchema = z.object({
  id: z.string().min(1),
  email: z.string().email(),
  name: z.string().min(1).max(120),
  roles: z.array(roleSchema).min(1),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type Member = z.infer<typeof memberSchema>;
