import { createRoute, z } from '@hono/zod-openapi';
import { channelSchema } from '../../domain/index.js';
import { eraseAuthor } from '../../workflow/erasure-commands.js';
import { authorize } from '../../workflow/policy.js';
import { createWorkflowContext } from '../../workflow/workflow-context.js';
import type { AppDeps } from '../app-deps.js';
import { principalOf } from '../http-env.js';
import { created, jsonBody, routeGroup } from '../openapi.js';

const erasureBody = z.object({
  author: z.string().trim().min(1).max(300),
  channel: channelSchema,
});

/** Erasure on request (issue 9): admins remove an author's items everywhere. */
export function erasureRoutes({ store, clock }: AppDeps) {
  const ctx = createWorkflowContext(store, clock);
  return routeGroup().openapi(
    createRoute({
      method: 'post',
      path: '/api/erasures',
      tags: ['erasures'],
      summary: "Erase an author's items on one channel (admin): deleted, redacted in the event log, labels copied from them replaced",
      request: jsonBody(erasureBody),
      responses: created('`{ erasure: { erasureId, channel, itemsDeleted, eventsRedacted, labelsReplaced, items, stories, opportunities, seq } }`'),
    }),
    async (c) => {
      const principal = principalOf(c);
      authorize(principal, 'items.erase');
      const erasure = await eraseAuthor(ctx, principal, c.req.valid('json'));
      return c.json({ erasure }, 201);
    },
  );
}
