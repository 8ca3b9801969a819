import type { Config } from '../config.js';
import { publishingKindSchema, type PublishingAccount, type PublishingKind } from '../domain/index.js';
import { loadSecretKey, SecretKeyError, secretKeyNotices } from '../secret-key.js';
import { createPublishingAccount, disablePublishingAccount, enablePublishingAccount, updatePublishingAccount, type CreateAccountInput } from '../workflow/publishing-account-commands.js';
import { createPublishingVault, type PublishingVault } from '../workflow/publishing-vault.js';
import type { WorkflowContext } from '../workflow/workflow-context.js';
import { WorkflowError } from '../workflow/workflow-errors.js';
import { accountsTable } from './accounts-table.js';
import { camelCase, CLI_PRINCIPAL, commandConfig, withStore } from './cli-support.js';
import { CliError, FAILED, parseCommandArgs, USAGE_ERROR, type CliIo } from './cli-io.js';

/**
 * Per kind: the credential read from stdin (never a flag: flags stay in the shell history and in
 * every process listing) and the flags that fill the rest of the publisher's account settings.
 */
const KINDS: Readonly<Record<PublishingKind, { secret: { field: string; words: string } | null; settings: readonly string[] }>> = {
  mastodon: { secret: { field: 'accessToken', words: 'the access token' }, settings: ['instance', 'visibility'] },
  bluesky: { secret: { field: 'appPassword', words: 'the app password' }, settings: ['handle', 'service'] },
  // A Slack or Teams address is itself the secret: whoever holds it posts to the channel.
  webhook: { secret: { field: 'url', words: 'the webhook URL' }, settings: ['format', 'teams-card'] },
  manual: { secret: null, settings: [] },
};
const SETTING_FLAGS = [...new Set(Object.values(KINDS).flatMap((kind) => kind.settings))];

const USAGE = `Usage:
  tidewatch accounts add --kind K --name N [--channel C] [--<setting> value]...
      Adds an account that posts go out through. Its secret is read from stdin, never a flag:
        printf '%s' "$TOKEN" | tidewatch accounts add --kind mastodon --name "Brand on mastodon.social" --instance https://mastodon.social
        printf '%s' "$APP_PASSWORD" | tidewatch accounts add --kind bluesky --name "Brand on Bluesky" --handle brand.bsky.social
        printf '%s' "$HOOK_URL" | tidewatch accounts add --kind webhook --channel news --name "Newsroom Slack" --format slack
        tidewatch accounts add --kind manual --channel x --name "X, by hand"
      mastodon  stdin: an access token with write:statuses; --instance URL [--visibility public|unlisted]
      bluesky   stdin: an app password (never the main one); --handle H [--service URL]
      webhook   stdin: the webhook URL; --channel C [--format json|slack|teams] [--teams-card adaptive|messagecard]
      manual    no secret; --channel C (a person posts by hand)
      Mastodon and Bluesky accounts post on their own channel; webhook and manual ones on the channel given.
  tidewatch accounts list
      Every account: id, name, kind, channel, label, whether disabled; never credentials.
      Safe while the server runs.
  tidewatch accounts disable <id>     nothing is sent through it until it is enabled
  tidewatch accounts enable <id>
  tidewatch accounts credentials <id> [--<setting> value]...
      Enters an account's credentials again, whole: the secret on stdin and the settings as for add
      (a rotated token, or after the secret key was lost).

Every command takes --data DIR and --config FILE. Credentials are sealed with the server's secret
key: TIDEWATCH_SECRET_KEY when set, else secret.key in the data directory (made on first use, mode
0600). Lose that key and every account's credentials must be entered again.
Every command but list changes the data directory, so the server must be stopped first; while it
runs, a social manager or admin does the same through the API (/api/accounts).
`;

const OPTIONS = {
  kind: { type: 'string' },
  name: { type: 'string' },
  channel: { type: 'string' },
  instance: { type: 'string' },
  visibility: { type: 'string' },
  handle: { type: 'string' },
  service: { type: 'string' },
  format: { type: 'string' },
  'teams-card': { type: 'string' },
  data: { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

/** `tidewatch accounts add|list|disable|enable|credentials`. */
export async function accountsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, 'accounts');
  const [action, ...rest] = positionals;
  if (values.help || action === undefined) {
    io.out(USAGE);
    return values.help ? 0 : USAGE_ERROR;
  }
  const config = commandConfig(values);

  switch (action) {
    case 'add': {
      noArguments(rest, action);
      const kind = parseKind(values.kind);
      const name = values.name;
      if (name === undefined || name.trim() === '') throw new CliError('accounts add needs --name, e.g. --name "Brand on mastodon.social".');
      const credentials = await readCredentials(kind, values, io);
      return withStore(config, 'write', async (ctx) => {
        const vault = await openVault(config, io);
        // The command checks the channel, in the same words as for the API.
        const account = await inFlagWords(kind, createPublishingAccount(ctx, vault, CLI_PRINCIPAL, { name, kind, channel: values.channel as CreateAccountInput['channel'], credentials }));
        io.out(`Added ${account.name} (${account.id}): ${account.kind} on ${account.channel}, ${account.label}.\n`);
        if (credentials !== undefined) io.out('Its credentials are sealed with the secret key; they are not shown again.\n');
        return 0;
      });
    }
    case 'list':
      noArguments(rest, action);
      return withStore(config, 'read', async (ctx) => {
        const accounts = await ctx.store.listRecords('account');
        io.out(accounts.length === 0 ? 'No publishing accounts yet. Add one with `tidewatch accounts add` (see `tidewatch accounts --help`).\n' : accountsTable(accounts));
        return 0;
      });
    case 'disable':
    case 'enable': {
      const id = single(rest, action);
      return withStore(config, 'write', async (ctx) => {
        const account = await accountById(ctx, id);
        const disabled = action === 'disable';
        if (account.disabled === disabled) {
          io.out(`${account.name} is already ${disabled ? 'disabled' : 'enabled'}; nothing changed.\n`);
          return 0;
        }
        const change = disabled ? disablePublishingAccount : enablePublishingAccount;
        await change(ctx, CLI_PRINCIPAL, { accountId: account.id, rev: account.rev });
        io.out(disabled ? `Disabled ${account.name}: nothing is sent through it until it is enabled.\n` : `Enabled ${account.name}: posts go out through it again.\n`);
        return 0;
      });
    }
    case 'credentials': {
      const id = single(rest, action);
      if (values.kind !== undefined || values.channel !== undefined) throw new CliError('an account keeps its kind and channel; give only its credentials (see `tidewatch accounts --help`).');
      return withStore(config, 'write', async (ctx) => {
        const account = await accountById(ctx, id);
        const credentials = await readCredentials(account.kind, values, io);
        const vault = await openVault(config, io);
        await inFlagWords(account.kind, updatePublishingAccount(ctx, vault, CLI_PRINCIPAL, { accountId: account.id, rev: account.rev, credentials }));
        io.out(`Entered the credentials of ${account.name} again; they are sealed with the secret key.\n`);
        return 0;
      });
    }
    default:
      throw new CliError(`unknown accounts command "${action}". Run \`tidewatch accounts --help\`.`);
  }
}

function parseKind(value: string | undefined): PublishingKind {
  const parsed = publishingKindSchema.safeParse(value);
  if (!parsed.success) throw new CliError(`accounts add needs --kind: one of ${publishingKindSchema.options.join(', ')}.`);
  return parsed.data;
}

/** The credentials of a kind from its setting flags and the secret on stdin; undefined for manual. */
async function readCredentials(kind: PublishingKind, values: Values, io: CliIo): Promise<Record<string, string> | undefined> {
  const { secret, settings } = KINDS[kind];
  const stray = SETTING_FLAGS.filter((flag) => !settings.includes(flag) && values[flag as keyof Values] !== undefined);
  if (stray.length > 0) {
    const takes = settings.length === 0 ? 'takes no settings' : `takes ${settings.map((flag) => `--${flag}`).join(', ')}`;
    throw new CliError(`${stray.map((flag) => `--${flag}`).join(', ')} do${stray.length === 1 ? 'es' : ''} not apply to a ${kind} account, which ${takes}.`);
  }
  const piped = ((await io.readPipedInput()) ?? '').trim();
  if (secret === null) {
    if (piped !== '') throw new CliError('a manual account has no secret: pipe nothing on stdin.');
    return undefined;
  }
  if (piped === '') {
    throw new CliError(`pipe ${secret.words} on stdin, e.g. \`printf '%s' "$SECRET" | tidewatch accounts ...\`; secrets never go in flags, where the shell history and process listings keep them.`);
  }
  const credentials: Record<string, string> = { [secret.field]: piped };
  for (const flag of settings) {
    const value = values[flag as keyof Values];
    if (typeof value === 'string') credentials[camelCase(flag)] = value;
  }
  return credentials;
}

/**
 * A refused credential named as the operator typed it: `--instance`, or the secret on stdin. The
 * message never holds the value, which may be the secret itself.
 */
async function inFlagWords(kind: PublishingKind, command: Promise<PublishingAccount>): Promise<PublishingAccount> {
  try {
    return await command;
  } catch (error) {
    if (!(error instanceof WorkflowError) || error.code !== 'invalid') throw error;
    const secret = KINDS[kind].secret;
    const message = error.message.replace(/\bcredentials\.([A-Za-z]+)/g, (_, field: string) => (field === secret?.field ? `${secret.words} on stdin` : `--${kebabCase(field)}`));
    throw new CliError(`${message}.`, USAGE_ERROR);
  }
}

/** The vault of the server's secret key; says so when this command made the key file. */
async function openVault(config: Config, io: CliIo): Promise<PublishingVault> {
  try {
    const secretKey = await loadSecretKey(config);
    for (const notice of secretKeyNotices(secretKey)) io.out(`${notice}\n`);
    return createPublishingVault(secretKey.key);
  } catch (error) {
    if (error instanceof SecretKeyError) throw new CliError(error.message, FAILED);
    throw error;
  }
}

async function accountById(ctx: WorkflowContext, id: string): Promise<PublishingAccount> {
  const account = await ctx.store.getRecord('account', id);
  if (!account) throw new CliError(`no publishing account ${id}. See the accounts with \`tidewatch accounts list\`.`, FAILED);
  return account;
}

function single(rest: string[], action: string): string {
  if (rest.length !== 1) throw new CliError(`accounts ${action} takes one account id. Run \`tidewatch accounts --help\`.`);
  return rest[0]!;
}

function noArguments(rest: string[], action: string): void {
  if (rest.length > 0) throw new CliError(`unexpected "${rest.join(' ')}" after accounts ${action}: options are given as --name value. Run \`tidewatch accounts --help\`.`);
}

function kebabCase(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
