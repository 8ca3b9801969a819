import { createRoute, z } from '@hono/zod-openapi';
import { channelSchema, opportunityStateSchema } from '../../domain/index.js';
import {
  assignOpportunity,
  claimOpportunity,
  dismissOpportunity,
  pitchOpportunity,
  unwatchOpportunity,
  watchOpportunity,
} from '../../workflow/opportunity-commands.js';
import { authorize } from '../../workflow/policy.js';
import { createWorkflowContext } from '../../workflow/workflow-context.js';
import { assignInput, dismissInput, opportunityRef, pitchInput } from '../../workflow/workflow-inputs.js';
import { listOpportunities, opportunityFile } from '../../workflow/workflow-queries.js';
import type { AppDeps } from '../app-deps.js';
import { principalOf } from '../http-env.js';
import { optionalJsonBody } from '../optional-body.js';
import { created, idParam, jsonBody, ok, routeGroup } from '../openapi.js';
import { presentOpportunity, presentOpportunityFile } from '../workflow-presenters.js';

/** Ids one `GET /api/opportunities?ids=` may ask for. */
const MAX_IDS = 200;
const idsOf = (text: string) => text.split(',').map((id) => id.trim());

const listQuery = z.object({
  state: opportunityStateSchema.optional(),
  beat: z.string().min(1).optional(),
  channel: channelSchema.optional(),
  /** A member id, or `me`. */
  holder: z.string().min(1).optional(),
  /** `true` (any risk flag), `false` (none) or one flag. */
  risk: z.string().min(1).max(60).optional(),
  /** Comma-separated ids, at most MAX_IDS: the board refreshing the `allowed` of the cards an event touched. */
  ids: z
    .string()
    // Each id at most 200 characters and its comma.
    .max(MAX_IDS * 201)
    .refine((text) => idsOf(text).length <= MAX_IDS, `at most ${MAX_IDS} ids; ask in parts`)
    .refine((text) => idsOf(text).every((id) => id.length >= 1 && id.length <= 200), 'comma-separated ids of 1 to 200 characters each, e.g. opp_a,opp_b')
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

const revBody = opportunityRef.omit({ opportunityId: true }).strict();
const assignBody = assignInput.omit({ opportunityId: true }).strict();
const dismissBody = dismissInput.omit({ opportunityId: true }).strict();

/** Opportunities: the board's units of work, and the commands that move them. */
export function opportunityRoutes({ store, clock }: AppDeps) {
  const ctx = createWorkflowContext(store, clock);
  /** The commands whose body is only an optional `rev`. */
  const revCommand = (verb: string, summary: string) =>
    createRoute({ method: 'post', path: `/api/opportunities/{id}/${verb}`, tags: ['opportunities'], summary, request: { params: idParam, ...optionalJsonBody(revBody) }, responses: ok('`{ opportunity }`') });
  return routeGroup()
    .openapi(
      createRoute({ method: 'get', path: '/api/opportunities', tags: ['opportunities'], summary: 'Opportunities, soonest deadline first; `ids=a,b,c` (at most 200) for just those', request: { query: listQuery }, responses: ok('`{ opportunities }`, each with `allowed`; with `ids`, only those of them that exist (and match the other filters)') }),
      async (c) => {
        const principal = principalOf(c);
        authorize(principal, 'board.read');
        const { state, beat, channel, holder, risk, ids, limit } = c.req.valid('query');
        const opportunities = await listOpportunities(store, {
          state,
          beatId: beat,
          channel,
          holderId: holder === 'me' ? principal.id : holder,
          risk,
          ids: ids === undefined ? undefined : idsOf(ids),
          limit,
        });
        return c.json({ opportunities: opportunities.map((o) => presentOpportunity(principal, o)) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/opportunities/{id}',
        tags: ['opportunities'],
        summary: "One opportunity with its drafts, reviews, posts and comments, each channel's window and the value curve",
        request: { params: idParam },
        responses: ok(
          "`{ opportunity, windows, valueCurve, drafts, reviews, posts, comments }`, each record with `allowed`. `windows`: `[{ channel, opensAt, closesAt }]`, one per channel, never past the deadline. `valueCurve`: `[{ label, at, value }]` for now, in 30 min and in 2 h: what a reaction shipped then is worth (1 at the window's opening, 0.25 at its last minute, 0 once closed)",
        ),
      }),
      async (c) => {
        const principal = principalOf(c);
        authorize(principal, 'board.read');
        return c.json(presentOpportunityFile(principal, await opportunityFile(store, c.req.valid('param').id), clock()), 200);
      },
    )
    .openapi(
      createRoute({ method: 'post', path: '/api/opportunities', tags: ['opportunities'], summary: 'Pitch an opportunity by hand (editor)', request: jsonBody(pitchInput), responses: created('`{ opportunity }`') }),
      async (c) => {
        const principal = principalOf(c);
        const opportunity = await pitchOpportunity(ctx, principal, c.req.valid('json'));
        return c.json({ opportunity: presentOpportunity(principal, opportunity) }, 201);
      },
    )
    .openapi(revCommand('claim', 'Claim a new opportunity and hold it (editor)'), async (c) => {
      const principal = principalOf(c);
      const opportunity = await claimOpportunity(ctx, principal, { ...c.req.valid('json'), opportunityId: c.req.valid('param').id });
      return c.json({ opportunity: presentOpportunity(principal, opportunity) }, 200);
    })
    .openapi(
      createRoute({ method: 'post', path: '/api/opportunities/{id}/assign', tags: ['opportunities'], summary: 'Hand an opportunity to an editor (editor, admin)', request: { params: idParam, ...jsonBody(assignBody) }, responses: ok('`{ opportunity }`') }),
      async (c) => {
        const principal = principalOf(c);
        const opportunity = await assignOpportunity(ctx, principal, { ...c.req.valid('json'), opportunityId: c.req.valid('param').id });
        return c.json({ opportunity: presentOpportunity(principal, opportunity) }, 200);
      },
    )
    .openapi(
      createRoute({ method: 'post', path: '/api/opportunities/{id}/dismiss', tags: ['opportunities'], summary: 'Dismiss an opportunity, saying why (editor, admin)', request: { params: idParam, ...jsonBody(dismissBody) }, responses: ok('`{ opportunity }`') }),
      async (c) => {
        const principal = principalOf(c);
        const opportunity = await dismissOpportunity(ctx, principal, { ...c.req.valid('json'), opportunityId: c.req.valid('param').id });
        return c.json({ opportunity: presentOpportunity(principal, opportunity) }, 200);
      },
    )
    .openapi(revCommand('watch', 'Watch an opportunity (any member)'), async (c) => {
      const principal = principalOf(c);
      const opportunity = await watchOpportunity(ctx, principal, { ...c.req.valid('json'), opportunityId: c.req.valid('param').id });
      return c.json({ opportunity: presentOpportunity(principal, opportunity) }, 200);
    })
    .openapi(revCommand('unwatch', 'Stop watching an opportunity (any member)'), async (c) => {
      const principal = principalOf(c);
      const opportunity = await unwatchOpportunity(ctx, principal, { ...c.req.valid('json'), opportunityId: c.req.valid('param').id });
      return c.json({ opportunity: presentOpportunity(principal, opportunity) }, 200);
    });
}
