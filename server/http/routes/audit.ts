import { createRoute, z } from '@hono/zod-openapi';
import { authorize } from '../../workflow/policy.js';
import { opportunityTrail, trailCsv, verifyEventLog } from '../../workflow/audit-trail.js';
import { notFound } from '../../workflow/workflow-errors.js';
import type { AppDeps } from '../app-deps.js';
import { principalOf } from '../http-env.js';
import { idParam, ok, routeGroup } from '../openapi.js';

const formatQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });

/** The audit trail for legal: one opportunity's events, as JSON or CSV, with their hashes. */
export function auditRoutes({ store }: AppDeps) {
  return routeGroup()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/opportunities/{id}/audit',
        tags: ['audit'],
        summary: "Export one opportunity's audit trail (legal, admin)",
        request: { params: idParam, query: formatQuery },
        responses: ok('JSON `{ opportunityId, events, chain }`, or CSV with one row per event'),
      }),
      async (c) => {
        authorize(principalOf(c), 'audit.export');
        const { id } = c.req.valid('param');
        const { format } = c.req.valid('query');
        if (!(await store.getRecord('opportunity', id))) throw notFound('opportunity', id);
        const trail = await opportunityTrail(store, id);
        if (format === 'csv') {
          c.header('Content-Type', 'text/csv; charset=utf-8');
          c.header('Content-Disposition', `attachment; filename="opportunity-${id}-audit.csv"`);
          return c.body(trailCsv(trail), 200);
        }
        return c.json({ opportunityId: id, events: trail }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/audit/verify',
        tags: ['audit'],
        summary: 'Check the hash chain of the whole event log (legal, admin)',
        responses: ok('`{ intact, checked, lastSeq, head, breaks }`'),
      }),
      async (c) => {
        authorize(principalOf(c), 'audit.export');
        const report = await verifyEventLog(store);
        return c.json({ intact: report.breaks.length === 0, ...report }, 200);
      },
    );
}
