import { closeSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { openUnlinkedTemp, writeAll } from './temp-file.js';

/** What the replay must remember of each item until it writes assignments.jsonl. */
export interface LoggedItem {
  id: string;
  /** The replay's number for the story the item went into at ingest; −1 for none. */
  story: number;
  duplicateOf: string | null;
}

export interface ItemLogOptions {
  /** Past this many characters of records held, they go to disk. */
  spillChars?: number;
  /** How much of the file is read at a time. */
  readBytes?: number;
}

/**
 * Every item's id and story, in feed order, for the assignments written at the end. A short
 * replay keeps them in memory; a long one appends them to a temporary file (unlinked: see
 * openUnlinkedTemp), so a million items cost disk rather than heap.
 */
export class ItemLog {
  private held: string[] = [];
  private heldChars = 0;
  private fd: number | null = null;
  private count = 0;
  private readonly spillChars: number;
  private readonly readBytes: number;

  constructor(options: ItemLogOptions = {}) {
    this.spillChars = options.spillChars ?? 1 << 20;
    this.readBytes = options.readBytes ?? 1 << 20;
  }

  get size(): number {
    return this.count;
  }

  push(item: LoggedItem): void {
    const line = `${item.story}\t${escape(item.id)}\t${item.duplicateOf === null ? '' : `=${escape(item.duplicateOf)}`}\n`;
    this.held.push(line);
    this.heldChars += line.length;
    this.count += 1;
    if (this.heldChars >= this.spillChars) this.spill();
  }

  /** Each item, in the order pushed. */
  forEach(visit: (item: LoggedItem) => void): void {
    if (this.fd !== null) {
      this.spill();
      const decoder = new StringDecoder('utf8');
      const buffer = Buffer.allocUnsafe(this.readBytes);
      let rest = '';
      for (let position = 0; ; ) {
        const read = readSync(this.fd, buffer, 0, this.readBytes, position);
        if (read === 0) break;
        position += read;
        rest = readLines(rest + decoder.write(buffer.subarray(0, read)), visit);
      }
      readLines(rest + decoder.end(), visit);
    } else {
      for (const line of this.held) readLines(line, visit);
    }
  }

  /** Lets go of the file (and the records held); the log is empty afterwards. */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.held = [];
    this.heldChars = 0;
    this.count = 0;
  }

  private spill(): void {
    if (this.fd === null) this.fd = openUnlinkedTemp('tidewatch-items-');
    writeAll(this.fd, this.held.join(''));
    this.held = [];
    this.heldChars = 0;
  }
}

/** Visits each whole line of `text`; returns what follows the last newline. */
function readLines(text: string, visit: (item: LoggedItem) => void): string {
  let start = 0;
  for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
    const firstTab = text.indexOf('\t', start);
    const secondTab = text.indexOf('\t', firstTab + 1);
    const duplicateOf = secondTab + 1 < end ? unescape(text.slice(secondTab + 2, end)) : null;
    visit({ story: Number(text.slice(start, firstTab)), id: unescape(text.slice(firstTab + 1, secondTab)), duplicateOf });
    start = end + 1;
  }
  return text.slice(start);
}

// Ids are anyone's strings: the few characters that delimit records are escaped.
const SPECIAL = /[\\\t\n]/;

function escape(value: string): string {
  if (!SPECIAL.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}

function unescape(value: string): string {
  if (!value.includes('\\')) return value;
  return value.replace(/\\(.)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c));
}
