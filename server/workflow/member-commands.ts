import { z } from 'zod';
import { roleSchema, type Member, type Role } from '../domain/index.js';
import { RecordConflictError } from '../store/store-errors.js';
import { parseCommandInput } from './command-input.js';
import { credentialChange } from './credential-change.js';
import { findMemberByEmail, isEnabledAdmin, normalizeEmail, requireMember } from './member-lookup.js';
import { passwordSchema } from './password-rules.js';
import { recordEvent } from './record-event.js';
import { sessionRemovals, sessionsOf } from './session-revocation.js';
import type { WorkflowContext } from './workflow-context.js';
import { invalidField, WorkflowError } from './workflow-errors.js';

const rolesSchema = z
  .array(roleSchema)
  .min(1, 'give the member at least one role')
  .transform((roles) => [...new Set(roles)]);

const newMemberSchema = z.object({
  email: z.email('give an email address such as ana@newsroom.example').max(254),
  name: z.string().trim().min(1, 'give the member a name').max(120),
  roles: rolesSchema,
  /** null: make up a one-time password the member replaces at their first sign-in. */
  password: passwordSchema.nullable(),
});
export type NewMember = z.input<typeof newMemberSchema>;

const memberPatchSchema = z.object({
  name: z.string().trim().min(1, 'give the member a name').max(120).optional(),
  roles: rolesSchema.optional(),
  disabled: z.boolean().optional(),
});
export type MemberPatch = z.input<typeof memberPatchSchema>;

/** Adds a member and their password; the one-time password, when one was made, is shown once. */
export async function addMember(ctx: WorkflowContext, input: NewMember, actor: string): Promise<{ member: Member; oneTimePassword: string | null }> {
  const { email, name, roles, password } = parseCommandInput(newMemberSchema, input);
  const id = ctx.newId('mem');
  // Hash first: the slow step must not sit between the uniqueness check and the write.
  const credential = await credentialChange(ctx, id, password, null, actor);
  const taken = () => invalidField('email', `${normalizeEmail(email)} is already a member; choose another email, or reset that member's password`);
  if (await findMemberByEmail(ctx, email)) throw taken();
  const now = ctx.clock();
  const member: Member = { id, rev: 1, email: normalizeEmail(email), name, roles, disabled: false, createdAt: now.toISOString() };
  try {
    await ctx.store.commit(
      [
        { kind: 'member', record: member, expectedRev: null },
        // The address's own record makes the check above hold even for two adds at once.
        { kind: 'memberEmail', record: { id: member.email, rev: 1, memberId: id }, expectedRev: null },
        credential.change,
      ],
      [recordEvent('members.create', { type: 'member', id }, { before: null, after: member }, actor, now, { member }), credential.event],
    );
  } catch (error) {
    if (error instanceof RecordConflictError && error.kind === 'memberEmail') throw taken();
    throw error;
  }
  return { member, oneTimePassword: credential.oneTimePassword };
}

/**
 * Renames a member, changes their roles, or disables or enables them. Disabling ends every
 * session of the member in the same commit. The team always keeps one enabled admin, or nobody
 * could manage members any more.
 */
export async function updateMember(ctx: WorkflowContext, actor: string, id: string, patch: MemberPatch, expectedRev?: number): Promise<Member> {
  const changes = parseCommandInput(memberPatchSchema, patch);
  const before = await requireMember(ctx, id);
  if (expectedRev !== undefined && expectedRev !== before.rev) throw new RecordConflictError('member', id, expectedRev, before);
  const after: Member = {
    ...before,
    rev: before.rev + 1,
    ...(changes.name === undefined ? {} : { name: changes.name }),
    ...(changes.roles === undefined ? {} : { roles: changes.roles as Role[] }),
    ...(changes.disabled === undefined ? {} : { disabled: changes.disabled }),
  };
  if (isEnabledAdmin(before) && !isEnabledAdmin(after)) await keepOneAdmin(ctx, before);

  const now = ctx.clock();
  const ending = after.disabled && !before.disabled ? sessionRemovals(await sessionsOf(ctx, id), actor, now) : { changes: [], events: [] };
  await ctx.store.commit(
    [{ kind: 'member', record: after, expectedRev: before.rev }, ...ending.changes],
    [recordEvent('members.update', { type: 'member', id }, { before, after }, actor, now, { member: after }), ...ending.events],
  );
  return after;
}

async function keepOneAdmin(ctx: WorkflowContext, leaving: Member): Promise<void> {
  const others = (await ctx.store.listRecords('member')).filter((member) => member.id !== leaving.id && isEnabledAdmin(member));
  if (others.length === 0) {
    throw new WorkflowError('invalid_state', `${leaving.name} is the last enabled admin; make another member an admin first, so someone can still manage the team`, {
      state: 'last_admin',
      record: leaving,
    });
  }
}

export const FIRST_ADMIN_EMAIL = 'admin@tidewatch.local';

/**
 * A fresh install has nobody who could sign in: make the first admin with a one-time password,
 * for the operator to read from the log. Does nothing once anyone is a member.
 */
export async function ensureFirstAdmin(ctx: WorkflowContext): Promise<{ email: string; password: string } | null> {
  if ((await ctx.store.listRecords('member')).length > 0) return null;
  try {
    const { member, oneTimePassword } = await addMember(ctx, { email: FIRST_ADMIN_EMAIL, name: 'Admin', roles: ['admin', 'editor'], password: null }, 'system');
    return { email: member.email, password: oneTimePassword! };
  } catch (error) {
    // Two processes starting together on one new database: the other one made the admin (its
    // email claim won), and its log holds the password.
    if ((await ctx.store.listRecords('member')).length > 0) return null;
    throw error;
  }
}
