import type { Member, Principal, Session } from '../domain/index.js';
import { RecordConflictError } from '../store/store-errors.js';
import { findMemberByEmail } from './member-lookup.js';
import { verifyPassword } from './password-hash.js';
import { recordEvent } from './record-event.js';
import { csrfTokenFor, randomSecret, sessionIdFor, sessionRef } from './secret-tokens.js';
import { publicSessionView, sessionRemovals, sessionsOf } from './session-revocation.js';
import type { WorkflowContext } from './workflow-context.js';
import { WorkflowError } from './workflow-errors.js';

/** A session lasts a working week and a weekend, then the member signs in again. */
export const SESSION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
/** Longer values are not our tokens: refuse them before hashing. */
const MAX_TOKEN_LENGTH = 200;
const MAX_USER_AGENT_LENGTH = 300;

/** One message for an unknown email and a wrong password: the answer must not say which emails are members. */
export const SIGN_IN_REFUSED = 'the email or the password is not right. Check both and try again, or ask an admin to reset your password';

export interface SignedIn {
  member: Member;
  session: Session;
  /** For the cookie only: the store keeps its hash. */
  sessionToken: string;
  csrfToken: string;
  mustChangePassword: boolean;
}

export interface ResolvedSession {
  principal: Principal;
  member: Member;
  session: Session;
  mustChangePassword: boolean;
}

export function memberPrincipal(member: Member): Principal {
  return { kind: 'member', id: member.id, name: member.name, roles: member.roles };
}

/**
 * Checks an email and password and opens a new session. Every sign-in gets a fresh random token
 * (a token planted before sign-in is never adopted), and sessions of the member that already
 * expired are cleared in the same commit.
 */
export async function signIn(ctx: WorkflowContext, email: string, password: string, userAgent: string | null): Promise<SignedIn> {
  const member = await findMemberByEmail(ctx, email);
  const credential = member ? await ctx.store.getRecord('credential', member.id) : null;
  // Always hash, even for an unknown email: the time taken must not tell which emails exist.
  const matches = await verifyPassword(password, credential?.passwordHash ?? null);
  if (!member || !credential || !matches) throw new WorkflowError('unauthenticated', SIGN_IN_REFUSED);
  if (member.disabled) throw new WorkflowError('forbidden', 'your account is disabled. Ask an admin to enable it again');

  const now = ctx.clock();
  const sessionToken = randomSecret();
  const session: Session = {
    id: sessionIdFor(sessionToken),
    rev: 1,
    memberId: member.id,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS).toISOString(),
    userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT_LENGTH) : null,
  };
  const expired = sessionRemovals((await sessionsOf(ctx, member.id)).filter((s) => isExpired(s, now)), member.id, now);
  await ctx.store.commit(
    [{ kind: 'session', record: session, expectedRev: null }, ...expired.changes],
    [
      recordEvent('sessions.create', { type: 'session', id: sessionRef(session.id) }, { before: null, after: publicSessionView(session) }, member.id, now, { memberId: member.id }),
      ...expired.events,
    ],
  );
  return { member, session, sessionToken, csrfToken: csrfTokenFor(sessionToken), mustChangePassword: credential.mustChange };
}

/** Who a session token belongs to, or null when it is unknown, expired, revoked or its member disabled. */
export async function resolveSession(ctx: WorkflowContext, sessionToken: string): Promise<ResolvedSession | null> {
  if (!sessionToken || sessionToken.length > MAX_TOKEN_LENGTH) return null;
  const session = await ctx.store.getRecord('session', sessionIdFor(sessionToken));
  if (!session || isExpired(session, ctx.clock())) return null;
  const member = await ctx.store.getRecord('member', session.memberId);
  if (!member || member.disabled) return null;
  const credential = await ctx.store.getRecord('credential', member.id);
  return { principal: memberPrincipal(member), member, session, mustChangePassword: credential?.mustChange ?? true };
}

/** Ends one session (this browser). Ending a session that already ended is not an error. */
export async function signOut(ctx: WorkflowContext, sessionId: string, actor: string): Promise<void> {
  const session = await ctx.store.getRecord('session', sessionId);
  if (!session) return;
  const ending = sessionRemovals([session], actor, ctx.clock());
  try {
    await ctx.store.commit(ending.changes, ending.events);
  } catch (error) {
    // Ended meanwhile (sign-out everywhere, a disabled member): what was asked for is done.
    if (!(error instanceof RecordConflictError && error.current === null)) throw error;
  }
}

/** Ends every session of a member, on every device; returns how many ended. */
export async function signOutEverywhere(ctx: WorkflowContext, memberId: string, actor: string): Promise<number> {
  const sessions = await sessionsOf(ctx, memberId);
  if (sessions.length === 0) return 0;
  const ending = sessionRemovals(sessions, actor, ctx.clock());
  await ctx.store.commit(ending.changes, ending.events);
  return sessions.length;
}

function isExpired(session: Session, now: Date): boolean {
  return Date.parse(session.expiresAt) <= now.getTime();
}
