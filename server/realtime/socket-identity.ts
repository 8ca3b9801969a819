import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseCookies } from 'hono/utils/cookie';
import type { AnyEvent, Principal } from '../domain/index.js';
import { isSameOrigin } from '../http/auth/request-origin.js';
import { SESSION_COOKIE } from '../http/auth/session-cookie.js';
import { resolveApiToken } from '../workflow/api-token-commands.js';
import { resolveSession } from '../workflow/session-commands.js';
import type { WorkflowContext } from '../workflow/workflow-context.js';

/** How a socket proved who it is, kept so it can be checked again when sessions or members change. */
export type SocketCredential = { kind: 'session'; token: string } | { kind: 'token'; token: string };

export interface SocketIdentity {
  principal: Principal;
  credential: SocketCredential;
}

/** The socket.io handshake fields we read (a subset of socket.io's Handshake). */
export interface HandshakeLike {
  headers: IncomingHttpHeaders;
  auth: Record<string, unknown>;
}

/** What a refused client hears; the board shows its sign-in screen when the message says "sign in". */
export const SIGN_IN_FIRST = 'sign in to see the board: your session has ended or you have not signed in yet';

/**
 * Who is connecting, with the same checks as the HTTP API: an API token in `auth.token`
 * (integrations), else the session cookie the browser sends with the handshake. A cookie-borne
 * handshake from a page on another site is refused, as writes are.
 */
export async function identifySocket(ctx: WorkflowContext, handshake: HandshakeLike): Promise<SocketIdentity | { refused: string }> {
  const apiToken = handshake.auth.token;
  if (typeof apiToken === 'string' && apiToken !== '') {
    const principal = await resolveApiToken(ctx, apiToken);
    return principal ? { principal, credential: { kind: 'token', token: apiToken } } : { refused: `${SIGN_IN_FIRST} (the API token is unknown or revoked)` };
  }
  const cookieHeader = handshake.headers.cookie;
  const sessionToken = cookieHeader ? parseCookies(cookieHeader, SESSION_COOKIE)[SESSION_COOKIE] : undefined;
  if (!sessionToken) return { refused: SIGN_IN_FIRST };

  const origin = handshake.headers.origin;
  const host = handshake.headers.host;
  const forwardedHost = handshake.headers['x-forwarded-host'];
  if (origin !== undefined && (!host || !isSameOrigin(origin, `http://${host}/`, typeof forwardedHost === 'string' ? forwardedHost : undefined))) {
    return { refused: `connections from another site (${origin}) are refused; open the board from this server` };
  }
  const resolved = await resolveSession(ctx, sessionToken);
  if (!resolved) return { refused: SIGN_IN_FIRST };
  if (resolved.mustChangePassword) return { refused: 'choose your own password first, then the board connects: sign in again to do it' };
  return { principal: resolved.principal, credential: { kind: 'session', token: sessionToken } };
}

/** The principal a socket's credential stands for now, or null when it no longer holds. */
export async function reidentifySocket(ctx: WorkflowContext, credential: SocketCredential): Promise<Principal | null> {
  if (credential.kind === 'token') return resolveApiToken(ctx, credential.token);
  const resolved = await resolveSession(ctx, credential.token);
  return resolved && !resolved.mustChangePassword ? resolved.principal : null;
}

/** The room of one member (`member:<id>`) or one API token (`token:<id>`). */
export function principalRoom(principal: Principal): string {
  return principal.kind === 'member' ? `member:${principal.id}` : principal.id;
}

/** Every room a principal belongs in besides the board: their own, and one per role. */
export function roomsOf(principal: Principal): string[] {
  return [principalRoom(principal), ...principal.roles.map((role) => `role:${role}`)];
}

/**
 * The room whose sockets must be checked again after an event: a session ended, a member
 * changed (disabled, new roles, new password) or a token was revoked. Null for every other event.
 */
export function roomToRecheck(event: AnyEvent): string | null {
  switch (event.action) {
    case 'sessions.revoke':
      return `member:${event.data.memberId}`;
    case 'members.update':
      return `member:${event.data.member.id}`;
    case 'members.password':
      return `member:${event.data.memberId}`;
    case 'tokens.revoke':
      return `token:${event.data.token.id}`;
    default:
      return null;
  }
}
