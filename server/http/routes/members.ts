import { createRoute, z } from '@hono/zod-openapi';
import { roleSchema } from '../../domain/index.js';
import { addMember, updateMember } from '../../workflow/member-commands.js';
import { requireMember } from '../../workflow/member-lookup.js';
import { resetPassword } from '../../workflow/password-commands.js';
import { passwordSchema } from '../../workflow/password-rules.js';
import { authorize } from '../../workflow/policy.js';
import { createWorkflowContext } from '../../workflow/workflow-context.js';
import type { AppDeps } from '../app-deps.js';
import { principalOf } from '../http-env.js';
import { created, idParam, jsonBody, ok, routeGroup } from '../openapi.js';
import { optionalJsonBody } from '../optional-body.js';

const newMemberBody = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(120),
  roles: z.array(roleSchema).min(1),
  /** Leave out to get a one-time password the member replaces at their first sign-in. */
  password: passwordSchema.optional(),
});

const memberPatchBody = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  roles: z.array(roleSchema).min(1).optional(),
  disabled: z.boolean().optional(),
  /** The rev the change is based on: a newer one stored means someone else changed it (409). */
  rev: z.number().int().nonnegative().optional(),
});

const resetBody = z.object({ password: passwordSchema.optional() });

/** The team: anyone signed in sees it (to assign and @mention), only admins change it. */
export function memberRoutes({ store, clock }: AppDeps) {
  const ctx = createWorkflowContext(store, clock);
  return routeGroup()
    .openapi(
      createRoute({ method: 'get', path: '/api/members', tags: ['members'], summary: 'Every member, with roles and whether disabled', responses: ok('`{ members }`') }),
      async (c) => {
        authorize(principalOf(c), 'board.read');
        return c.json({ members: await store.listRecords('member') }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/members',
        tags: ['members'],
        summary: 'Add a member (admin). Without a password, the answer holds a one-time password to hand over',
        request: jsonBody(newMemberBody),
        responses: created('`{ member, oneTimePassword }`; oneTimePassword is null when a password was given'),
      }),
      async (c) => {
        const principal = principalOf(c);
        authorize(principal, 'members.manage');
        const { password, ...rest } = c.req.valid('json');
        const result = await addMember(ctx, { ...rest, password: password ?? null }, principal.id);
        return c.json(result, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/members/{id}',
        tags: ['members'],
        summary: 'Rename, change roles, disable or enable a member (admin); disabling ends their sessions',
        request: { params: idParam, ...jsonBody(memberPatchBody) },
        responses: ok('`{ member }`'),
      }),
      async (c) => {
        const principal = principalOf(c);
        authorize(principal, 'members.manage');
        const { id } = c.req.valid('param');
        const { rev, ...patch } = c.req.valid('json');
        return c.json({ member: await updateMember(ctx, principal.id, id, patch, rev) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/members/{id}/reset-password',
        tags: ['members'],
        summary: "Reset a member's password (admin): to the one given, or a one-time password. Ends their sessions",
        request: { params: idParam, ...optionalJsonBody(resetBody) },
        responses: ok('`{ member, oneTimePassword }`'),
      }),
      async (c) => {
        const principal = principalOf(c);
        authorize(principal, 'members.manage');
        const { id } = c.req.valid('param');
        const { password } = c.req.valid('json');
        const { oneTimePassword } = await resetPassword(ctx, principal.id, id, password ?? null);
        return c.json({ member: await requireMember(ctx, id), oneTimePassword }, 200);
      },
    );
}
