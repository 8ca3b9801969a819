import { Hono } from 'hono';
import { z } from 'zod';
import type { EventsPage } from '../../realtime/protocol.js';
import type { AppDeps } from '../app-deps.js';
import { validate } from '../validate.js';

const sinceQuery = z.object({
  since: z.coerce.number().int().min(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

/** The resync door: a client that missed a sequence number asks what changed since N. */
export function eventRoutes({ store }: AppDeps) {
  return new Hono().get('/api/events', validate('query', sinceQuery), async (c) => {
    const { since, limit } = c.req.valid('query');
    const [{ events, truncated }, lastSeq] = await Promise.all([store.eventsSince(since, limit), store.lastSeq()]);
    const page: EventsPage = { events, lastSeq, truncated };
    return c.json(page);
  });
}
