import { parseArgs } from 'node:util';
import { CliError, FAILED, processIo, USAGE_ERROR, type CliIo } from './cli/cli-io.js';
import { ConfigError, describeSettings, loadConfig } from './config.js';
import { SecretKeyError } from './secret-key.js';
import { StoreCorruptError, StoreLockedError, StoreSchemaError, StoreUnavailableError } from './store/store-errors.js';
import { VERSION } from './version.js';

const USAGE = `Tidewatch ${VERSION}: social listening and reactive content for brand newsrooms

Usage:
  tidewatch start [--port N] [--host ADDRESS] [--data DIR] [--config FILE] [--demo]
  tidewatch members add|list|disable|reset-password ...   (tidewatch members --help)
  tidewatch audit verify|export ...                         (tidewatch audit --help)
  tidewatch inspect <file-or-url>... [--kind K]             (tidewatch inspect --help)
  tidewatch sources add|list|pause|resume|remove|import ... (tidewatch sources --help)
  tidewatch accounts add|list|disable|enable ...            (tidewatch accounts --help)
  tidewatch replay <stream.jsonl> --out DIR [--beats F] [--speed N] (tidewatch replay --help)
  tidewatch eval <stream.jsonl> --labels FIELD [--json]     (tidewatch eval --help)
  tidewatch migrate                                         (tidewatch migrate --help)
  tidewatch export --out FILE                               (tidewatch export --help)
  tidewatch import FILE                                     (tidewatch import --help)
  tidewatch erase --author HANDLE --channel C [--yes]       (tidewatch erase --help)
  tidewatch report --from DATE --to DATE [--format md|csv|json] (tidewatch report --help)
  tidewatch --help
  tidewatch --version

Commands:
  start        start the server, the board and the pollers
  members      add, list, disable members and reset their passwords (the server must be stopped)
  audit        check the event log's hash chain; export one opportunity's trail
  inspect      read feeds or API responses (files or URLs) and print their items as JSON lines
  sources      add, list, pause, resume, remove sources and import OPML (the server must be stopped)
  accounts     add, list, disable, enable the accounts posts go out through (the server must be stopped)
  replay       feed a recorded stream through the trend detector; write its stories and assignments
  eval         replay a labelled stream and score clustering, alarms and false alarms
  migrate      bring the PostgreSQL schema (DATABASE_URL) up to date; the server also does it when it starts
  export       write the whole store (records and the event log) to a JSON Lines file
  import       load an export into an empty store: the data directory or PostgreSQL, without loss
  erase        erase an author's items on a channel, on request, and report what was removed
  report       the dashboard's figures for a period (reaction speed, caught and missed, reputation, ...)

Options for start:
  --port N     port of the board and API (default 4700; 0 picks a free port)
  --host ADDR  interface to listen on (default 127.0.0.1)
  --data DIR   data directory of the embedded store (default ./data)
  --config F   a JSON file of settings (names as listed below)
  --demo       also start a local feed simulator, so the board fills without internet

Settings (environment variables; flags win over them, they win over the config file):
${describeSettings().join('\n')}
`;

type Command = (args: string[], io: CliIo) => Promise<number>;

/**
 * Commands other than start: each parses its own arguments and returns its exit code. Each is
 * loaded when it runs: a replay need not load the server, the store and their dependencies
 * (about 50 MB of a replay's memory).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  members: async () => (await import('./cli/members-command.js')).membersCommand,
  audit: async () => (await import('./cli/audit-command.js')).auditCommand,
  inspect: async () => (await import('./cli/inspect-command.js')).inspectCommand,
  sources: async () => (await import('./cli/sources-command.js')).sourcesCommand,
  accounts: async () => (await import('./cli/accounts-command.js')).accountsCommand,
  replay: async () => (await import('./cli/replay-command.js')).replayCommand,
  eval: async () => (await import('./cli/eval-command.js')).evalCommand,
  migrate: async () => (await import('./cli/migrate-command.js')).migrateCommand,
  export: async () => (await import('./cli/export-command.js')).exportCommand,
  import: async () => (await import('./cli/import-command.js')).importCommand,
  erase: async () => (await import('./cli/erase-command.js')).eraseCommand,
  report: async () => (await import('./cli/report-command.js')).reportCommand,
};

function fail(message: string, code: number): never {
  process.stderr.write(`tidewatch: ${message}\n`);
  process.exit(code);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  if (command === 'start') return start(rest);
  const load = COMMANDS[command];
  if (!load) fail(`unknown command "${command}". Run \`tidewatch --help\` to see the commands.`, USAGE_ERROR);
  const run = await load();
  try {
    process.exitCode = await run(rest, processIo);
  } catch (error) {
    if (error instanceof CliError) fail(error.message, error.exitCode);
    throw error;
  }
}

async function start(args: string[]): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        config: { type: 'string' },
        demo: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail(`${(error as Error).message}. Run \`tidewatch --help\` to see the options.`, USAGE_ERROR);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }

  let config;
  try {
    config = loadConfig({
      env: process.env,
      flags: { port: values.port, host: values.host, dataDir: values.data, demo: values.demo },
      ...(typeof values.config === 'string' ? { configFile: values.config } : {}),
    });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, USAGE_ERROR);
    throw error;
  }

  const log = (message: string) => process.stdout.write(`${message}\n`);
  let running;
  try {
    const { startTidewatch } = await import('./main.js');
    running = await startTidewatch(config, (message) => log(`[${new Date().toISOString()}] ${message}`));
  } catch (error) {
    if (error instanceof StoreCorruptError || error instanceof StoreLockedError || error instanceof SecretKeyError) fail(error.message, FAILED);
    if (error instanceof StoreUnavailableError || error instanceof StoreSchemaError) fail(error.message, FAILED);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') fail(`port ${config.port} is already in use. Choose another with --port.`, FAILED);
    throw error;
  }
  log(`Tidewatch ${VERSION}${config.demo ? ' (demo mode)' : ''}, store: ${running.store.info().location}`);
  log(`Board: ${running.url}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping…`);
    await running.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`tidewatch: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
