import { eraseAuthor } from '../workflow/erasure-commands.js';
import { CLI_PRINCIPAL, commandConfig, withStore } from './cli-support.js';
import { CliError, parseCommandArgs, type CliIo } from './cli-io.js';

const USAGE = `Usage:
  tidewatch erase --author HANDLE --channel CHANNEL [--yes] [--data DIR] [--config FILE]
      Erases an author's items on one channel, on request: deletes them, redacts them in the
      event log (the chain still verifies), replaces story labels and opportunity titles copied
      from them, and records that an erasure happened without naming the author. The handle is
      compared exactly, but without regard to case or a leading @. Cannot be undone: without
      --yes it only says what it would do. Run it with the server stopped (embedded store) or
      anywhere (PostgreSQL).
`;

const OPTIONS = {
  author: { type: 'string' },
  channel: { type: 'string' },
  yes: { type: 'boolean' },
  data: { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `tidewatch erase`: the command-line side of POST /api/erasures. */
export async function eraseCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, 'erase');
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new CliError(`unexpected "${positionals.join(' ')}". Run \`tidewatch erase --help\`.`);
  if (!values.author?.trim()) throw new CliError('name the author: `tidewatch erase --author HANDLE --channel CHANNEL`.');
  if (!values.channel) throw new CliError('name the channel the author posts on: `--channel mastodon` (news, reddit, mastodon, bluesky, hackernews, youtube, x).');
  if (!values.yes) {
    io.out(`This erases every item by ${values.author} on ${values.channel}, for good. Run again with --yes to do it.\n`);
    return 2;
  }
  const config = commandConfig(values);
  return withStore(config, 'write', async (ctx) => {
    const report = await eraseAuthor(ctx, CLI_PRINCIPAL, { author: values.author!, channel: values.channel! });
    io.out(
      `Erasure ${report.erasureId} on ${report.channel}: ${report.itemsDeleted} item(s) deleted, ${report.eventsRedacted} event(s) redacted, ` +
        `${report.labelsReplaced} label(s) or title(s) replaced. Recorded as event ${report.seq} (without the author's name).\n`,
    );
    return 0;
  });
}
