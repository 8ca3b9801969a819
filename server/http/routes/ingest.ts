import { createRoute, z } from '@hono/zod-openapi';
import { ingestPushedItems, MAX_PUSHED_ITEMS } from '../../workflow/webhook-ingest.js';
import { createWorkflowContext } from '../../workflow/workflow-context.js';
import type { AppDeps } from '../app-deps.js';
import { bearerTokenOf } from '../auth/authenticate.js';
import { HttpError } from '../http-error.js';
import { ok, routeGroup } from '../openapi.js';
import { requestSizeLimit } from '../request-size-limit.js';

/** Room for a full batch of ordinary items; a bigger push is split by the sender. */
export const MAX_INGEST_BYTES = 1024 * 1024;

const sourceParam = z.object({ sourceId: z.string().min(1).max(200).openapi({ param: { name: 'sourceId', in: 'path' } }) });

/**
 * The webhook door: a system outside Tidewatch pushes items to a webhook source. It proves itself
 * with that source's token, not a member's session or API token, so this route is open in
 * require-sign-in and judges the bearer token itself.
 */
export function ingestRoutes({ store, clock, onItems }: AppDeps) {
  const ctx = createWorkflowContext(store, clock);
  return routeGroup().openapi(
    createRoute({
      method: 'post',
      path: '/api/ingest/{sourceId}',
      tags: ['ingest'],
      summary: `Push items to a webhook source with its token (Authorization: Bearer <source token>): one item or { items: [...] } (at most ${MAX_PUSHED_ITEMS}, ${MAX_INGEST_BYTES} bytes)`,
      description: 'Each item: externalId, text, and optionally title, url, author, publishedAt (ISO 8601), language, engagement. An item pushed again is not a new item.',
      security: [{ token: [] }],
      middleware: [requestSizeLimit(MAX_INGEST_BYTES, `send at most ${MAX_PUSHED_ITEMS} items, or fewer per request`)],
      request: { params: sourceParam },
      responses: ok('`{ received, inserted, duplicates }`: how many items came, how many were new'),
    }),
    async (c) => {
      const { sourceId } = c.req.valid('param');
      const bearer = bearerTokenOf(c.req.header('authorization'));
      const result = await ingestPushedItems(ctx, sourceId, bearer, await jsonOf(c.req.raw), onItems ?? (() => undefined));
      return c.json(result, 200);
    },
  );
}

/** The JSON body, or a 400 that says what is wrong with it. */
async function jsonOf(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/([a-z.+-]+\+)?json/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', `send the items as JSON (Content-Type: application/json), not ${type || 'an untyped body'}`);
  }
  const text = await request.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, 'invalid_request', `the body is not valid JSON: ${(error as Error).message}`, { fields: [{ field: 'body', message: 'not valid JSON' }] });
  }
}
