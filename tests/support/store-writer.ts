// A child process for the crash test: writes items through the store as fast as it can and
// prints each id once the store has acknowledged it. The parent kills it with SIGKILL.
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import { buildItem } from './builders.js';

const [dataDir, firstArg] = process.argv.slice(2);
const store = await openLowdbStore({ dataDir: dataDir! });
process.stdout.write('ready\n');
let n = Number(firstArg ?? 0);
for (;;) {
  // Several writes in flight at once, as a busy server has.
  const batch = Array.from({ length: 4 }, () => buildItem(n++));
  await Promise.all(
    batch.map(async (item) => {
      await store.addItems('wire', [item], 'source:wire');
      process.stdout.write(`ack ${item.id}\n`);
    }),
  );
}
