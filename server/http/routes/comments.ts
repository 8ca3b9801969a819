import { createRoute } from '@hono/zod-openapi';
import type { CommentTarget } from '../../domain/index.js';
import { createComment } from '../../workflow/comment-commands.js';
import { authorize } from '../../workflow/policy.js';
import { createWorkflowContext } from '../../workflow/workflow-context.js';
import { createCommentInput } from '../../workflow/workflow-inputs.js';
import { listComments } from '../../workflow/workflow-queries.js';
import type { AppDeps } from '../app-deps.js';
import { principalOf } from '../http-env.js';
import { created, idParam, jsonBody, ok, routeGroup } from '../openapi.js';
import { presentComment, presentOpportunity } from '../workflow-presenters.js';

const commentBody = createCommentInput.pick({ text: true }).strict();

const PATHS: Record<CommentTarget['type'], string> = { opportunity: '/api/opportunities/{id}/comments', draft: '/api/drafts/{id}/comments' };

/** Comments on opportunities and drafts, with @mentions (any member). */
export function commentRoutes({ store, clock }: AppDeps) {
  const ctx = createWorkflowContext(store, clock);
  const group = routeGroup();
  for (const type of ['opportunity', 'draft'] as const) {
    group
      .openapi(
        createRoute({ method: 'get', path: PATHS[type], tags: ['comments'], summary: `Comments on one ${type}, oldest first`, request: { params: idParam }, responses: ok('`{ comments }`') }),
        async (c) => {
          authorize(principalOf(c), 'board.read');
          const comments = await listComments(store, { type, id: c.req.valid('param').id });
          return c.json({ comments: comments.map(presentComment) }, 200);
        },
      )
      .openapi(
        createRoute({ method: 'post', path: PATHS[type], tags: ['comments'], summary: `Comment on one ${type}; @name mentions a member (any member)`, request: { params: idParam, ...jsonBody(commentBody) }, responses: created('`{ comment, opportunity }`') }),
        async (c) => {
          const principal = principalOf(c);
          const { comment, opportunity } = await createComment(ctx, principal, { target: { type, id: c.req.valid('param').id }, text: c.req.valid('json').text });
          return c.json({ comment: presentComment(comment), opportunity: presentOpportunity(principal, opportunity) }, 201);
        },
      );
  }
  return group;
}
