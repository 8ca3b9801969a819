import { createRoute, z } from '@hono/zod-openapi';
import { channelSchema, DASHBOARD_CHARTS, type DashboardChart, type DashboardQuery } from '../../domain/index.js';
import { chartCsv, chartFileName } from '../../measurement/dashboard-csv.js';
import { loadDashboard } from '../../measurement/dashboard-load.js';
import { dashboardQuery, DashboardQueryError } from '../../measurement/dashboard-query.js';
import type { Store } from '../../store/store.js';
import { authorize } from '../../workflow/policy.js';
import type { AppDeps } from '../app-deps.js';
import { DashboardCache } from '../dashboard-cache.js';
import { principalOf } from '../http-env.js';
import { HttpError } from '../http-error.js';
import { ok, routeGroup } from '../openapi.js';

const dashboardParams = z.object({
  from: z.string().max(40).optional().openapi({ description: 'Start of the period, inclusive: YYYY-MM-DD (00:00 UTC) or an ISO date and time; default seven days before `to`' }),
  to: z.string().max(40).optional().openapi({ description: 'End of the period, exclusive; default now. At most 366 days after `from`' }),
  beatId: z.string().min(1).max(200).optional(),
  channel: channelSchema.optional(),
});

const chartParam = z.object({ file: z.string().min(1).max(100).openapi({ param: { name: 'file', in: 'path' }, example: 'reaction-speed.csv' }) });

const invalid = (field: string, message: string) => new HttpError(400, 'invalid_request', `invalid query: ${field}: ${message}`, { fields: [{ field, message }] });

/** The query checked as the measurement defines it, and the beat known: a 400 naming the field otherwise. */
async function checkedQuery(store: Store, raw: z.infer<typeof dashboardParams>, now: Date): Promise<DashboardQuery> {
  let query: DashboardQuery;
  try {
    query = dashboardQuery(raw, now);
  } catch (error) {
    if (error instanceof DashboardQueryError) throw invalid(error.field, error.message.slice(error.field.length + 2));
    throw error;
  }
  if (query.beatId !== null && !(await store.getRecord('beat', query.beatId))) throw invalid('beatId', `no beat ${query.beatId}`);
  return query;
}

function chartOf(file: string): DashboardChart {
  const name = file.endsWith('.csv') ? file.slice(0, -'.csv'.length) : null;
  const chart = DASHBOARD_CHARTS.find((c) => c === name);
  if (!chart) throw invalid('chart', `"${file}" is not a chart's CSV; ask for one of ${DASHBOARD_CHARTS.map((c) => `${c}.csv`).join(', ')}`);
  return chart;
}

/** The newsroom dashboard's figures (docs/measurement.md), as JSON or one chart's CSV. */
export function dashboardRoutes({ store, clock }: AppDeps) {
  const cache = new DashboardCache(() => clock().getTime());
  const dashboardFor = async (raw: z.infer<typeof dashboardParams>) => {
    const now = clock();
    const query = await checkedQuery(store, raw, now);
    // Any write moves the log's sequence: figures are shared only while nothing changed.
    const key = JSON.stringify([raw.from, raw.to, raw.beatId, raw.channel, await store.lastSeq()]);
    return cache.get(key, () => loadDashboard(store, query, now));
  };
  return routeGroup()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/dashboard',
        tags: ['dashboard'],
        summary: "The newsroom dashboard's figures for a period",
        request: { query: dashboardParams },
        responses: ok('The `Dashboard` (server/domain/dashboard.ts): reaction speed, caught vs missed, reputation, when and where, prediction record'),
      }),
      async (c) => {
        authorize(principalOf(c), 'dashboard.read');
        return c.json(await dashboardFor(c.req.valid('query')), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/dashboard/{file}',
        tags: ['dashboard'],
        summary: "One dashboard chart's data as CSV (`<chart>.csv`)",
        request: { params: chartParam, query: dashboardParams },
        responses: ok(`text/csv with a header row; charts: ${DASHBOARD_CHARTS.join(', ')}`),
      }),
      async (c) => {
        authorize(principalOf(c), 'dashboard.read');
        const chart = chartOf(c.req.valid('param').file);
        const dashboard = await dashboardFor(c.req.valid('query'));
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', `attachment; filename="${chartFileName(dashboard, chart)}"`);
        return c.body(chartCsv(dashboard, chart), 200);
      },
    );
}
