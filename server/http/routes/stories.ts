import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { HttpError } from '../http-error.js';
import { validate } from '../validate.js';

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export function storyRoutes({ store }: AppDeps) {
  return new Hono()
    .get('/api/stories', validate('query', listQuery), async (c) => {
      return c.json({ stories: await store.listStories(c.req.valid('query')) });
    })
    .get('/api/stories/:id', async (c) => {
      const story = await store.getStory(c.req.param('id'));
      if (!story) throw new HttpError(404, 'not_found', `no story ${c.req.param('id')}`);
      const items = await store.listItems({ limit: 200, storyId: story.id });
      return c.json({ story, items });
    });
}
