import { z } from 'zod';
import { invalidField } from './workflow-errors.js';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;

/** A password a member chooses: long rather than clever (NIST SP 800-63B), and bounded so hashing stays cheap. */
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `use at least ${PASSWORD_MIN} characters; a few unrelated words make a good password`)
  .max(PASSWORD_MAX, `use at most ${PASSWORD_MAX} characters`);

/** The same rule for commands reached without the HTTP layer (the command line): a refusal naming the field. */
export function checkPassword(field: string, password: string): void {
  const result = passwordSchema.safeParse(password);
  if (!result.success) throw invalidField(field, result.error.issues[0]?.message ?? 'not an allowed password');
}
