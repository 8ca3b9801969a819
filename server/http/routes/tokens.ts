import { createRoute, z } from '@hono/zod-openapi';
import { roleSchema } from '../../domain/index.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../../workflow/api-token-commands.js';
import { authorize } from '../../workflow/policy.js';
import { createWorkflowContext } from '../../workflow/workflow-context.js';
import type { AppDeps } from '../app-deps.js';
import { principalOf } from '../http-env.js';
import { created, idParam, jsonBody, ok, routeGroup } from '../openapi.js';

const newTokenBody = z.object({
  name: z.string().trim().min(1).max(120),
  roles: z.array(roleSchema).min(1),
});

/** API tokens for integrations (admin only). A token's secret is shown once, when it is made. */
export function tokenRoutes({ store, clock }: AppDeps) {
  const ctx = createWorkflowContext(store, clock);
  return routeGroup()
    .openapi(
      createRoute({ method: 'get', path: '/api/tokens', tags: ['tokens'], summary: 'Every API token, without secrets (admin)', responses: ok('`{ tokens }`') }),
      async (c) => {
        authorize(principalOf(c), 'tokens.manage');
        return c.json({ tokens: await listApiTokens(ctx) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/tokens',
        tags: ['tokens'],
        summary: 'Make an API token (admin); send it as `Authorization: Bearer <secret>`',
        request: jsonBody(newTokenBody),
        responses: created('`{ token, secret }`: the secret is shown only in this answer, keep it now'),
      }),
      async (c) => {
        const principal = principalOf(c);
        authorize(principal, 'tokens.manage');
        return c.json(await createApiToken(ctx, c.req.valid('json'), principal.id), 201);
      },
    )
    .openapi(
      createRoute({ method: 'delete', path: '/api/tokens/{id}', tags: ['tokens'], summary: 'Revoke an API token for good (admin)', request: { params: idParam }, responses: ok('`{ token }`') }),
      async (c) => {
        const principal = principalOf(c);
        authorize(principal, 'tokens.manage');
        return c.json({ token: await revokeApiToken(ctx, c.req.valid('param').id, principal.id) }, 200);
      },
    );
}
