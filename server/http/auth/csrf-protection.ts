import type { MiddlewareHandler } from 'hono';
import { constantTimeEqual } from '../../workflow/secret-tokens.js';
import type { HttpEnv } from '../http-env.js';
import { HttpError } from '../http-error.js';
import { isSameOrigin } from './request-origin.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CSRF_HEADER = 'x-csrf-token';

/**
 * Writes must come from the board itself. Two checks, since either alone has gaps:
 * - a write whose Origin names another site is refused, whoever sends it;
 * - a write authenticated by the session cookie must carry the session's CSRF token in the
 *   X-CSRF-Token header, which only a page that could read GET /api/session can know.
 * Bearer-token requests carry no cookie a browser would attach on its own, so they need no token.
 * Signing in is exempt from the token (it proves itself with a password), not from the Origin check.
 */
export function csrfProtection(): MiddlewareHandler<HttpEnv> {
  return async function csrfProtection(c, next) {
    if (SAFE_METHODS.has(c.req.method)) return next();

    const origin = c.req.header('origin');
    if (origin !== undefined && !isSameOrigin(origin, c.req.url, c.req.header('x-forwarded-host'))) {
      throw new HttpError(403, 'csrf', `a write from another site (${origin}) was refused. Use the Tidewatch board itself, or an API token from a server.`);
    }

    const expected = c.get('csrfToken');
    const isSignIn = c.req.method === 'POST' && c.req.path === '/api/session';
    if (c.get('sessionId') !== null && expected !== null && !isSignIn) {
      const sent = c.req.header(CSRF_HEADER);
      if (!sent || !constantTimeEqual(sent, expected)) {
        throw new HttpError(
          403,
          'csrf',
          sent
            ? 'the X-CSRF-Token header does not match your session. Send the csrfToken from GET /api/session (reload the board to get a fresh one).'
            : 'this write needs the X-CSRF-Token header. Send the csrfToken from GET /api/session with every write.',
        );
      }
    }
    return next();
  };
}
