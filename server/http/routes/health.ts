import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.js';

export function healthRoutes({ store, version, startedAt }: AppDeps) {
  return new Hono().get('/health', async (c) => {
    const [items, lastSeq] = await Promise.all([store.countItems(), store.lastSeq()]);
    return c.json({
      status: 'ok',
      version,
      store: { ...store.info(), items, lastSeq },
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    });
  });
}
