import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

/** Serves the Vite-built board, or a page that says how to build it. */
export function boardAssets(webRoot: string | null) {
  const app = new Hono();
  if (!webRoot || !existsSync(join(webRoot, 'index.html'))) {
    return app.get('/', (c) =>
      c.text('The board has not been built. Run `npm run build` (or `npm start`), then reload this page.', 503),
    );
  }
  const root = relative(process.cwd(), webRoot) || '.';
  const index = join(webRoot, 'index.html');
  return app
    .use('/assets/*', serveStatic({ root }))
    .get('/', async (c) => c.html(await readFile(index, 'utf8')))
    .get('/favicon.svg', serveStatic({ root }));
}
