import type { AnyNewEvent, Credential, RecordChange } from '../domain/index.js';
import { hashPassword } from './password-hash.js';
import { recordEvent } from './record-event.js';
import { oneTimePassword } from './secret-tokens.js';
import type { WorkflowContext } from './workflow-context.js';

/** What the log may know of a credential: that it changed, never the hash. */
function publicCredentialView(credential: Credential | null) {
  if (!credential) return null;
  const { passwordHash: _passwordHash, ...rest } = credential;
  return rest;
}

export interface CredentialChange {
  change: RecordChange;
  event: AnyNewEvent;
  /** Set when the password was made up here: shown once to whoever asked, never stored. */
  oneTimePassword: string | null;
}

/**
 * Sets a member's password: the one given (chosen by the member, or by an admin for them), or a
 * one-time password the member must replace at their next sign-in.
 */
export async function credentialChange(
  ctx: WorkflowContext,
  memberId: string,
  password: string | null,
  existing: Credential | null,
  actor: string,
  options: { mustChange?: boolean } = {},
): Promise<CredentialChange> {
  const oneTime = password === null ? oneTimePassword() : null;
  const now = ctx.clock();
  const credential: Credential = {
    id: memberId,
    rev: (existing?.rev ?? 0) + 1,
    passwordHash: await hashPassword(password ?? oneTime!),
    mustChange: options.mustChange ?? oneTime !== null,
    updatedAt: now.toISOString(),
  };
  return {
    change: { kind: 'credential', record: credential, expectedRev: existing?.rev ?? null },
    event: recordEvent(
      'members.password',
      { type: 'credential', id: memberId },
      { before: publicCredentialView(existing), after: publicCredentialView(credential) },
      actor,
      now,
      { memberId, oneTime: credential.mustChange },
    ),
    oneTimePassword: oneTime,
  };
}
