import { createRoute, z } from '@hono/zod-openapi';
import { CONNECTORS } from '../../../connectors/index.js';
import { publicSource, sourceIdSchema } from '../../domain/index.js';
import { createSource, updateSource } from '../../workflow/source-commands.js';
import { createWorkflowContext } from '../../workflow/workflow-context.js';
import type { AppDeps } from '../app-deps.js';
import { principalOf } from '../http-env.js';
import { created, idParam, jsonBody, ok, routeGroup } from '../openapi.js';

const sourceBody = z.object({
  id: sourceIdSchema,
  name: z.string().min(1).max(200),
  kind: z.string().min(1),
  channel: z.string().optional(),
  options: z.record(z.string(), z.unknown()),
  schedule: z.string().min(1).max(100).optional(),
  enabled: z.boolean().optional(),
});

const sourcePatch = z
  .object({
    name: z.string().min(1).max(200).optional(),
    options: z.record(z.string(), z.unknown()).optional(),
    schedule: z.string().min(1).max(100).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

export function sourceRoutes({ store, clock }: AppDeps) {
  const ctx = createWorkflowContext(store, clock);
  return routeGroup()
    .openapi(
      createRoute({ method: 'get', path: '/api/sources', tags: ['sources'], summary: 'Every source with its health (no connector options)', responses: ok('`{ sources }`') }),
      async (c) => {
        principalOf(c);
        const sources = await store.listSources();
        return c.json({ sources: sources.map(publicSource) }, 200);
      },
    )
    .openapi(
      createRoute({ method: 'post', path: '/api/sources', tags: ['sources'], summary: 'Add a source (admin)', request: jsonBody(sourceBody), responses: created('`{ source }`') }),
      async (c) => c.json({ source: await createSource(ctx, principalOf(c), c.req.valid('json'), CONNECTORS) }, 201),
    )
    .openapi(
      createRoute({ method: 'patch', path: '/api/sources/{id}', tags: ['sources'], summary: "Change a source's name, options, schedule or enabled (admin)", request: { params: idParam, ...jsonBody(sourcePatch) }, responses: ok('`{ source }`') }),
      async (c) => c.json({ source: await updateSource(ctx, principalOf(c), c.req.valid('param').id, c.req.valid('json'), CONNECTORS) }, 200),
    );
}
