import { createRoute, z } from '@hono/zod-openapi';
import type { Principal } from '../../domain/index.js';
import type { SuggestedTimes } from '../../realtime/protocol.js';
import { createDraft, draftDiff, reviseDraft, submitDraft, type DraftResult } from '../../workflow/draft-commands.js';
import { authorize } from '../../workflow/policy.js';
import { createWorkflowContext } from '../../workflow/workflow-context.js';
import { createDraftInput, reviseDraftInput, submitDraftInput } from '../../workflow/workflow-inputs.js';
import { DEFAULT_POST_TIMING } from '../../workflow/post-suggestions.js';
import { draftFile, suggestedPostTimes } from '../../workflow/workflow-queries.js';
import type { AppDeps } from '../app-deps.js';
import { principalOf } from '../http-env.js';
import { optionalJsonBody } from '../optional-body.js';
import { created, idParam, jsonBody, ok, routeGroup } from '../openapi.js';
import { presentDraft, presentOpportunity, presentPost, presentReview } from '../workflow-presenters.js';

const createBody = createDraftInput.omit({ opportunityId: true }).strict();
const versionBody = reviseDraftInput.omit({ draftId: true }).strict();
const submitBody = submitDraftInput.omit({ draftId: true }).strict();
const diffQuery = z.object({ from: z.coerce.number().int().positive().optional(), to: z.coerce.number().int().positive().optional() });

/** What a draft command answers: the draft, its opportunity, and the reviews and held posts it touched. */
function presentResult(principal: Principal, { draft, opportunity, reviews, held }: DraftResult) {
  return {
    draft: presentDraft(principal, draft, opportunity),
    opportunity: presentOpportunity(principal, opportunity),
    reviews: reviews.map((review) => presentReview(principal, { review, draft, opportunity })),
    held: held.map((post) => presentPost(principal, { post, draft, opportunity })),
  };
}

/** Drafts: one per channel of an opportunity, in numbered versions. */
export function draftRoutes({ store, clock, postTiming = DEFAULT_POST_TIMING }: AppDeps) {
  const ctx = createWorkflowContext(store, clock);
  return routeGroup()
    .openapi(
      createRoute({ method: 'post', path: '/api/opportunities/{id}/drafts', tags: ['drafts'], summary: "Start a channel's draft with its first version (editor)", request: { params: idParam, ...jsonBody(createBody) }, responses: created('`{ draft, opportunity, reviews, held }`') }),
      async (c) => {
        const principal = principalOf(c);
        const result = await createDraft(ctx, principal, { ...c.req.valid('json'), opportunityId: c.req.valid('param').id });
        return c.json(presentResult(principal, result), 201);
      },
    )
    .openapi(
      createRoute({ method: 'get', path: '/api/drafts/{id}', tags: ['drafts'], summary: 'One draft with every version, its reviews and posts', request: { params: idParam }, responses: ok('`{ draft, opportunity, reviews, posts }`, each record with `allowed`') }),
      async (c) => {
        const principal = principalOf(c);
        authorize(principal, 'board.read');
        const { draft, opportunity, reviews, posts } = await draftFile(store, c.req.valid('param').id);
        return c.json(
          {
            draft: presentDraft(principal, draft, opportunity),
            opportunity: presentOpportunity(principal, opportunity),
            reviews: reviews.map((review) => presentReview(principal, { review, draft, opportunity })),
            posts: posts.map((post) => presentPost(principal, { post, draft, opportunity })),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({ method: 'post', path: '/api/drafts/{id}/versions', tags: ['drafts'], summary: 'Add a version; after submission it reopens the reviews (editor)', request: { params: idParam, ...jsonBody(versionBody) }, responses: created('`{ draft, opportunity, reviews, held }`') }),
      async (c) => {
        const principal = principalOf(c);
        const result = await reviseDraft(ctx, principal, { ...c.req.valid('json'), draftId: c.req.valid('param').id });
        return c.json(presentResult(principal, result), 201);
      },
    )
    .openapi(
      createRoute({ method: 'post', path: '/api/drafts/{id}/submit', tags: ['drafts'], summary: 'Submit a version (the latest unless named) for review (editor)', request: { params: idParam, ...optionalJsonBody(submitBody) }, responses: ok('`{ draft, opportunity, reviews, held }`') }),
      async (c) => {
        const principal = principalOf(c);
        const result = await submitDraft(ctx, principal, { ...c.req.valid('json'), draftId: c.req.valid('param').id });
        return c.json(presentResult(principal, result), 200);
      },
    )
    .openapi(
      createRoute({ method: 'get', path: '/api/drafts/{id}/diff', tags: ['drafts'], summary: 'Word diff between two versions (default: the latest and the one before)', request: { params: idParam, query: diffQuery }, responses: ok('`{ diff: { draftId, from, to, parts: [{ type: added|removed|same, text }] } }`') }),
      async (c) => {
        const diff = await draftDiff(ctx, principalOf(c), { ...c.req.valid('query'), draftId: c.req.valid('param').id });
        return c.json({ diff }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/drafts/{id}/suggested-times',
        tags: ['drafts'],
        summary: "A few times to post the draft inside its channel's window, outside the team's quiet hours and under the channel's posts-per-hour cap",
        request: { params: idParam },
        responses: ok("`{ suggestions: [{ at, channel, reason }] }`, soonest first, each reason in words (\"now: 1 h 40 min left on bluesky\"); empty when no time fits: the window closed, or what is left of it is quiet or full"),
      }),
      async (c) => {
        authorize(principalOf(c), 'board.read');
        const answer: SuggestedTimes = { suggestions: await suggestedPostTimes(store, c.req.valid('param').id, clock(), postTiming) };
        return c.json(answer, 200);
      },
    );
}
