import { closeSync, readSync } from 'node:fs';
import { Column } from './columns.js';
import { openUnlinkedTemp, writeAll } from './temp-file.js';

export interface SpilledStringsOptions {
  /** Past this many characters of strings held, they go to disk. */
  spillChars?: number;
}

/**
 * Strings numbered 0, 1, 2… in the order pushed and read back by number. Past a few hundred
 * thousand characters they are written to a temporary file (unlinked: see openUnlinkedTemp) and
 * each read is one positional read: for what a long replay writes once per story and reads once
 * at the end, such as labels, where holding them would cost tens of MB.
 */
export class SpilledStrings {
  private pending: string[] = [];
  private pendingChars = 0;
  /** Byte offset in the file of each string written there, and where the file ends. */
  private readonly offsets = new Column(Float64Array);
  private fileBytes = 0;
  private fd: number | null = null;
  private readonly spillChars: number;

  constructor(options: SpilledStringsOptions = {}) {
    this.spillChars = options.spillChars ?? 1 << 18;
  }

  get size(): number {
    return this.offsets.size + this.pending.length;
  }

  push(value: string): void {
    this.pending.push(value);
    this.pendingChars += value.length;
    if (this.pendingChars >= this.spillChars) this.spill();
  }

  get(n: number): string {
    const written = this.offsets.size;
    if (n >= written) return this.pending[n - written]!;
    const start = this.offsets.get(n);
    const end = n + 1 < written ? this.offsets.get(n + 1) : this.fileBytes;
    const bytes = Buffer.allocUnsafe(end - start);
    readSync(this.fd!, bytes, 0, bytes.length, start);
    return bytes.toString('utf8');
  }

  /** Lets go of the file and the strings; empty afterwards. */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.pending = [];
    this.pendingChars = 0;
  }

  private spill(): void {
    if (this.fd === null) this.fd = openUnlinkedTemp('tidewatch-strings-');
    for (const value of this.pending) {
      this.offsets.push(this.fileBytes);
      this.fileBytes += Buffer.byteLength(value, 'utf8');
    }
    writeAll(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
  }
}
