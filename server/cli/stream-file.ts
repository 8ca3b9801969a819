import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { Column } from '../trends/replay/columns.js';
import { parseStreamLine, type StreamItem } from '../trends/replay/stream-item.js';
import { CliError, FAILED, type CliIo } from './cli-io.js';

/** One line of a file and where it is: its 1-based number, byte offset and length. */
interface FileLine {
  text: string;
  line: number;
  offset: number;
  bytes: number;
}

const READ_BYTES = 1 << 20;
/** Malformed lines reported one by one; past these, only counted. */
const REPORTED = 100;

/**
 * A recorded stream on disk, replayed without holding its items: a first pass checks every line
 * (each refused line is reported with its number) and notes each item's time; the items are then
 * read again, in time order, as the replay takes them. A file already in time order is read
 * straight through; otherwise each line is read where the first pass found it. A million-item
 * stream so costs the replay a few typed arrays instead of a million items in memory.
 */
export class StreamFile {
  /** Items read (lines that were not blank and not refused). */
  items = 0;
  /** Lines refused. */
  rejected = 0;
  private readonly fd: number;
  /** Per item, in file order: time, line number, byte offset and length; dropped when in order. */
  private times = new Column(Float64Array);
  private lines = new Column(Int32Array);
  private offsets = new Column(Float64Array);
  private lengths = new Column(Int32Array);
  private inOrder = true;

  private constructor(
    readonly file: string,
    private readonly labelField: string | undefined,
  ) {
    this.fd = openSync(file, 'r');
  }

  /**
   * Opens and checks a stream; a file that cannot be read ends the command with exit status 1.
   * `labelField` names the field holding each item's ground truth, and `onItem` takes each item
   * as the check reads it, in file order (`tidewatch eval`, which holds them all: no second read).
   */
  static open(file: string, io: CliIo, labelField?: string, onItem?: (item: StreamItem) => void): StreamFile {
    let stream: StreamFile;
    try {
      if (!statSync(file).isFile()) throw new CliError(`${file}: not a file`, FAILED);
      stream = new StreamFile(file, labelField);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`${file}: ${unreadable(error)}`, FAILED);
    }
    try {
      stream.scan(io, onItem);
    } catch (error) {
      stream.close();
      throw new CliError(`${file}: ${unreadable(error)}`, FAILED);
    }
    return stream;
  }

  /** The items, in time order (equal times in file order), read again from the file. */
  *itemsInOrder(): Generator<StreamItem> {
    if (this.inOrder) {
      for (const { text, line } of linesOf(this.fd)) {
        if (text.trim() === '') continue;
        const parsed = parseStreamLine(text, line, this.labelField);
        if (parsed.ok) yield parsed.item;
      }
      return;
    }
    const times = this.times.values;
    const order = new Int32Array(this.items);
    for (let i = 0; i < order.length; i++) order[i] = i;
    order.sort((a, b) => times[a]! - times[b]! || a - b);
    const buffer = Buffer.allocUnsafe(64 * 1024);
    for (const i of order) {
      const length = this.lengths.get(i);
      const bytes = length <= buffer.length ? buffer : Buffer.allocUnsafe(length);
      readSync(this.fd, bytes, 0, length, this.offsets.get(i));
      const parsed = parseStreamLine(trimCr(bytes.toString('utf8', 0, length)), this.lines.get(i), this.labelField);
      if (parsed.ok) yield parsed.item;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  private scan(io: CliIo, onItem: ((item: StreamItem) => void) | undefined): void {
    let lastTime = -Infinity;
    let lastReport = performance.now();
    for (const { text, line, offset, bytes } of linesOf(this.fd)) {
      if (text.trim() === '') continue;
      const parsed = parseStreamLine(text, line, this.labelField);
      if (!parsed.ok) {
        this.rejected += 1;
        // Report as we go; a file of nothing but bad lines should not print a million of them.
        if (this.rejected <= REPORTED) io.err(`${this.file}:${line}: skipped: ${parsed.error}\n`);
        continue;
      }
      const at = parsed.item.publishedAt;
      if (at < lastTime) this.inOrder = false;
      lastTime = at;
      this.items += 1;
      onItem?.(parsed.item);
      this.times.push(at);
      this.lines.push(line);
      this.offsets.push(offset);
      this.lengths.push(bytes);
      if ((this.items & 4095) === 0 && performance.now() - lastReport >= 1000) {
        lastReport = performance.now();
        io.err(`checked ${line} lines of ${this.file}\n`);
      }
    }
    if (this.rejected > REPORTED) io.err(`${this.file}: … ${this.rejected - REPORTED} more lines skipped\n`);
    if (this.rejected > 0) io.err(`${this.file}: ${this.rejected} malformed line(s) skipped, ${this.items} items read\n`);
    if (this.inOrder) {
      // Read straight through again: where each item is need not be kept.
      this.times = new Column(Float64Array);
      this.lines = new Column(Int32Array);
      this.offsets = new Column(Float64Array);
      this.lengths = new Column(Int32Array);
    }
  }
}

/** Each line of an open file (split at \n, a trailing \r dropped), read in 1 MB pieces. */
function* linesOf(fd: number): Generator<FileLine> {
  const buffer = Buffer.allocUnsafe(READ_BYTES);
  /** Pieces of a line that runs across reads. */
  let parts: Buffer[] = [];
  let lineStart = 0;
  let line = 0;
  for (let position = 0; ; ) {
    const read = readSync(fd, buffer, 0, READ_BYTES, position);
    let start = 0;
    for (let end = read === 0 ? -1 : buffer.indexOf(10, 0); end >= 0 && end < read; end = buffer.indexOf(10, start)) {
      const bytes = parts.length === 0 ? buffer.subarray(start, end) : Buffer.concat([...parts, buffer.subarray(start, end)]);
      parts = [];
      line += 1;
      yield { text: trimCr(bytes.toString('utf8')), line, offset: lineStart, bytes: bytes.length };
      lineStart += bytes.length + 1;
      start = end + 1;
    }
    if (read === 0) break;
    if (start < read) parts.push(Buffer.from(buffer.subarray(start, read)));
    position += read;
  }
  // A last line without a newline.
  if (parts.length > 0) {
    const bytes = Buffer.concat(parts);
    yield { text: trimCr(bytes.toString('utf8')), line: line + 1, offset: lineStart, bytes: bytes.length };
  }
}

function trimCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

export function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'not a file';
  return (error as Error).message;
}
