import { createReadStream } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { canonicalJson, GENESIS_HASH, RECORD_KINDS, verifyChain } from '../domain/index.js';
import type { StoreInfo } from './store.js';
import { snapshotSize, type SnapshotCounts, type SnapshotEntry, type SnapshotView } from './store-snapshot.js';
import { syncDirectory } from './sync-directory.js';

/**
 * The file of `tidewatch export|import`, JSON Lines. Line 1 is the header (ExportHeader); every
 * line after it is one entry, `{"kind":K,"data":D}`, in the order of a snapshot (store-snapshot.ts):
 * K is source, item, story, a record kind (member, post, account, ...) or event, and D the value
 * as the store holds it, in canonical JSON (keys sorted), so one store exported from lowdb and
 * from PostgreSQL gives the same lines. Events keep seq, at, actor, prevHash and hash; sealed
 * credentials stay sealed.
 */
export const EXPORT_FORMAT = 'tidewatch-export';
export const EXPORT_VERSION = 1;

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  /** When and from where: the only part of two exports of the same data that differs. */
  exportedAt: string;
  from: StoreInfo;
  counts: SnapshotCounts;
  lastSeq: number;
  head: string;
}

/** The export cannot be loaded as it is; says where and why. */
export class ExportFileError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`${path} cannot be imported: ${reason}`);
    this.name = 'ExportFileError';
  }
}

export type Progress = (done: number, total: number) => void;

/** Bytes gathered before each write to the file. */
const WRITE_CHUNK = 1 << 20;

/**
 * Writes a snapshot entry by entry to a temporary file beside `path`, syncs it and renames it into
 * place, so a failed or interrupted export never leaves half a file under the name. Mode 0600: the
 * file holds password hashes, sealed credentials and the sources' options.
 */
export async function writeExportFile(view: SnapshotView, path: string, from: StoreInfo, onProgress?: Progress): Promise<ExportHeader> {
  const { counts, lastSeq, head } = view.summary;
  const header: ExportHeader = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: new Date().toISOString(), from, counts, lastSeq, head };
  const total = snapshotSize(counts);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  await rm(temp, { force: true });
  const file = await open(temp, 'wx', 0o600);
  try {
    const out = chunked(file);
    await out.write(`${JSON.stringify(header)}\n`);
    let done = 0;
    for await (const entry of view.entries()) {
      await out.write(`{"kind":${JSON.stringify(entry.kind)},"data":${canonicalJson(entry.data)}}\n`);
      onProgress?.(++done, total);
    }
    // The header was counted first: an entry more or less would make the file refuse itself on import.
    if (done !== total) throw new Error(`the store gave ${done} entries where it counted ${total}`);
    await out.flush();
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(temp, { force: true });
    throw error;
  }
  await file.close();
  await rename(temp, path);
  await syncDirectory(dirname(path));
  return header;
}

function chunked(file: FileHandle): { write(text: string): Promise<void>; flush(): Promise<void> } {
  let pending: string[] = [];
  let size = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    size = 0;
    await file.write(text);
  };
  return {
    async write(text) {
      pending.push(text);
      size += text.length;
      if (size >= WRITE_CHUNK) await flush();
    },
    flush,
  };
}


const count = z.number().int().nonnegative();
const headerSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.number().int().positive(),
  exportedAt: z.string(),
  from: z.object({ kind: z.string(), location: z.string() }),
  counts: z.object({ sources: count, items: count, stories: count, records: z.record(z.string(), count), events: count }),
  lastSeq: count,
  head: z.string(),
});

// What the stores need of each entry to file it; the rest is kept as it is. Events are checked
// further by their hash chain.
const id = z.string().min(1);
const FRAMES: Record<string, z.ZodType> = {
  source: z.object({ id }),
  item: z.object({ id, sourceId: z.string(), fetchedAt: z.string(), storyId: z.string().nullable() }),
  story: z.object({ id, trending: z.boolean(), lastSeenAt: z.string() }),
  record: z.object({ id, rev: z.number().int() }),
  event: z.object({ seq: z.number().int().positive(), prevHash: z.string(), hash: z.string() }),
};

export interface ExportFile {
  header: ExportHeader;
  /**
   * The entries after the header, each checked as it is read: its frame, the hash chain of the
   * events, the counts of the header. Throws ExportFileError at the first problem; ends only when
   * the whole file matched its header, so a store loading from it commits only a whole, unedited file.
   */
  entries(onProgress?: Progress): AsyncGenerator<SnapshotEntry>;
  close(): void;
}

/** Opens an export and checks its header; the entries are read (and checked) as they are taken. */
export async function openExportFile(path: string): Promise<ExportFile> {
  const stream = createReadStream(path);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const reader = lines[Symbol.asyncIterator]();
  const close = () => {
    lines.close();
    stream.destroy();
  };
  try {
    const first = await reader.next();
    const header = parseHeader(first.done ? '' : first.value, path);
    return { header, entries: (onProgress) => checkedEntries(reader, header, path, onProgress), close };
  } catch (error) {
    close();
    throw error;
  }
}

function parseHeader(line: string, path: string): ExportHeader {
  const fail = (reason: string) => new ExportFileError(path, `line 1 ${reason}`);
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    throw fail(line === '' ? 'is empty: the file is not a Tidewatch export' : 'is not JSON: the file is not a Tidewatch export');
  }
  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw fail(`is not the header of a Tidewatch export (at ${issue?.path.join('.') || 'the top level'}: ${issue?.message})`);
  }
  const header = parsed.data;
  if (header.version > EXPORT_VERSION) throw fail(`says format version ${header.version}, newer than this Tidewatch reads (${EXPORT_VERSION}); upgrade Tidewatch`);
  const unknown = Object.keys(header.counts.records).filter((kind) => !(RECORD_KINDS as readonly string[]).includes(kind));
  if (unknown.length > 0) throw fail(`counts records of a kind this Tidewatch does not know (${unknown.join(', ')}); upgrade Tidewatch`);
  if (header.counts.events !== header.lastSeq) throw fail(`counts ${header.counts.events} events but names event ${header.lastSeq} as the last`);
  const records = Object.fromEntries(RECORD_KINDS.map((kind) => [kind, header.counts.records[kind] ?? 0])) as SnapshotCounts['records'];
  return { ...header, version: EXPORT_VERSION, counts: { ...header.counts, records } };
}

async function* checkedEntries(reader: AsyncIterator<string>, header: ExportHeader, path: string, onProgress?: Progress): AsyncGenerator<SnapshotEntry> {
  const expected: Record<string, number> = { source: header.counts.sources, item: header.counts.items, story: header.counts.stories, ...header.counts.records, event: header.counts.events };
  const seen: Record<string, number> = Object.fromEntries(Object.keys(expected).map((kind) => [kind, 0]));
  const total = snapshotSize(header.counts);
  let chain = { head: GENESIS_HASH, lastSeq: 0 };
  let lineNo = 1;
  for (let next = await reader.next(); !next.done; next = await reader.next()) {
    lineNo++;
    const entry = parseEntry(next.value, lineNo, path);
    if (!Object.hasOwn(expected, entry.kind)) throw new ExportFileError(path, `line ${lineNo} holds a "${entry.kind}", which is not part of a Tidewatch store`);
    const frame = FRAMES[(RECORD_KINDS as readonly string[]).includes(entry.kind) ? 'record' : entry.kind]!.safeParse(entry.data);
    const what = entry.kind === 'event' ? `event ${(entry.data as { seq?: unknown }).seq}` : `${entry.kind} ${(entry.data as { id?: unknown }).id}`;
    if (!frame.success) {
      const issue = frame.error.issues[0];
      throw new ExportFileError(path, `line ${lineNo} (${what}) is not a whole ${entry.kind} (at ${issue?.path.join('.') || 'the top level'}: ${issue?.message})`);
    }
    if (++seen[entry.kind]! > expected[entry.kind]!) {
      throw new ExportFileError(path, `line ${lineNo} (${what}) is one ${entry.kind} more than the header counts (${expected[entry.kind]})`);
    }
    if (entry.kind === 'event') {
      // The audit trail's own check (audit verify), one event at a time, so the refusal names the line.
      const report = verifyChain([entry.data], chain);
      if (report.breaks.length > 0) throw new ExportFileError(path, `line ${lineNo} (${what}): ${report.breaks[0]!.problem}`);
      chain = { head: report.head, lastSeq: report.lastSeq };
    }
    onProgress?.(lineNo - 1, total);
    yield entry;
  }
  const short = Object.keys(expected)
    .filter((kind) => seen[kind]! < expected[kind]!)
    .map((kind) => `${seen[kind]} of ${expected[kind]} ${kind} lines`);
  if (short.length > 0) {
    throw new ExportFileError(path, `it ends after line ${lineNo}, short of what its header counts (${short.join(', ')}): the file was cut short or lines were removed`);
  }
  if (chain.head !== header.head) {
    throw new ExportFileError(path, `its last event (${chain.lastSeq}) has the hash ${chain.head.slice(0, 16)}…, not the head the header names (${header.head.slice(0, 16)}…)`);
  }
}

function parseEntry(line: string, lineNo: number, path: string): SnapshotEntry {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    throw new ExportFileError(path, `line ${lineNo} is ${line === '' ? 'empty' : 'not whole JSON'}: the file was cut short or edited`);
  }
  const entry = raw as { kind?: unknown; data?: unknown } | null;
  if (typeof entry !== 'object' || entry === null || typeof entry.kind !== 'string' || typeof entry.data !== 'object' || entry.data === null || Array.isArray(entry.data)) {
    throw new ExportFileError(path, `line ${lineNo} is not an entry of an export ({"kind": …, "data": {…}})`);
  }
  return entry as SnapshotEntry;
}
