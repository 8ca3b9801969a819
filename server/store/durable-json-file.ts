import { open, readFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { syncDirectory } from './sync-directory.js';

/**
 * A lowdb adapter that is durable, not only atomic. lowdb's JSONFile (steno) renames a temporary
 * file into place but never fsyncs, so an acknowledged write could vanish on power loss. This one
 * syncs the temporary file before the rename and the directory after it.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  private readonly tempPath: string;

  constructor(readonly path: string, private readonly parse: (text: string) => T) {
    this.tempPath = join(dirname(path), `.${basename(path)}.tmp`);
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return this.parse(text);
  }

  /** Serializes before its first await: callers rely on the write holding the data as it was when called. */
  async write(data: T): Promise<void> {
    await this.writeText(JSON.stringify(data));
  }

  /** Writes data serialized earlier, when the caller must fix the content before other awaits. */
  async writeText(text: string): Promise<void> {
    const file = await open(this.tempPath, 'w');
    try {
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(this.tempPath, this.path);
    await syncDirectory(dirname(this.path));
  }
}
