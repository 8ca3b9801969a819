import { createRoute, z } from '@hono/zod-openapi';
import { reviewRoleSchema, reviewStateSchema } from '../../domain/index.js';
import { authorize } from '../../workflow/policy.js';
import { decideReview } from '../../workflow/review-commands.js';
import { createWorkflowContext } from '../../workflow/workflow-context.js';
import { decideReviewInput } from '../../workflow/workflow-inputs.js';
import { listReviewScenes } from '../../workflow/workflow-queries.js';
import type { AppDeps } from '../app-deps.js';
import { principalOf } from '../http-env.js';
import { idParam, jsonBody, ok, routeGroup } from '../openapi.js';
import { presentDraft, presentOpportunity, presentReview } from '../workflow-presenters.js';

const listQuery = z.object({
  state: reviewStateSchema.optional(),
  role: reviewRoleSchema.optional(),
  /** `true`: only reviews for one of the caller's roles. */
  mine: z.enum(['true', 'false']).optional(),
});

const decisionBody = decideReviewInput.omit({ reviewId: true }).strict();

/** Reviews: the inbox of legal and comms, and their decisions. */
export function reviewRoutes({ store, clock }: AppDeps) {
  const ctx = createWorkflowContext(store, clock);
  return routeGroup()
    .openapi(
      createRoute({ method: 'get', path: '/api/reviews', tags: ['reviews'], summary: 'Reviews, soonest due first', request: { query: listQuery }, responses: ok('`{ reviews }`, each with `about` and `allowed`') }),
      async (c) => {
        const principal = principalOf(c);
        authorize(principal, 'board.read');
        const { state, role, mine } = c.req.valid('query');
        const scenes = await listReviewScenes(store, { state, role, roles: mine === 'true' ? principal.roles : undefined });
        return c.json({ reviews: scenes.map((scene) => presentReview(principal, scene)) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/reviews/{id}/decision',
        tags: ['reviews'],
        summary: 'Approve, request changes or reject (a member of the review role who wrote no version of the draft); a comment is required unless approving',
        request: { params: idParam, ...jsonBody(decisionBody) },
        responses: ok('`{ review, draft, opportunity }`'),
      }),
      async (c) => {
        const principal = principalOf(c);
        const { review, draft, opportunity } = await decideReview(ctx, principal, { ...c.req.valid('json'), reviewId: c.req.valid('param').id });
        return c.json(
          {
            review: presentReview(principal, { review, draft, opportunity }),
            draft: presentDraft(principal, draft, opportunity),
            opportunity: presentOpportunity(principal, opportunity),
          },
          200,
        );
      },
    );
}
