import { open } from 'node:fs/promises';

/** fsyncs a directory, so a file just created or renamed in it survives a crash. */
export async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
