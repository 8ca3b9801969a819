import { open, readFile, rm } from 'node:fs/promises';
import { StoreLockedError } from './store-errors.js';

/**
 * An exclusive claim on a data directory by one process. A lock left by a process that died
 * (kill -9) is stale and taken over, so a crash never needs a person to clean up.
 */
const heldHere = new Set<string>();

export async function acquireProcessLock(lockPath: string, location: string): Promise<() => Promise<void>> {
  if (heldHere.has(lockPath)) throw new StoreLockedError(location, process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.sync();
      await handle.close();
      heldHere.add(lockPath);
      return async () => {
        heldHere.delete(lockPath);
        await rm(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new StoreLockedError(location, holder);
      }
      await rm(lockPath, { force: true });
    }
  }
  throw new Error(`could not lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
