import { Hono } from 'hono';
import { publicSource } from '../../domain/index.js';
import type { AppDeps } from '../app-deps.js';

export function sourceRoutes({ store }: AppDeps) {
  return new Hono().get('/api/sources', async (c) => {
    const sources = await store.listSources();
    return c.json({ sources: sources.map(publicSource) });
  });
}
