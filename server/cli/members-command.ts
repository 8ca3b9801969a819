import { roleSchema, ROLES, type Member, type Role } from '../domain/index.js';
import type { Config } from '../config.js';
import { addMember, updateMember } from '../workflow/member-commands.js';
import { findMemberByEmail } from '../workflow/member-lookup.js';
import { resetPassword } from '../workflow/password-commands.js';
import { PASSWORD_MIN } from '../workflow/password-rules.js';
import type { WorkflowContext } from '../workflow/workflow-context.js';
import { commandConfig, withStore } from './cli-support.js';
import { CliError, FAILED, parseCommandArgs, type CliIo } from './cli-io.js';
import { membersTable } from './members-table.js';

const USAGE = `Usage:
  tidewatch members add --email E --name N --role R [--role R2 ...] [--data DIR] [--config FILE]
      Adds a member. Pipe a password on stdin to set it (at least ${PASSWORD_MIN} characters),
      e.g. \`printf '%s' "$PW" | tidewatch members add ...\`; otherwise a one-time password is
      printed, which the member replaces at their first sign-in.
  tidewatch members list [--data DIR] [--config FILE]
      Shows every member: email, name, roles, and whether disabled. Safe while the server runs.
  tidewatch members disable --email E [--data DIR] [--config FILE]
  tidewatch members enable --email E [--data DIR] [--config FILE]
      Disabling ends every session of the member at once; they cannot sign in until enabled.
  tidewatch members reset-password --email E [--data DIR] [--config FILE]
      Sets the password piped on stdin, or prints a one-time password. Ends the member's sessions.

Roles: ${ROLES.join(', ')}.
Every command but list changes the data directory, so the server must be stopped first;
while it runs, an admin does the same on the board or through the API (/api/members).
`;

const OPTIONS = {
  email: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string', multiple: true },
  data: { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Changes made at the command line are written to the log as the system's. */
const CLI_ACTOR = 'system';

/** `tidewatch members add|list|disable|enable|reset-password`. */
export async function membersCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, 'members');
  const [action, ...extra] = positionals;
  if (values.help || action === undefined) {
    io.out(USAGE);
    return values.help ? 0 : 2;
  }
  if (extra.length > 0) throw new CliError(`unexpected "${extra.join(' ')}". Run \`tidewatch members --help\`.`);
  const config = commandConfig(values);
  const email = () => required(values.email, '--email', action);

  switch (action) {
    case 'add': {
      const input = { email: email(), name: required(values.name, '--name', action), roles: parseRoles(values.role) };
      const password = await pipedPassword(io);
      return withStore(config, 'write', async (ctx) => {
        const { member, oneTimePassword } = await addMember(ctx, { ...input, password }, CLI_ACTOR);
        io.out(`Added ${member.name} <${member.email}> with the role${member.roles.length > 1 ? 's' : ''} ${member.roles.join(', ')}.\n`);
        io.out(signInHint(config, member, oneTimePassword));
        return 0;
      });
    }
    case 'list':
      return withStore(config, 'read', async (ctx) => {
        const members = await ctx.store.listRecords('member');
        io.out(members.length === 0 ? 'No members yet. Add one with `tidewatch members add --email E --name N --role admin`.\n' : membersTable(members));
        return 0;
      });
    case 'disable':
    case 'enable': {
      const wanted = email();
      return withStore(config, 'write', async (ctx) => {
        const member = await memberByEmail(ctx, wanted);
        const disabled = action === 'disable';
        if (member.disabled === disabled) {
          io.out(`${member.email} is already ${disabled ? 'disabled' : 'enabled'}; nothing changed.\n`);
          return 0;
        }
        await updateMember(ctx, CLI_ACTOR, member.id, { disabled }, member.rev);
        io.out(disabled ? `Disabled ${member.email}: their sessions have ended and they cannot sign in.\n` : `Enabled ${member.email}: they can sign in again.\n`);
        return 0;
      });
    }
    case 'reset-password': {
      const wanted = email();
      const password = await pipedPassword(io);
      return withStore(config, 'write', async (ctx) => {
        const member = await memberByEmail(ctx, wanted);
        const { oneTimePassword } = await resetPassword(ctx, CLI_ACTOR, member.id, password);
        io.out(`Reset the password of ${member.email}; their sessions have ended.\n`);
        io.out(signInHint(config, member, oneTimePassword));
        return 0;
      });
    }
    default:
      throw new CliError(`unknown members command "${action}". Run \`tidewatch members --help\`.`);
  }
}

function required(value: string | undefined, flag: string, action: string): string {
  if (value === undefined || value.trim() === '') throw new CliError(`members ${action} needs ${flag}. Run \`tidewatch members --help\` to see the options.`);
  return value;
}

function parseRoles(values: string[] | undefined): Role[] {
  if (!values || values.length === 0) throw new CliError(`members add needs at least one --role (${ROLES.join(', ')}).`);
  return values.map((value) => {
    const parsed = roleSchema.safeParse(value.trim().toLowerCase());
    if (!parsed.success) throw new CliError(`unknown role "${value}"; choose from ${ROLES.join(', ')}.`);
    return parsed.data;
  });
}

/**
 * The password piped on stdin (without its trailing newline), or null for a one-time password
 * when a person is at the keyboard or nothing was piped. Passwords never go in flags: they
 * would sit in the shell history and in every process listing.
 */
async function pipedPassword(io: CliIo): Promise<string | null> {
  const piped = await io.readPipedInput();
  if (piped === null) return null;
  const password = piped.replace(/\r?\n$/, '');
  if (password === '') return null;
  if (password.length < PASSWORD_MIN) throw new CliError(`the password on stdin has ${password.length} characters; use at least ${PASSWORD_MIN}, or pipe nothing to get a one-time password.`);
  return password;
}

function signInHint(config: Config, member: Member, oneTimePassword: string | null): string {
  const board = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}/`;
  if (oneTimePassword === null) return `They sign in at ${board} with ${member.email} and the password you piped.\n`;
  return (
    `One-time password: ${oneTimePassword}\n` +
    `Hand it over privately. ${member.name} signs in at ${board} with ${member.email} and this password, then chooses their own.\n`
  );
}

async function memberByEmail(ctx: WorkflowContext, email: string): Promise<Member> {
  const member = await findMemberByEmail(ctx, email);
  if (!member) throw new CliError(`no member has the email ${email}. See who does with \`tidewatch members list\`.`, FAILED);
  return member;
}
