import { mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A new temporary file, open for reading and writing, already unlinked: it takes no name in the
 * temporary folder and disappears when it is closed or the process ends, however it ends.
 */
export function openUnlinkedTemp(prefix: string): number {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return openSync(join(dir, 'data'), 'w+');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Appends all of `text` at the file's current position (a write may take less than asked). */
export function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
}
