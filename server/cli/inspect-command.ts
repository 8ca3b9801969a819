import { readFile, stat } from 'node:fs/promises';
import type { Connector, RawDocument } from '../../connectors/connector.js';
import { checkResponse } from '../../connectors/connector-errors.js';
import { CONNECTORS, createSafeFetch } from '../../connectors/index.js';
import { CliError, FAILED, parseCommandArgs, type CliIo } from './cli-io.js';

const USAGE = `Usage:
  tidewatch inspect <file-or-url>... [--kind K]
      Reads each feed or API response the way a source's poll would and prints one JSON object
      per line per item: the item's fields, "kind" (the connector that read it) and "file" (the
      argument it came from). What was wrong with a document and was recovered from goes to
      stderr. A URL is fetched once, with the same safety rules as the pollers (no private
      addresses). Without --kind, each connector is asked whether it recognizes the document.

Exit status: 0 when every input was read, 1 when one was not something a connector
understands (or could not be fetched or opened), 2 for a wrong command line.
`;

const OPTIONS = {
  kind: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Larger than any feed or API page; a file beyond it is refused before it is read into memory. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** `tidewatch inspect`: what a connector makes of a document, without a server or a store. */
export async function inspectCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, 'inspect');
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length === 0) throw new CliError('name at least one file or URL to inspect. Run `tidewatch inspect --help`.');
  const kinds = [...CONNECTORS.keys()];
  const forced = values.kind === undefined ? null : CONNECTORS.get(values.kind);
  if (forced === undefined) throw new CliError(`unknown kind "${values.kind}": the kinds are ${kinds.join(', ')}`);

  let failed = 0;
  for (const input of positionals) {
    try {
      const document = await load(input);
      const connector = forced ?? pick(document, input, io);
      if (!connector) {
        throw new CliError(`not something Tidewatch can read: no connector recognizes it (tried ${kinds.join(', ')}). If you know its kind, say it with --kind.`, FAILED);
      }
      const { items, warnings } = await connector.read(document);
      for (const warning of warnings) io.err(`${input}: warning: ${warning}\n`);
      if (items.length === 0) io.err(`${input}: read as ${connector.kind}, but it holds no items\n`);
      for (const item of items) io.out(`${JSON.stringify({ ...item, kind: connector.kind, file: input })}\n`);
    } catch (error) {
      failed++;
      io.err(`tidewatch: ${input}: ${(error as Error).message}\n`);
    }
  }
  return failed > 0 ? FAILED : 0;
}

/** The first connector (in CONNECTORS order: specific before general) that recognizes the document. */
function pick(document: RawDocument, input: string, io: CliIo): Connector<unknown> | null {
  const candidates = [...CONNECTORS.values()].filter((connector) => connector.recognizes(document));
  const [first, ...others] = candidates;
  if (first && others.length > 0) {
    io.err(`${input}: read as ${first.kind} (also recognized as ${others.map((c) => c.kind).join(', ')}; choose with --kind)\n`);
  }
  return first ?? null;
}

async function load(input: string): Promise<RawDocument> {
  if (/^https?:\/\//i.test(input)) {
    const now = new Date();
    const response = await createSafeFetch()({ url: input, headers: { accept: 'application/rss+xml, application/atom+xml, application/json, application/xml;q=0.9, */*;q=0.5' } });
    checkResponse(response, now, input);
    return { body: response.body, contentType: response.headers['content-type'] ?? null, url: response.url };
  }
  let size: number;
  try {
    const info = await stat(input);
    if (!info.isFile()) throw new CliError('not a file', FAILED);
    size = info.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? 'no such file' : (error as Error).message, FAILED);
  }
  if (size > MAX_FILE_BYTES) throw new CliError(`${size} bytes is more than the ${MAX_FILE_BYTES} inspect reads`, FAILED);
  return { body: await readFile(input), contentType: null, url: null };
}
