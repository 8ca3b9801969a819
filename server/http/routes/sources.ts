import { createRoute } from '@hono/zod-openapi';
import { publicSource } from '../../domain/index.js';
import type { AppDeps } from '../app-deps.js';
import { ok, routeGroup } from '../openapi.js';

export function sourceRoutes({ store }: AppDeps) {
  return routeGroup().openapi(
    createRoute({ method: 'get', path: '/api/sources', tags: ['sources'], summary: 'Every source with its health (no connector options)', responses: ok('`{ sources }`') }),
    async (c) => {
      const sources = await store.listSources();
      return c.json({ sources: sources.map(publicSource) }, 200);
    },
  );
}
