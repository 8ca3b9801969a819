import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The live board. Built from the project root with
 *   vite build --config web/vite.config.ts
 * into web/dist, which the Tidewatch server serves at `/`.
 *
 * For `vite` dev mode, set TIDEWATCH_URL to a running server (for example
 * http://127.0.0.1:8080) and the API and socket.io traffic is proxied to it.
 */
const root = fileURLToPath(new URL('.', import.meta.url));
const backend = process.env.TIDEWATCH_URL;

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  // Preact's automatic JSX runtime, as web/tsconfig.json declares it for the type checker.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: backend
    ? {
        proxy: {
          '/api': backend,
          '/health': backend,
          '/socket.io': { target: backend, ws: true },
        },
      }
    : {},
});
