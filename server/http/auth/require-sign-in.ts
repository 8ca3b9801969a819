import type { MiddlewareHandler } from 'hono';
import type { HttpEnv } from '../http-env.js';
import { principalOf } from '../http-env.js';
import { HttpError } from '../http-error.js';

/**
 * What anyone may call under /api: signing in, the API's own description, and the webhook door,
 * which checks a source's own token instead of a member or an API token.
 */
const OPEN_ROUTES: ReadonlyArray<{ method: string; path: string | RegExp }> = [
  { method: 'POST', path: '/api/session' },
  { method: 'GET', path: '/api/openapi.json' },
  { method: 'POST', path: /^\/api\/ingest\/[^/]+$/ },
];

function isOpen(method: string, path: string): boolean {
  return OPEN_ROUTES.some((route) => route.method === method && (typeof route.path === 'string' ? route.path === path : route.path.test(path)));
}

/** Where a member who must replace a one-time password may still go: their own session. */
function isSessionRoute(path: string): boolean {
  return path === '/api/session' || path.startsWith('/api/session/');
}

/**
 * Every API route needs a principal (401 otherwise), except the open ones. A member signed in
 * with a one-time password may only look at their session, choose a password or sign out (403):
 * a password someone else read out must not be usable for anything else.
 */
export function requireSignIn(): MiddlewareHandler<HttpEnv> {
  return async function requireSignIn(c, next) {
    if (isOpen(c.req.method, c.req.path)) return next();
    principalOf(c);
    if (c.get('mustChangePassword') && !isSessionRoute(c.req.path)) {
      throw new HttpError(
        403,
        'password_change_required',
        'choose your own password first: POST /api/session/password with currentPassword (the one-time password) and newPassword (at least 12 characters).',
      );
    }
    return next();
  };
}
