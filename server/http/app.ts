import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from './app-deps.js';
import { boardAssets } from './board-assets.js';
import { errorHandler, notFound } from './error-handler.js';
import type { HttpEnv } from './http-env.js';
import { serveOpenApiDocument } from './openapi.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { itemRoutes } from './routes/items.js';
import { sourceRoutes } from './routes/sources.js';
import { storyRoutes } from './routes/stories.js';

export type { AppDeps } from './app-deps.js';

/** The HTTP app, without a port: tests call `app.request()` directly. */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<HttpEnv>();
  app
    .route('/', healthRoutes(deps))
    .route('/', itemRoutes(deps))
    .route('/', storyRoutes(deps))
    .route('/', sourceRoutes(deps))
    .route('/', eventRoutes(deps));
  serveOpenApiDocument(app, deps.version);
  app.route('/', boardAssets(deps.webRoot));
  app.notFound(notFound);
  app.onError(errorHandler(deps.log));
  return app;
}
