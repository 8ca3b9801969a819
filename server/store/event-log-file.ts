import { open, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { GENESIS_HASH, type AnyEvent } from '../domain/index.js';
import { StoreCorruptError } from './store-errors.js';
import { syncDirectory } from './sync-directory.js';

/** Events kept in memory for the board's resync; older pages are read back from the file. */
const RECENT_EVENTS_CACHED = 5_000;

/**
 * The embedded store's event log: one JSON event per line, only ever appended, kept whole (the
 * audit trail needs all of it). Appending costs the new lines, not a rewrite of the file.
 *
 * The data file is the commit point: it records the last sequence number and its hash. Lines
 * past it were written by a commit that never finished, so nobody was told it happened; they
 * are cut off when the store opens.
 */
export class EventLogFile {
  /** offsets[seq - 1] = where the line of event `seq` starts; one more entry marks the end. */
  private readonly offsets: number[];
  private recent: AnyEvent[];

  private constructor(
    readonly path: string,
    private handle: FileHandle | null,
    offsets: number[],
    recent: AnyEvent[],
    private headHash: string,
  ) {
    this.offsets = offsets;
    this.recent = recent;
  }

  /**
   * Opens the log and checks it against what the data file says was committed. Read-only opens
   * (the audit command beside a running server) never change the file.
   */
  static async open(path: string, committed: { seq: number; head: string }, readOnly = false): Promise<EventLogFile> {
    const buffer = await readWhole(path);
    const offsets = [0];
    let start = 0;
    while (offsets.length - 1 < committed.seq) {
      const end = buffer.indexOf(0x0a, start);
      if (end < 0) break;
      start = end + 1;
      offsets.push(start);
    }
    const kept = offsets.length - 1;
    if (kept < committed.seq) throw new StoreCorruptError(path, `the log ends at event ${kept} but the data file says ${committed.seq} were committed`);
    // Only the recent lines are parsed: opening a long log costs a scan for newlines, not a parse.
    const recent: AnyEvent[] = [];
    for (let seq = Math.max(1, kept - RECENT_EVENTS_CACHED + 1); seq <= kept; seq++) {
      const event = parseLine(buffer.subarray(offsets[seq - 1]!, offsets[seq]! - 1), path, seq);
      if (event.seq !== seq) throw new StoreCorruptError(path, `line ${seq} holds event ${event.seq}`);
      recent.push(event);
    }
    const head = recent.at(-1)?.hash ?? GENESIS_HASH;
    if (committed.seq > 0 && head !== committed.head) throw new StoreCorruptError(path, `event ${kept} does not carry the hash the data file committed`);

    if (readOnly) return new EventLogFile(path, null, offsets, recent, head);
    const handle = await open(path, 'a+');
    if (buffer.length > start) {
      // An unfinished commit's tail: it was never acknowledged, so it goes.
      await handle.truncate(start);
      await handle.sync();
    }
    if (buffer.length === 0) await syncDirectory(dirname(path));
    return new EventLogFile(path, handle, offsets, recent, head);
  }

  get lastSeq(): number {
    return this.offsets.length - 1;
  }

  get head(): string {
    return this.headHash;
  }

  /** Appends numbered, chained events and syncs them to disk. */
  async append(events: readonly AnyEvent[]): Promise<void> {
    if (!this.handle) throw new Error(`the event log ${this.path} is open read-only`);
    if (events.length === 0) return;
    const lines = events.map((event) => `${JSON.stringify(event)}\n`);
    const bytes = Buffer.from(lines.join(''));
    await this.handle.write(bytes, 0, bytes.length, null);
    await this.handle.datasync();
    let offset = this.offsets[this.offsets.length - 1]!;
    for (const [index, event] of events.entries()) {
      offset += Buffer.byteLength(lines[index]!);
      this.offsets.push(offset);
      this.headHash = event.hash;
    }
    this.recent.push(...events);
    if (this.recent.length > RECENT_EVENTS_CACHED) this.recent = this.recent.slice(-RECENT_EVENTS_CACHED);
  }

  /**
   * Empties a log none of whose events were committed (an import that was refused), as the next
   * open would: the data file names none of them.
   */
  async clear(): Promise<void> {
    if (!this.handle) throw new Error(`the event log ${this.path} is open read-only`);
    await this.handle.truncate(0);
    await this.handle.sync();
    this.offsets.length = 1;
    this.recent = [];
    this.headHash = GENESIS_HASH;
  }

  /**
   * Rewrites the lines of the events named (redactions: retention and erasure), leaving every other
   * line as it was. The new log goes to a temporary file that is synced and renamed into place, so
   * a crash leaves either the old log or the new one, never a torn line.
   */
  async rewrite(changes: ReadonlyMap<number, (event: AnyEvent) => AnyEvent>): Promise<void> {
    if (!this.handle) throw new Error(`the event log ${this.path} is open read-only`);
    if (changes.size === 0) return;
    const end = this.offsets[this.offsets.length - 1]!;
    const buffer = Buffer.alloc(end);
    if (end > 0) await this.handle.read(buffer, 0, end, 0);
    const parts: Buffer[] = [];
    const offsets = [0];
    const replaced = new Map<number, AnyEvent>();
    let written = 0;
    for (let seq = 1; seq <= this.lastSeq; seq++) {
      const start = this.offsets[seq - 1]!;
      const stop = this.offsets[seq]!;
      const change = changes.get(seq);
      let line = buffer.subarray(start, stop);
      if (change) {
        const event = change(parseLine(buffer.subarray(start, stop - 1), this.path, seq));
        replaced.set(seq, event);
        line = Buffer.from(`${JSON.stringify(event)}\n`);
      }
      parts.push(line);
      written += line.length;
      offsets.push(written);
    }
    const temporary = `${this.path}.rewriting`;
    await writeFile(temporary, Buffer.concat(parts), { flush: true });
    await rename(temporary, this.path);
    await syncDirectory(dirname(this.path));
    await this.handle.close();
    this.handle = await open(this.path, 'a+');
    this.offsets.length = 0;
    for (const offset of offsets) this.offsets.push(offset);
    this.recent = this.recent.map((event) => replaced.get(event.seq) ?? event);
  }

  /** Events after `seq`, oldest first, at most `limit`. */
  async readSince(seq: number, limit: number): Promise<AnyEvent[]> {
    const from = Math.max(seq, 0) + 1;
    const to = Math.min(this.lastSeq, from + limit - 1);
    if (to < from) return [];
    const firstCached = this.recent[0]?.seq ?? Number.POSITIVE_INFINITY;
    if (from >= firstCached) return this.recent.slice(from - firstCached, to - firstCached + 1);
    const begin = this.offsets[from - 1]!;
    const length = this.offsets[to]! - begin;
    const buffer = Buffer.alloc(length);
    const file = this.handle ?? (await open(this.path, 'r'));
    try {
      await file.read(buffer, 0, length, begin);
    } finally {
      if (!this.handle) await file.close();
    }
    return buffer
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as AnyEvent);
  }

  async close(): Promise<void> {
    await this.handle?.close();
  }
}

async function readWhole(path: string): Promise<Buffer> {
  try {
    const file = await open(path, 'r');
    try {
      return await file.readFile();
    } finally {
      await file.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  }
}

function parseLine(line: Buffer, path: string, seq: number): AnyEvent {
  try {
    return JSON.parse(line.toString('utf8')) as AnyEvent;
  } catch (error) {
    throw new StoreCorruptError(path, `event ${seq} is not valid JSON: ${(error as Error).message}`);
  }
}

