import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** One import found in a file: where it points (a project path, or a package name) and how. */
export interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}

const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Finds the imports of a TypeScript file; relative ones are resolved to project paths. */
export function importsOf(file: string, source: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const match of source.matchAll(IMPORT)) {
    const specifier = match[3] ?? match[4]!;
    const typeOnly = Boolean(match[2]);
    const to = specifier.startsWith('.') ? normalize(join(dirname(file), specifier)).replace(/\.js$/, '.ts') : specifier;
    edges.push({ from: file, to, typeOnly });
  }
  return edges;
}

const under = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/** The wire protocol's types: the board's sockets and events, and the dashboard's figures (GET /api/dashboard). */
const WIRE_TYPES = ['server/realtime/protocol.ts', 'server/domain/dashboard.ts'];

/** The one file of server/measurement that reads the store (through the Store port's type). */
const MEASUREMENT_LOADER = 'server/measurement/dashboard-load.ts';

/** The rules of DESIGN.md section 4; each returns a sentence when an edge breaks it. */
const RULES: Array<(edge: ImportEdge) => string | null> = [
  ({ from, to }) =>
    under(from, 'connectors') && (under(to, 'server') || under(to, 'web')) ? `${from} imports ${to}: connectors/ imports nothing from server/ or web/` : null,
  ({ from, to }) =>
    under(from, 'server/domain') && isProjectPath(to) && !under(to, 'server/domain') ? `${from} imports ${to}: server/domain imports nothing of ours` : null,
  ({ from, to }) =>
    under(from, 'server/trends') && isProjectPath(to) && !under(to, 'server/trends') && !under(to, 'server/domain')
      ? `${from} imports ${to}: server/trends imports only server/domain`
      : null,
  // The dashboard's figures are pure functions of records; only the loader reads the store, through the port's type.
  ({ from, to, typeOnly }) =>
    under(from, 'server/measurement') &&
    isProjectPath(to) &&
    !under(to, 'server/measurement') &&
    !under(to, 'server/domain') &&
    !under(to, 'server/trends') &&
    !(typeOnly && to === 'server/store/store.ts' && from === MEASUREMENT_LOADER)
      ? `${from} imports ${to}: server/measurement imports only server/domain and server/trends (and ${MEASUREMENT_LOADER} the Store type)`
      : null,
  ({ from, to }) =>
    under(from, 'server/measurement') && /^(node:)?(fs|fs\/promises|net|http|https|child_process|worker_threads)$/.test(to)
      ? `${from} imports ${to}: server/measurement does no I/O`
      : null,
  ({ from, to, typeOnly }) =>
    under(from, 'web') && isProjectPath(to) && !under(to, 'web') && !(typeOnly && WIRE_TYPES.includes(to))
      ? `${from} imports ${to}: web/ imports only types of the wire protocol (import type from ${WIRE_TYPES.join(' or ')})`
      : null,
  // The command line starts the composition root; nothing else may import either.
  ({ from, to }) => (to === 'server/cli.ts' ? `${from} imports server/cli.ts: nothing imports the command line` : null),
  ({ from, to }) => (to === 'server/main.ts' && from !== 'server/cli.ts' ? `${from} imports server/main.ts: only server/cli.ts starts the composition root` : null),
];

function isProjectPath(to: string): boolean {
  return /^(server|connectors|web|tests|bench|types)\//.test(to) || to.startsWith('..');
}

export function checkDependencyRules(files: ReadonlyMap<string, string>): string[] {
  const violations: string[] = [];
  for (const [file, source] of files) {
    for (const edge of importsOf(file, source)) {
      for (const rule of RULES) {
        const violation = rule(edge);
        if (violation) violations.push(violation);
      }
    }
  }
  return violations;
}

/** Every .ts file of the project's code folders, by project-relative path. */
export function projectSources(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) files.set(relative(root, path), readFileSync(path, 'utf8'));
    }
  };
  for (const folder of ['server', 'connectors', 'web', 'tests', 'bench']) {
    try {
      walk(join(root, folder));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return files;
}
