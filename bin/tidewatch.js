#!/usr/bin/env node
// The installed command runs the compiled CLI; `npm run build` produces it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/server/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('tidewatch: not built yet. Run `npm run build` in the project folder, then try again.');
  process.exit(1);
}
await import(cli);
