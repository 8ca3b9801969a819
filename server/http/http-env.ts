import type { Context } from 'hono';
import type { Principal } from '../domain/index.js';
import { WorkflowError } from '../workflow/workflow-errors.js';

/** What the authentication middleware leaves for the routes. */
export interface HttpEnv {
  Variables: {
    /** Null when the request carries no valid session or token. */
    principal: Principal | null;
    /** Set when the principal came from a session cookie (writes must then carry the CSRF token). */
    sessionId: string | null;
    /** The CSRF token of that session, for GET /api/session to hand to the board. */
    csrfToken: string | null;
    /** A member signed in with a one-time password may do nothing but choose their own. */
    mustChangePassword: boolean;
  };
}

/** The signed-in principal, or the 401 that tells a client to sign in. */
export function principalOf(c: Context<HttpEnv>): Principal {
  const principal = c.get('principal');
  if (!principal) throw new WorkflowError('unauthenticated', 'sign in first: POST /api/session with your email and password, or send an API token');
  return principal;
}
