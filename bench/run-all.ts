// `npm run bench`: runs each benchmark in its own process so their memory figures stay apart.
// Full parameters by default; `npm run bench -- --quick` gives each script its small ones (a
// check that everything runs, not figures to quote). `--only a,b` runs the named scripts.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { printMachine } from './support/machine.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' } } });
const quick = values.quick === true;

// Each entry: the script and its arguments, full and quick.
const RUNS: Array<{ script: string; full: string[]; quick: string[] }> = [
  { script: 'detector-replay.ts', full: [], quick: [] },
  { script: 'detector-speed.ts', full: [], quick: ['--items', '20000'] },
  { script: 'replay-memory.ts', full: [], quick: [] },
  { script: 'ingest.ts', full: [], quick: ['--quick'] },
  { script: 'ingest.ts', full: ['--store', 'postgres'], quick: ['--quick', '--store', 'postgres'] },
  { script: 'store-writes.ts', full: [], quick: [] },
  { script: 'workflow-commands.ts', full: [], quick: [] },
  { script: 'rss-parse.ts', full: [], quick: [] },
  { script: 'post-timing.ts', full: [], quick: [] },
  { script: 'story-latency.ts', full: [], quick: ['--quick'] },
  { script: 'story-latency.ts', full: ['--store', 'postgres'], quick: ['--quick', '--store', 'postgres'] },
  { script: 'fan-out.ts', full: [], quick: ['--quick'] },
  { script: 'http-reads.ts', full: [], quick: ['--quick'] },
  { script: 'board-latency.ts', full: [], quick: ['--quick'] },
  { script: 'multi-process.ts', full: [], quick: ['--items', '200', '--clients', '20'] },
];
// replay-memory runs the million-item command twice: no quick form, so it is left out of --quick.
const only = values.only?.split(',').map((name) => name.replace(/\.ts$/, ''));
const chosen = RUNS.filter((run) => (only ? only.includes(run.script.replace(/\.ts$/, '')) : !(quick && run.script === 'replay-memory.ts')));

printMachine();
for (const run of chosen) {
  const args = quick ? run.quick : run.full;
  console.log(`\n== bench/${run.script} ${args.join(' ')}`);
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', `bench/${run.script}`, ...args], { stdio: 'inherit' });
  console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}
