import { credentialChange } from './credential-change.js';
import { requireMember } from './member-lookup.js';
import { verifyPassword } from './password-hash.js';
import { checkPassword } from './password-rules.js';
import { sessionRemovals, sessionsOf } from './session-revocation.js';
import type { WorkflowContext } from './workflow-context.js';
import { invalidField } from './workflow-errors.js';

/**
 * A member replaces their own password (a one-time one, or one they want to change). Every other
 * session of theirs ends: whoever knew the old password is signed out, this browser stays in.
 */
export async function changeOwnPassword(
  ctx: WorkflowContext,
  memberId: string,
  currentPassword: string,
  newPassword: string,
  keepSessionId: string | null,
): Promise<void> {
  checkPassword('newPassword', newPassword);
  await requireMember(ctx, memberId);
  const existing = await ctx.store.getRecord('credential', memberId);
  if (!(await verifyPassword(currentPassword, existing?.passwordHash ?? null))) {
    throw invalidField('currentPassword', 'this is not your current password; type the one you signed in with');
  }
  if (await verifyPassword(newPassword, existing!.passwordHash)) {
    throw invalidField('newPassword', 'choose a password different from the current one');
  }
  const credential = await credentialChange(ctx, memberId, newPassword, existing, memberId, { mustChange: false });
  const ending = sessionRemovals(await sessionsOf(ctx, memberId, keepSessionId), memberId, ctx.clock());
  await ctx.store.commit([credential.change, ...ending.changes], [credential.event, ...ending.events]);
}

/**
 * An admin (or the operator at the command line) sets a member's password, or a one-time one
 * when none is given. Every session of the member ends: a reset usually means the old password
 * is lost or known to someone else.
 */
export async function resetPassword(ctx: WorkflowContext, actor: string, memberId: string, password: string | null): Promise<{ oneTimePassword: string | null }> {
  if (password !== null) checkPassword('password', password);
  await requireMember(ctx, memberId);
  const existing = await ctx.store.getRecord('credential', memberId);
  const credential = await credentialChange(ctx, memberId, password, existing, actor);
  const ending = sessionRemovals(await sessionsOf(ctx, memberId), actor, ctx.clock());
  await ctx.store.commit([credential.change, ...ending.changes], [credential.event, ...ending.events]);
  return { oneTimePassword: credential.oneTimePassword };
}
