// `npm run bench`: runs each benchmark in its own process so their memory figures stay apart.
import { spawnSync } from 'node:child_process';

for (const script of ['bench/detector-replay.ts', 'bench/detector-speed.ts', 'bench/replay-memory.ts', 'bench/store-writes.ts', 'bench/workflow-commands.ts', 'bench/rss-parse.ts', 'bench/post-timing.ts', 'bench/board-latency.ts', 'bench/multi-process.ts']) {
  console.log(`== ${script}`);
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
