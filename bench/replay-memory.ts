// `tidewatch replay` as users run it (the built command, in its own process) on a stream of one
// million items written to a temporary file: items/s and the process's peak RSS, as the command's
// own summary reports them, with V8 left to size its heap and with its old generation capped
// (`node --max-old-space-size=N bin/tidewatch.js replay …`). Target: under 300 MB after one
// million items. V8 left alone grows its heap into whatever memory is free rather than collect
// sooner, so the uncapped figure says what V8 took, and the capped ones what the replay needs.
// `--items N` for another count, `--caps none,256,160` for other caps (MB). Needs `npm run build`.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../server/version.js';
import { ShiftedStreams } from './support/shifted-streams.js';
import { printMachine } from './support/machine.js';

printMachine();

const option = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const ITEMS = Number(option('--items') ?? 1_000_000);
const CAPS = (option('--caps') ?? 'none,160').split(',').map((cap) => (cap === 'none' ? null : Number(cap)));

const dir = mkdtempSync(join(tmpdir(), 'tidewatch-replay-memory-'));
try {
  const file = join(dir, 'stream.jsonl');
  const streams = new ShiftedStreams();
  const fd = openSync(file, 'w');
  const lines: string[] = [];
  for (let n = 0; n < ITEMS; n++) {
    lines.push(streams.line(n));
    if (lines.length === 10_000 || n === ITEMS - 1) writeSync(fd, `${lines.splice(0).join('\n')}\n`);
  }
  closeSync(fd);
  console.log(`replay memory: ${ITEMS} items (the shared dev streams, ${streams.roundLength} a round, shifted) through \`tidewatch replay\`, one process per run`);
  for (const cap of CAPS) {
    const flags = cap === null ? [] : [`--max-old-space-size=${cap}`];
    const run = spawnSync(process.execPath, [...flags, join(PROJECT_ROOT, 'bin', 'tidewatch.js'), 'replay', file, '--out', join(dir, 'out')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const summary = /^Replayed .*$/m.exec(run.stdout)?.[0];
    const heap = cap === null ? 'heap sized by V8' : `old generation capped at ${cap} MB`;
    if (run.status !== 0 || !summary) {
      console.log(`  ${heap.padEnd(34)} failed (exit ${run.status}): ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
      continue;
    }
    console.log(`  ${heap.padEnd(34)} ${summary}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
