import { createRoute, z } from '@hono/zod-openapi';
import type { EventsPage } from '../../realtime/protocol.js';
import type { AppDeps } from '../app-deps.js';
import { ok, routeGroup } from '../openapi.js';

const sinceQuery = z.object({
  since: z.coerce.number().int().min(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

/** The resync door: a client that missed a sequence number asks what changed since N. */
export function eventRoutes({ store }: AppDeps) {
  return routeGroup().openapi(
    createRoute({ method: 'get', path: '/api/events', tags: ['events'], summary: 'Events after sequence number `since`, oldest first', request: { query: sinceQuery }, responses: ok('An EventsPage: `{ events, lastSeq, truncated }`') }),
    async (c) => {
      const { since, limit } = c.req.valid('query');
      const [{ events, truncated }, lastSeq] = await Promise.all([store.eventsSince(since, limit), store.lastSeq()]);
      const page: EventsPage = { events, lastSeq, truncated };
      return c.json(page, 200);
    },
  );
}
