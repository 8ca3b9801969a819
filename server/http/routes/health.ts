import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.js';
import type { TidewatchMetrics } from '../metrics.js';
import { STANDALONE_STATUS } from '../process-status.js';

/**
 * Public, like the board's files: a load balancer and a monitor ask without signing in. Both
 * answers are counts and states, nothing a member wrote; the database is named as store.info()
 * names it, without user or password.
 */
export function healthRoutes({ store, version, startedAt, status = STANDALONE_STATUS }: AppDeps, metrics: TidewatchMetrics) {
  return new Hono()
    .get('/health', async (c) => {
      const [items, lastSeq] = await Promise.all([store.countItems(), store.lastSeq()]);
      const heard = status.heardSeq();
      const detectorLag = status.detectorLagSeconds();
      return c.json({
        status: 'ok',
        version,
        role: status.role(),
        store: { ...store.info(), items, lastSeq },
        lag: {
          // Rounded to the second: finer would only show the time the answer took.
          detectorSeconds: detectorLag === null ? null : Math.round(detectorLag),
          // Events committed (by any process) that this process has not heard of yet.
          events: Math.max(0, lastSeq - heard),
          heardSeq: heard,
          emittedSeq: status.emittedSeq(),
        },
        websocketClients: status.websocketClients(),
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      });
    })
    .get('/metrics', async (c) => {
      const text = await metrics.registry.metrics();
      return c.body(text, 200, { 'content-type': metrics.registry.contentType });
    });
}
