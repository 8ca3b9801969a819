import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../app-deps.js';
import { HttpError } from '../http-error.js';
import { idParam, ok, routeGroup } from '../openapi.js';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  sourceId: z.string().min(1).optional(),
  storyId: z.string().min(1).optional(),
});

export function itemRoutes({ store }: AppDeps) {
  return routeGroup()
    .openapi(
      createRoute({ method: 'get', path: '/api/items', tags: ['items'], summary: 'Items, newest first', request: { query: listQuery }, responses: ok('`{ items }`') }),
      async (c) => c.json({ items: await store.listItems(c.req.valid('query')) }, 200),
    )
    .openapi(
      createRoute({ method: 'get', path: '/api/items/{id}', tags: ['items'], summary: 'One item', request: { params: idParam }, responses: ok('`{ item }`') }),
      async (c) => {
        const { id } = c.req.valid('param');
        const item = await store.getItem(id);
        if (!item) throw new HttpError(404, 'not_found', `no item ${id}`);
        return c.json({ item }, 200);
      },
    );
}
