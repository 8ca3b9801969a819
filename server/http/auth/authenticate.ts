import type { MiddlewareHandler } from 'hono';
import { resolveApiToken } from '../../workflow/api-token-commands.js';
import { csrfTokenFor } from '../../workflow/secret-tokens.js';
import { resolveSession } from '../../workflow/session-commands.js';
import type { WorkflowContext } from '../../workflow/workflow-context.js';
import type { HttpEnv } from '../http-env.js';
import { readSessionCookie } from './session-cookie.js';

/** The token of an `Authorization: Bearer <token>` header, or null when there is none. */
export function bearerTokenOf(header: string | undefined): string | null {
  const match = header?.match(/^Bearer[ \t]+(\S+)[ \t]*$/i);
  return match?.[1] ?? null;
}

/**
 * Finds who is asking: an API token in the Authorization header (integrations), else the session
 * cookie (the board). Leaves the principal null when neither is valid; the guard decides whether
 * that is allowed. A request that shows a bearer token is judged by it alone: a bad token never
 * falls back to a cookie the same client happens to hold.
 */
export function authenticate(ctx: WorkflowContext): MiddlewareHandler<HttpEnv> {
  return async function authenticate(c, next) {
    c.set('principal', null);
    c.set('sessionId', null);
    c.set('csrfToken', null);
    c.set('mustChangePassword', false);

    const bearer = bearerTokenOf(c.req.header('authorization'));
    if (bearer !== null) {
      c.set('principal', await resolveApiToken(ctx, bearer));
      return next();
    }
    const sessionToken = readSessionCookie(c);
    const resolved = sessionToken ? await resolveSession(ctx, sessionToken) : null;
    if (sessionToken && resolved) {
      c.set('principal', resolved.principal);
      c.set('sessionId', resolved.session.id);
      c.set('csrfToken', csrfTokenFor(sessionToken));
      c.set('mustChangePassword', resolved.mustChangePassword);
    }
    return next();
  };
}
