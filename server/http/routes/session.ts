import { createRoute, z } from '@hono/zod-openapi';
import type { Principal } from '../../domain/index.js';
import type { SessionInfo, SignInResult } from '../../realtime/protocol.js';
import { changeOwnPassword } from '../../workflow/password-commands.js';
import { PASSWORD_MAX, passwordSchema } from '../../workflow/password-rules.js';
import { allowedActions } from '../../workflow/policy.js';
import { signIn, signOut, signOutEverywhere } from '../../workflow/session-commands.js';
import { createWorkflowContext } from '../../workflow/workflow-context.js';
import { WorkflowError } from '../../workflow/workflow-errors.js';
import type { AppDeps } from '../app-deps.js';
import { clientAddress } from '../auth/client-address.js';
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie.js';
import type { SignInLimiter } from '../auth/sign-in-limiter.js';
import { principalOf } from '../http-env.js';
import { HttpError } from '../http-error.js';
import { jsonBody, ok, routeGroup } from '../openapi.js';

const signInBody = z.object({
  email: z.string().trim().min(1, 'give the email you were invited with').max(254),
  // Any length is checked here: passwords set before a rule changed must still sign in.
  password: z.string().min(1, 'give your password').max(PASSWORD_MAX),
});

const passwordBody = z.object({
  currentPassword: z.string().min(1, 'give your current (or one-time) password').max(PASSWORD_MAX),
  newPassword: passwordSchema,
});

const TOO_MANY = { 429: { description: 'Too many failed sign-ins; `Retry-After` says when to try again' } } as const;

/** Signing in and out, the session's own view, and choosing a password. */
export function sessionRoutes({ store, clock }: AppDeps, limiter: SignInLimiter) {
  const ctx = createWorkflowContext(store, clock);

  const memberOnly = (principal: Principal, what: string) => {
    if (principal.kind !== 'member') throw new WorkflowError('invalid', `API tokens have no password or sessions, so they cannot ${what}; an admin can revoke the token instead`);
  };

  return routeGroup()
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/session',
        tags: ['session'],
        summary: 'Sign in with email and password: sets the session cookie',
        request: jsonBody(signInBody),
        responses: { ...ok('`{ member, csrfToken, mustChangePassword }`; send csrfToken as X-CSRF-Token on every write'), ...TOO_MANY },
      }),
      async (c) => {
        const { email, password } = c.req.valid('json');
        const address = clientAddress(c);
        const wait = await limiter.retryAfterSeconds(email, address);
        if (wait > 0) throw tooManyAttempts(wait, clock());

        let signedIn;
        try {
          signedIn = await signIn(ctx, email, password, c.req.header('user-agent') ?? null);
        } catch (error) {
          if (error instanceof WorkflowError) await limiter.recordFailure(email, address);
          throw error;
        }
        await limiter.recordSuccess(email, address);
        // Whatever session this browser had before ends: one browser, one session.
        const previous = c.get('sessionId');
        if (previous) await signOut(ctx, previous, principalOf(c).id);

        setSessionCookie(c, signedIn.sessionToken);
        const result: SignInResult = { member: signedIn.member, csrfToken: signedIn.csrfToken, mustChangePassword: signedIn.mustChangePassword };
        return c.json(result, 200);
      },
    )
    .openapi(
      createRoute({ method: 'get', path: '/api/session', tags: ['session'], summary: 'Who is signed in, what they may do, and the CSRF token', responses: ok('A SessionInfo: `{ principal, member, roles, allowed, csrfToken, mustChangePassword }`; never the session id') }),
      async (c) => {
        const principal = principalOf(c);
        const member = principal.kind === 'member' ? await store.getRecord('member', principal.id) : null;
        const view: SessionInfo = {
          principal,
          member,
          roles: principal.roles,
          allowed: allowedActions(principal),
          csrfToken: c.get('csrfToken'),
          mustChangePassword: c.get('mustChangePassword'),
        };
        return c.json(view, 200);
      },
    )
    .openapi(
      createRoute({ method: 'delete', path: '/api/session', tags: ['session'], summary: 'Sign out this browser', responses: ok('`{ signedOut: true }`') }),
      async (c) => {
        const principal = principalOf(c);
        const sessionId = c.get('sessionId');
        if (sessionId) await signOut(ctx, sessionId, principal.id);
        clearSessionCookie(c);
        return c.json({ signedOut: true }, 200);
      },
    )
    .openapi(
      createRoute({ method: 'post', path: '/api/session/revoke-all', tags: ['session'], summary: 'Sign out everywhere: ends every session of the signed-in member, this one included', responses: ok('`{ revoked }`: how many sessions ended') }),
      async (c) => {
        const principal = principalOf(c);
        memberOnly(principal, 'sign out everywhere');
        const revoked = await signOutEverywhere(ctx, principal.id, principal.id);
        clearSessionCookie(c);
        return c.json({ revoked }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/session/password',
        tags: ['session'],
        summary: "Choose a new password: this session stays signed in, the member's other sessions end",
        request: jsonBody(passwordBody),
        responses: ok('`{ mustChangePassword: false }`'),
      }),
      async (c) => {
        const principal = principalOf(c);
        memberOnly(principal, 'change a password');
        const { currentPassword, newPassword } = c.req.valid('json');
        await changeOwnPassword(ctx, principal.id, currentPassword, newPassword, c.get('sessionId'));
        return c.json({ mustChangePassword: false }, 200);
      },
    );
}

function tooManyAttempts(seconds: number, now: Date): HttpError {
  const minutes = Math.ceil(seconds / 60);
  const at = new Date(now.getTime() + seconds * 1000).toISOString().slice(11, 16);
  return new HttpError(
    429,
    'too_many_attempts',
    `too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'} (after ${at} UTC), or ask an admin to reset your password.`,
    { retryAfterSeconds: seconds },
    { 'Retry-After': String(seconds) },
  );
}
