import { createRoute, z } from '@hono/zod-openapi';
import { CONNECTORS } from '../../../connectors/index.js';
import { healthWithDefaults, publicSource, sourceIdSchema, type Source } from '../../domain/index.js';
import { createSource, removeSource, setSourcePaused, updateSource, type SourceRules } from '../../workflow/source-commands.js';
import { importOpml } from '../../workflow/source-import.js';
import { createWorkflowContext } from '../../workflow/workflow-context.js';
import { invalidField } from '../../workflow/workflow-errors.js';
import type { AppDeps } from '../app-deps.js';
import { principalOf } from '../http-env.js';
import { created, idParam, jsonBody, ok, routeGroup } from '../openapi.js';
import { requestSizeLimit } from '../request-size-limit.js';

const sourceBody = z.object({
  id: sourceIdSchema,
  name: z.string().min(1).max(200),
  kind: z.string().min(1),
  channel: z.string().optional(),
  options: z.record(z.string(), z.unknown()),
  schedule: z.string().min(1).max(100).optional(),
  enabled: z.boolean().optional(),
});

const sourcePatch = z
  .object({
    name: z.string().min(1).max(200).optional(),
    options: z.record(z.string(), z.unknown()).optional(),
    schedule: z.string().min(1).max(100).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

/** An OPML export of a few thousand feeds fits with room to spare. */
const MAX_OPML_BYTES = 2 * 1024 * 1024;
const OPML_TYPES = ['text/x-opml', 'application/xml', 'text/xml'] as const;

const importBody = {
  body: {
    content: {
      'application/json': { schema: z.object({ opml: z.string().min(1) }) },
      ...Object.fromEntries(OPML_TYPES.map((type) => [type, { schema: z.string() }])),
    },
    required: false,
  },
};

/** A source as the API shows it: no options or cursor, and health with every field (older records lack some). */
function presentSource(source: Source) {
  const shown = publicSource(source);
  return { ...shown, health: healthWithDefaults(shown.health) };
}

/** Sources and their health; every change is admin-only ('sources.manage'). */
export function sourceRoutes({ store, clock, allowPrivateFetch }: AppDeps) {
  const ctx = createWorkflowContext(store, clock);
  const rules: SourceRules = { connectors: CONNECTORS, allowPrivateAddresses: allowPrivateFetch ?? false };
  const shown = async (id: string) => presentSource((await store.getSource(id))!);
  return routeGroup()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/sources',
        tags: ['sources'],
        summary: 'Every source with its health: status, last success, last error, nextPollAt, itemsPerHour (no connector options)',
        responses: ok('`{ sources }`'),
      }),
      async (c) => {
        principalOf(c);
        const sources = await store.listSources();
        return c.json({ sources: sources.map(presentSource) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/sources',
        tags: ['sources'],
        summary: 'Add a source (admin). For kind `webhook` the answer carries its push token, shown this once',
        request: jsonBody(sourceBody),
        responses: created('`{ source }`, and `token` for a webhook source'),
      }),
      async (c) => {
        const { source, token } = await createSource(ctx, principalOf(c), c.req.valid('json'), rules);
        return c.json({ source: await shown(source.id), ...(token === undefined ? {} : { token }) }, 201);
      },
    )
    .openapi(
      createRoute({ method: 'patch', path: '/api/sources/{id}', tags: ['sources'], summary: "Change a source's name, options, schedule or enabled (admin)", request: { params: idParam, ...jsonBody(sourcePatch) }, responses: ok('`{ source }`') }),
      async (c) => {
        const source = await updateSource(ctx, principalOf(c), c.req.valid('param').id, c.req.valid('json'), rules);
        return c.json({ source: await shown(source.id) }, 200);
      },
    )
    .openapi(
      createRoute({ method: 'delete', path: '/api/sources/{id}', tags: ['sources'], summary: 'Remove a source (admin); its items stay', request: { params: idParam }, responses: ok('`{ source }`: the source as it was') }),
      async (c) => c.json({ source: await removeSource(ctx, principalOf(c), c.req.valid('param').id) }, 200),
    )
    .openapi(
      createRoute({ method: 'post', path: '/api/sources/{id}/pause', tags: ['sources'], summary: 'Stop polling a source (admin)', request: { params: idParam }, responses: ok('`{ source }`') }),
      async (c) => {
        const source = await setSourcePaused(ctx, principalOf(c), c.req.valid('param').id, true, rules);
        return c.json({ source: await shown(source.id) }, 200);
      },
    )
    .openapi(
      createRoute({ method: 'post', path: '/api/sources/{id}/resume', tags: ['sources'], summary: 'Poll a paused source again (admin)', request: { params: idParam }, responses: ok('`{ source }`') }),
      async (c) => {
        const source = await setSourcePaused(ctx, principalOf(c), c.req.valid('param').id, false, rules);
        return c.json({ source: await shown(source.id) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/sources/import',
        tags: ['sources'],
        summary: 'Import an OPML subscription list (admin): one rss source per outline with an xmlUrl. Send the file as text/x-opml, or JSON `{ opml }`',
        middleware: [requestSizeLimit(MAX_OPML_BYTES, 'split the OPML file and import it in parts')],
        request: importBody,
        responses: ok('`{ added: [{ id, name, url }], skipped: [{ title, url, reason }] }`; 413 when the file is over 2 MB'),
      }),
      async (c) => {
        const principal = principalOf(c);
        const json = c.req.valid('json') as { opml?: string };
        const opml = json.opml ?? (await c.req.text());
        if (opml.trim() === '') throw invalidField('opml', 'send the OPML file as the body (Content-Type: text/x-opml), or JSON { "opml": "<opml ...>" }');
        return c.json(await importOpml(ctx, principal, opml, rules), 200);
      },
    );
}
