import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../app-deps.js';
import { HttpError } from '../http-error.js';
import { idParam, ok, routeGroup } from '../openapi.js';

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export function storyRoutes({ store }: AppDeps) {
  return routeGroup()
    .openapi(
      createRoute({ method: 'get', path: '/api/stories', tags: ['stories'], summary: 'Stories, trending first', request: { query: listQuery }, responses: ok('`{ stories }`') }),
      async (c) => c.json({ stories: await store.listStories(c.req.valid('query')) }, 200),
    )
    .openapi(
      createRoute({ method: 'get', path: '/api/stories/{id}', tags: ['stories'], summary: 'One story with its items', request: { params: idParam }, responses: ok('`{ story, items }`') }),
      async (c) => {
        const { id } = c.req.valid('param');
        const story = await store.getStory(id);
        if (!story) throw new HttpError(404, 'not_found', `no story ${id}`);
        const items = await store.listItems({ limit: 200, storyId: story.id });
        return c.json({ story, items }, 200);
      },
    );
}
