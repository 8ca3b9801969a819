import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The project root: this file runs from server/ under tsx and from dist/server/ once built, so
 * the root is found rather than assumed.
 */
export const PROJECT_ROOT: string = ['../', '../../']
  .map((up) => fileURLToPath(new URL(up, import.meta.url)))
  .find((dir) => existsSync(`${dir}package.json`) && existsSync(`${dir}server`))!;

/** The version in package.json: one number for --version, /health and the board. */
export const VERSION: string = (JSON.parse(readFileSync(`${PROJECT_ROOT}package.json`, 'utf8')) as { version: string }).version;
