import { OpenAPIHono } from '@hono/zod-openapi';
import { createWorkflowContext } from '../workflow/workflow-context.js';
import type { AppDeps } from './app-deps.js';
import { authenticate } from './auth/authenticate.js';
import { csrfProtection } from './auth/csrf-protection.js';
import { requireSignIn } from './auth/require-sign-in.js';
import { createSignInLimiter } from './auth/sign-in-limiter.js';
import { boardAssets } from './board-assets.js';
import { errorHandler, notFound } from './error-handler.js';
import { createMetrics } from './metrics.js';
import type { HttpEnv } from './http-env.js';
import { serveOpenApiDocument } from './openapi.js';
import { STANDALONE_STATUS } from './process-status.js';
import { accountRoutes } from './routes/accounts.js';
import { auditRoutes } from './routes/audit.js';
import { erasureRoutes } from './routes/erasures.js';
import { beatRoutes } from './routes/beats.js';
import { channelRoutes } from './routes/channels.js';
import { commentRoutes } from './routes/comments.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { draftRoutes } from './routes/drafts.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { ingestRoutes } from './routes/ingest.js';
import { itemRoutes } from './routes/items.js';
import { linkPreviewRoutes } from './routes/link-preview.js';
import { memberRoutes } from './routes/members.js';
import { opportunityRoutes } from './routes/opportunities.js';
import { postRoutes } from './routes/posts.js';
import { reviewRoutes } from './routes/reviews.js';
import { sessionRoutes } from './routes/session.js';
import { sourceRoutes } from './routes/sources.js';
import { storyRoutes } from './routes/stories.js';
import { tokenRoutes } from './routes/tokens.js';

export type { AppDeps } from './app-deps.js';

/** The HTTP app, without a port: tests call `app.request()` directly. */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<HttpEnv>();
  // Who is asking, then whether the write came from the board, then whether they may ask at all.
  // /health, /metrics and the board's files stay public: they are outside /api.
  app.use('/api/*', authenticate(createWorkflowContext(deps.store, deps.clock)), csrfProtection(), requireSignIn());
  app
    .route('/', sessionRoutes(deps, deps.signInLimiter ?? createSignInLimiter()))
    .route('/', memberRoutes(deps))
    .route('/', tokenRoutes(deps))
    .route('/', healthRoutes(deps, deps.metrics ?? createMetrics(deps.store, deps.status ?? STANDALONE_STATUS)))
    .route('/', itemRoutes(deps))
    .route('/', storyRoutes(deps))
    .route('/', sourceRoutes(deps))
    .route('/', ingestRoutes(deps))
    .route('/', eventRoutes(deps))
    .route('/', beatRoutes(deps))
    .route('/', channelRoutes())
    .route('/', opportunityRoutes(deps))
    .route('/', draftRoutes(deps))
    .route('/', reviewRoutes(deps))
    .route('/', postRoutes(deps))
    .route('/', accountRoutes(deps))
    .route('/', commentRoutes(deps))
    .route('/', linkPreviewRoutes(deps))
    .route('/', dashboardRoutes(deps))
    .route('/', auditRoutes(deps))
    .route('/', erasureRoutes(deps));
  serveOpenApiDocument(app, deps.version);
  app.route('/', boardAssets(deps.webRoot));
  app.notFound(notFound);
  app.onError(errorHandler(deps.log));
  return app;
}
