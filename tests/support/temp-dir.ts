import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory per test, removed afterwards. */
export function tempDir(prefix = 'tidewatch-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Fresh directories for the tests of one describe block, all removed after each test:
 * `const dirs = tempDirs(); afterEach(dirs.removeAll); … dirs.fresh()`.
 */
export function tempDirs(prefix?: string): { fresh(): string; removeAll(): void } {
  const made: Array<{ remove(): void }> = [];
  return {
    fresh() {
      const dir = tempDir(prefix);
      made.push(dir);
      return dir.path;
    },
    removeAll: () => made.splice(0).forEach((dir) => dir.remove()),
  };
}
