import { createRoute } from '@hono/zod-openapi';
import { createBeat, updateBeat } from '../../workflow/beat-commands.js';
import { authorize } from '../../workflow/policy.js';
import { createWorkflowContext } from '../../workflow/workflow-context.js';
import { createBeatInput, updateBeatInput } from '../../workflow/workflow-inputs.js';
import type { AppDeps } from '../app-deps.js';
import { principalOf } from '../http-env.js';
import { created, idParam, jsonBody, ok, routeGroup } from '../openapi.js';
import { presentBeat } from '../workflow-presenters.js';

const beatPatch = updateBeatInput.omit({ beatId: true }).strict();

/** Beats: what the team cares about (editors and admins change them; everyone reads them). */
export function beatRoutes({ store, clock }: AppDeps) {
  const ctx = createWorkflowContext(store, clock);
  return routeGroup()
    .openapi(
      createRoute({ method: 'get', path: '/api/beats', tags: ['beats'], summary: 'Every beat', responses: ok('`{ beats }`, each with `allowed`') }),
      async (c) => {
        const principal = principalOf(c);
        authorize(principal, 'board.read');
        const beats = await store.listRecords('beat');
        return c.json({ beats: beats.map((beat) => presentBeat(principal, beat)) }, 200);
      },
    )
    .openapi(
      createRoute({ method: 'post', path: '/api/beats', tags: ['beats'], summary: 'Add a beat (editor, admin)', request: jsonBody(createBeatInput), responses: created('`{ beat }`') }),
      async (c) => {
        const principal = principalOf(c);
        const beat = await createBeat(ctx, principal, c.req.valid('json'));
        return c.json({ beat: presentBeat(principal, beat) }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/beats/{id}',
        tags: ['beats'],
        summary: "Change a beat's name, query, languages, regions or whether legal must review (editor, admin)",
        request: { params: idParam, ...jsonBody(beatPatch) },
        responses: ok('`{ beat }`'),
      }),
      async (c) => {
        const principal = principalOf(c);
        const beat = await updateBeat(ctx, principal, { ...c.req.valid('json'), beatId: c.req.valid('param').id });
        return c.json({ beat: presentBeat(principal, beat) }, 200);
      },
    );
}
