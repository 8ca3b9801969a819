import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { HttpError } from '../http-error.js';
import { validate } from '../validate.js';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  sourceId: z.string().min(1).optional(),
  storyId: z.string().min(1).optional(),
});

export function itemRoutes({ store }: AppDeps) {
  return new Hono()
    .get('/api/items', validate('query', listQuery), async (c) => {
      return c.json({ items: await store.listItems(c.req.valid('query')) });
    })
    .get('/api/items/:id', async (c) => {
      const item = await store.getItem(c.req.param('id'));
      if (!item) throw new HttpError(404, 'not_found', `no item ${c.req.param('id')}`);
      return c.json({ item });
    });
}
