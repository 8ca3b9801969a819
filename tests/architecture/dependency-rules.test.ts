import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/version.js';
import { checkDependencyRules, importsOf, projectSources } from './dependency-rules.js';

const check = (files: Record<string, string>) => checkDependencyRules(new Map(Object.entries(files)));

describe('dependency rules (DESIGN.md section 4)', () => {
  it('hold for every file of the project', () => {
    const files = projectSources(PROJECT_ROOT);
    expect(files.size).toBeGreaterThan(40);
    expect(checkDependencyRules(files)).toEqual([]);
  });

  it('reads static, re-exported, type-only and dynamic imports', () => {
    const edges = importsOf(
      'server/http/app.ts',
      [
        "import { a } from '../store/store.js';",
        "import type { B } from './b.js';",
        "export { c } from '../domain/index.js';",
        "export type { D } from './d.js';",
        "import {\n  e,\n  f,\n} from 'hono';",
        "const g = await import('../jobs/g.js');",
        "import './side-effect.js';",
      ].join('\n'),
    );
    expect(edges.map((e) => [e.to, e.typeOnly])).toEqual([
      ['server/store/store.ts', false],
      ['server/http/b.ts', true],
      ['server/domain/index.ts', false],
      ['server/http/d.ts', true],
      ['hono', false],
      ['server/jobs/g.ts', false],
      ['server/http/side-effect.ts', false],
    ]);
  });

  it.each([
    ['connectors reaching into the server', { 'connectors/rss/x.ts': "import { Item } from '../../server/domain/item.js';" }, /connectors\/ imports nothing from server/],
    ['the domain importing the store', { 'server/domain/x.ts': "import type { Store } from '../store/store.js';" }, /server\/domain imports nothing of ours/],
    ['the detector importing HTTP', { 'server/trends/x.ts': "import { createApp } from '../http/app.js';" }, /server\/trends imports only server\/domain/],
    ['the board importing server code at run time', { 'web/src/x.ts': "import { VERSION } from '../../server/version.js';" }, /web\/ imports only types/],
    ['the board importing protocol values, not types', { 'web/src/x.ts': "import { BoardHello } from '../../server/realtime/protocol.js';" }, /web\/ imports only types/],
    ['the board importing domain types other than the dashboard wire shape', { 'web/src/x.ts': "import type { Opportunity } from '../../server/domain/opportunity.js';" }, /web\/ imports only types/],
    ['a test importing the composition root', { 'tests/x.test.ts': "import { startTidewatch } from '../server/main.js';" }, /only server\/cli.ts starts/],
    ['the measurement importing the store adapter', { 'server/measurement/x.ts': "import { openLowdbStore } from '../store/lowdb-store.js';" }, /server\/measurement imports only server\/domain and server\/trends/],
    ['the measurement importing the workflow', { 'server/measurement/x.ts': "import { authorize } from '../workflow/policy.js';" }, /server\/measurement imports only/],
    ['a measurement file other than the loader importing the Store type', { 'server/measurement/x.ts': "import type { Store } from '../store/store.js';" }, /server\/measurement imports only/],
    ['the measurement loader importing the store at run time', { 'server/measurement/dashboard-load.ts': "import { Store } from '../store/store.js';" }, /server\/measurement imports only/],
    ['the measurement reading files', { 'server/measurement/x.ts': "import { readFileSync } from 'node:fs';" }, /server\/measurement does no I\/O/],
    ['anything importing the command line', { 'server/http/x.ts': "import '../cli.js';" }, /nothing imports the command line/],
  ])('catch %s', (_name, files, message) => {
    const violations = check(files);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(message);
  });

  it('allow what the rules allow', () => {
    expect(
      check({
        'web/src/api.ts': "import type { EventsPage } from '../../server/realtime/protocol.js';\nimport { io } from 'socket.io-client';",
        'web/src/dashboard-wire.ts': "export type { Dashboard } from '../../server/domain/dashboard.js';",
        'server/trends/x.ts': "import type { Story } from '../domain/index.js';\nimport { z } from 'zod';",
        'server/cli.ts': "import { startTidewatch } from './main.js';",
        'server/jobs/x.ts': "import { CONNECTORS } from '../../connectors/index.js';",
        'server/measurement/x.ts': "import type { Story } from '../domain/index.js';\nimport { textSentiment } from '../trends/risk-sentiment.js';\nimport { stringify } from 'csv-stringify/sync';",
        'server/measurement/dashboard-load.ts': "import type { Store } from '../store/store.js';\nimport { ItemTally } from './item-tally.js';",
      }),
    ).toEqual([]);
  });
});
