import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CONNECTORS } from '../../connectors/index.js';
import type { Config } from '../config.js';
import { createSource, removeSource, setSourcePaused, type SourceRules } from '../workflow/source-commands.js';
import { importOpml, slug, uniqueId } from '../workflow/source-import.js';
import { WEBHOOK_KIND } from '../workflow/webhook-source.js';
import { camelCase, CLI_PRINCIPAL, commandConfig, withStore } from './cli-support.js';
import { CliError, FAILED, parseCommandArgs, type CliIo } from './cli-io.js';
import { everyToCron } from './every-schedule.js';
import { sourcesTable } from './sources-table.js';

const USAGE = `Usage:
  tidewatch sources add <kind> [--id ID] [--name N] [--every 5m | --schedule CRON] [--channel C] [--<option> value]...
      Adds a source. Every other --flag is a connector option, checked by the connector:
        tidewatch sources add rss --url https://example.org/feed.xml
        tidewatch sources add mastodon --instance mastodon.social --tag climate --every 2m
      A flag given twice becomes a list. --every takes 30s, 5m, 1h, 1d (steps that repeat evenly).
      Kind webhook makes a push-only source and prints its token once.
  tidewatch sources list
      Every source with its health: status, last success, next poll, items per hour, last error.
      Safe while the server runs.
  tidewatch sources pause <id>     stop polling it (its items stay)
  tidewatch sources resume <id>    poll it again
  tidewatch sources remove <id>    remove it (its items stay)
  tidewatch sources import <opml-file>
      Adds one rss source per feed of an OPML export; feeds already added are skipped.

Every command takes --data DIR and --config FILE. Kinds: ${[...CONNECTORS.keys(), WEBHOOK_KIND].join(', ')}.
Every command but list changes the data directory, so the server must be stopped first; while it
runs, an admin does the same through the API (/api/sources).
`;

const OPTIONS = {
  data: { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Flags of `sources add` that are not connector options. */
const ADD_FLAGS = new Set(['id', 'name', 'every', 'schedule', 'channel', 'data', 'config', 'help']);

/** `tidewatch sources add|list|pause|resume|remove|import`. */
export async function sourcesCommand(args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'add') return add(rest, io);
  const { values, positionals } = parseCommandArgs(action === undefined ? [] : args.slice(1), OPTIONS, 'sources');
  if (values.help || action === undefined || action === '--help' || action === '-h') {
    io.out(USAGE);
    return values.help || action === '--help' || action === '-h' ? 0 : 2;
  }
  const config = commandConfig(values);
  const rules = rulesFor(config);
  switch (action) {
    case 'list':
      if (positionals.length > 0) throw new CliError(`sources list takes no arguments. Run \`tidewatch sources --help\`.`);
      return withStore(config, 'read', async (ctx) => {
        const sources = await ctx.store.listSources();
        io.out(sources.length === 0 ? 'No sources yet. Add one with `tidewatch sources add rss --url https://example.org/feed.xml`.\n' : sourcesTable(sources, new Date()));
        return 0;
      });
    case 'pause':
    case 'resume':
    case 'remove': {
      const id = single(positionals, action, '<id>');
      return withStore(config, 'write', async (ctx) => {
        if (action === 'remove') {
          await removeSource(ctx, CLI_PRINCIPAL, id);
          io.out(`Removed ${id}; its items stay.\n`);
        } else {
          await setSourcePaused(ctx, CLI_PRINCIPAL, id, action === 'pause', rules);
          io.out(action === 'pause' ? `Paused ${id}: it is not polled until \`tidewatch sources resume ${id}\`.\n` : `Resumed ${id}: it is polled again from the next start.\n`);
        }
        return 0;
      });
    }
    case 'import': {
      const file = single(positionals, action, '<opml-file>');
      let opml: string;
      try {
        opml = await readFile(file, 'utf8');
      } catch (error) {
        throw new CliError(`cannot read ${file}: ${(error as Error).message}.`, FAILED);
      }
      return withStore(config, 'write', async (ctx) => {
        const report = await importOpml(ctx, CLI_PRINCIPAL, opml, rules);
        for (const added of report.added) io.out(`added    ${added.id}  ${added.url}\n`);
        for (const skipped of report.skipped) io.out(`skipped  ${skipped.url}  (${skipped.reason})\n`);
        io.out(`Added ${report.added.length} source${report.added.length === 1 ? '' : 's'}, skipped ${report.skipped.length}.\n`);
        return 0;
      });
    }
    default:
      throw new CliError(`unknown sources command "${action}". Run \`tidewatch sources --help\`.`);
  }
}

async function add(args: string[], io: CliIo): Promise<number> {
  const { kind, flags } = parseAddArgs(args);
  if (flags.has('help') || kind === undefined) {
    io.out(USAGE);
    return flags.has('help') ? 0 : 2;
  }
  const text = (name: string) => {
    const value = flags.get(name);
    if (Array.isArray(value)) throw new CliError(`--${name} was given more than once.`);
    return value;
  };
  const config = commandConfig({ data: text('data'), config: text('config') });
  const connector = CONNECTORS.get(kind);
  if (!connector && kind !== WEBHOOK_KIND) throw new CliError(`no connector "${kind}"; available: ${[...CONNECTORS.keys(), WEBHOOK_KIND].join(', ')}.`);

  const raw = Object.fromEntries([...flags].filter(([name]) => !ADD_FLAGS.has(name)).map(([name, value]) => [camelCase(name), value]));
  const options = connector ? coerceOptions(connector.optionsSchema, raw) : raw;
  const every = text('every');
  const schedule = text('schedule');
  if (every !== undefined && schedule !== undefined) throw new CliError('give --every or --schedule, not both.');
  let cron = schedule;
  if (every !== undefined) {
    try {
      cron = everyToCron(every);
    } catch (error) {
      throw new CliError(`${(error as Error).message}.`);
    }
  }
  const name = text('name') ?? defaultName(kind, options);

  return withStore(config, 'write', async (ctx) => {
    const taken = new Set((await ctx.store.listSources()).map((s) => s.id));
    const id = text('id') ?? uniqueId(slug(name), taken);
    const channel = text('channel');
    const { source, token } = await createSource(
      ctx,
      CLI_PRINCIPAL,
      { id, name, kind, options, ...(cron === undefined ? {} : { schedule: cron }), ...(channel === undefined ? {} : { channel }) },
      rulesFor(config),
    );
    io.out(`Added ${source.id} (${source.kind}, ${source.kind === WEBHOOK_KIND ? 'pushed to' : `polled on "${source.schedule}"`}).\n`);
    if (token !== undefined) {
      io.out(`Token: ${token}\nKeep it now: it is not shown again. Push items with\n  curl -X POST -H "Authorization: Bearer $TOKEN" -H "content-type: application/json" \\\n    -d '{"externalId":"1","text":"..."}' http://${config.host}:${config.port}/api/ingest/${source.id}\n`);
    }
    return 0;
  });
}

/** `add <kind> --flag value --flag=value ...`: unknown flags are kept for the connector, a repeated one as a list. */
function parseAddArgs(args: string[]): { kind: string | undefined; flags: Map<string, string | string[]> } {
  const flags = new Map<string, string | string[]>();
  let kind: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-h' || arg === '--help') {
      flags.set('help', 'true');
      continue;
    }
    if (!arg.startsWith('--')) {
      if (kind !== undefined) throw new CliError(`unexpected "${arg}": options are given as --name value. Run \`tidewatch sources --help\`.`);
      kind = arg;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      const next = args[i + 1];
      if (next === undefined || next.startsWith('--')) throw new CliError(`--${name} needs a value, e.g. --${name} something.`);
      value = next;
      i++;
    }
    if (!/^[a-z][a-z0-9-]*$/i.test(name)) throw new CliError(`"--${name}" is not an option name.`);
    const previous = flags.get(name);
    flags.set(name, previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value]);
  }
  return { kind, flags };
}

/**
 * Flags arrive as text; the connector's schema says what each option is. Where it wants a number,
 * a yes/no or a list, the text is converted and the options checked again, so `--limit 50` and a
 * single `--tag climate` for a list of tags both work. What still fails is the connector's to say.
 */
function coerceOptions(schema: z.ZodType, raw: Record<string, unknown>): Record<string, unknown> {
  const options = { ...raw };
  for (let attempt = 0; attempt < 3; attempt++) {
    const parsed = schema.safeParse(options);
    if (parsed.success) return options;
    let changed = false;
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if (issue.code !== 'invalid_type' || typeof key !== 'string' || !(key in options)) continue;
      const value = options[key];
      const converted = convert(value, issue.expected);
      if (converted !== undefined) {
        options[key] = converted;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return options;
}

function convert(value: unknown, expected: string): unknown {
  if (expected === 'array') return Array.isArray(value) ? undefined : [value];
  if (typeof value !== 'string') return undefined;
  if (expected === 'number' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (expected === 'boolean' && /^(true|false|yes|no)$/i.test(value)) return /^(true|yes)$/i.test(value);
  return undefined;
}

/** A name when none is given: the feed's host, or the kind and its first option. */
function defaultName(kind: string, options: Record<string, unknown>): string {
  if (typeof options.url === 'string') {
    try {
      return new URL(options.url).hostname;
    } catch {
      // fall through
    }
  }
  const first = Object.values(options).flat().find((v) => typeof v === 'string' || typeof v === 'number');
  return first === undefined ? kind : `${kind} ${String(first)}`.slice(0, 200);
}

function single(positionals: string[], action: string, what: string): string {
  if (positionals.length !== 1) throw new CliError(`sources ${action} takes one ${what}. Run \`tidewatch sources --help\`.`);
  return positionals[0]!;
}

function rulesFor(config: Config): SourceRules {
  return { connectors: CONNECTORS, allowPrivateAddresses: config.allowPrivateFetch };
}
