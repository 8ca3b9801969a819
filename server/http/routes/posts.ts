import { createRoute, z } from '@hono/zod-openapi';
import { channelSchema, postStateSchema, type Principal } from '../../domain/index.js';
import type { Store } from '../../store/store.js';
import { authorize } from '../../workflow/policy.js';
import { cancelPost, overridePost, schedulePost, type PostResult } from '../../workflow/post-commands.js';
import { createWorkflowContext } from '../../workflow/workflow-context.js';
import { confirmPost, recordManualPost } from '../../workflow/post-outcome-commands.js';
import { cancelPostInput, confirmPostInput, overridePostInput, recordPostInput, schedulePostInput } from '../../workflow/workflow-inputs.js';
import { listPostScenes } from '../../workflow/workflow-queries.js';
import type { AppDeps } from '../app-deps.js';
import { principalOf } from '../http-env.js';
import { optionalJsonBody } from '../optional-body.js';
import { created, idParam, jsonBody, ok, routeGroup } from '../openapi.js';
import { presentOpportunity, presentPost } from '../workflow-presenters.js';

const listQuery = z.object({ state: postStateSchema.optional(), opportunityId: z.string().min(1).optional(), channel: channelSchema.optional() });
const cancelBody = cancelPostInput.omit({ postId: true }).strict();
const overrideBody = overridePostInput.omit({ postId: true }).strict();
const recordBody = recordPostInput.omit({ postId: true }).strict();
const confirmBody = confirmPostInput.omit({ postId: true }).strict();

async function presentResult(store: Store, principal: Principal, { post, opportunity }: PostResult) {
  const draft = await store.getRecord('draft', post.draftId);
  return { post: draft ? presentPost(principal, { post, draft, opportunity }) : post, opportunity: presentOpportunity(principal, opportunity) };
}

/** Posts: the schedule of social managers, and what they say about posts the scheduler could not finish. */
export function postRoutes({ store, clock }: AppDeps) {
  const ctx = createWorkflowContext(store, clock);
  return routeGroup()
    .openapi(
      createRoute({ method: 'get', path: '/api/posts', tags: ['posts'], summary: 'Posts, soonest first', request: { query: listQuery }, responses: ok('`{ posts }`, each with `about` and `allowed`') }),
      async (c) => {
        const principal = principalOf(c);
        authorize(principal, 'board.read');
        const scenes = await listPostScenes(store, c.req.valid('query'));
        return c.json({ posts: scenes.map((scene) => presentPost(principal, scene)) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/posts',
        tags: ['posts'],
        summary: "Schedule an approved draft's submitted version inside its window, or now (social); after the window only with an overrideReason; through accountId, the channel's only account, or by hand (null)",
        request: jsonBody(schedulePostInput),
        responses: created('`{ post, opportunity }`'),
      }),
      async (c) => {
        const principal = principalOf(c);
        return c.json(await presentResult(store, principal, await schedulePost(ctx, principal, c.req.valid('json'))), 201);
      },
    )
    .openapi(
      createRoute({ method: 'post', path: '/api/posts/{id}/cancel', tags: ['posts'], summary: 'Cancel a scheduled or held post (social)', request: { params: idParam, ...optionalJsonBody(cancelBody) }, responses: ok('`{ post, opportunity }`') }),
      async (c) => {
        const principal = principalOf(c);
        return c.json(await presentResult(store, principal, await cancelPost(ctx, principal, { ...c.req.valid('json'), postId: c.req.valid('param').id })), 200);
      },
    )
    .openapi(
      createRoute({ method: 'post', path: '/api/posts/{id}/override', tags: ['posts'], summary: 'Send a held post anyway, saying why (social)', request: { params: idParam, ...jsonBody(overrideBody) }, responses: ok('`{ post, opportunity }`') }),
      async (c) => {
        const principal = principalOf(c);
        return c.json(await presentResult(store, principal, await overridePost(ctx, principal, { ...c.req.valid('json'), postId: c.req.valid('param').id })), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/posts/{id}/record',
        tags: ['posts'],
        summary: 'Record where a post made by hand can be seen: it is published (social, W-PUB-7)',
        request: { params: idParam, ...jsonBody(recordBody) },
        responses: ok('`{ post, opportunity }`'),
      }),
      async (c) => {
        const principal = principalOf(c);
        return c.json(await presentResult(store, principal, await recordManualPost(ctx, principal, { ...c.req.valid('json'), postId: c.req.valid('param').id })), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/posts/{id}/confirm',
        tags: ['posts'],
        summary: 'Say whether a post whose send was cut off arrived: published, or failed (social, W-PUB-8)',
        request: { params: idParam, ...jsonBody(confirmBody) },
        responses: ok('`{ post, opportunity }`'),
      }),
      async (c) => {
        const principal = principalOf(c);
        return c.json(await presentResult(store, principal, await confirmPost(ctx, principal, { ...c.req.valid('json'), postId: c.req.valid('param').id })), 200);
      },
    );
}
