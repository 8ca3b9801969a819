import { z } from 'zod';
import { PUBLISHERS } from '../../connectors/publishers.js';
import { channelSchema, publicPublishingAccount, publishingKindSchema, type Channel, type Principal, type PublishingAccount, type PublishingKind } from '../domain/index.js';
import { RecordConflictError } from '../store/store-errors.js';
import { ChangeSet } from './change-set.js';
import { parseCommandInput } from './command-input.js';
import { authorize } from './policy.js';
import { publishingAccountLabel } from './publishing-account-label.js';
import type { PublishingVault } from './publishing-vault.js';
import { checkExpectedRev, loadRecord } from './record-loading.js';
import { SecretBoxError } from './secret-box.js';
import type { WorkflowContext } from './workflow-context.js';
import { invalidField, notFound, WorkflowError } from './workflow-errors.js';
import { revField } from './workflow-inputs.js';

const accountName = z.string().trim().min(1, 'name the account, e.g. "Brand on mastodon.social"').max(120);

/**
 * `credentials` stays unknown here: what it must hold depends on the kind, and the publisher's own
 * schema says so (checkCredentials), with the field's name under `credentials.`.
 */
export const createAccountInput = z.object({
  name: accountName,
  kind: publishingKindSchema,
  /** When left out: the platform's own channel (mastodon, bluesky); webhook and manual must say. */
  channel: channelSchema.optional(),
  credentials: z.unknown().optional(),
});
export const updateAccountInput = z.object({
  accountId: z.string().min(1).max(200),
  rev: revField,
  name: accountName.optional(),
  disabled: z.boolean().optional(),
  /** New credentials of the same kind: a rotated token, or re-entered after the secret key was lost. */
  credentials: z.unknown().optional(),
});
export type CreateAccountInput = z.input<typeof createAccountInput>;
export type UpdateAccountInput = z.input<typeof updateAccountInput>;

/** The channel a platform's account posts on; null: any channel (a webhook goes where it is pointed). */
const OWN_CHANNEL: Readonly<Record<PublishingKind, Channel | null>> = { mastodon: 'mastodon', bluesky: 'bluesky', webhook: null, manual: null };

/** Two accounts of one name would be told apart by nobody choosing one on the schedule. */
async function assertNameFree(ctx: WorkflowContext, name: string, exceptId: string | null): Promise<void> {
  const taken = (await ctx.store.listRecords('account')).find((a) => a.id !== exceptId && a.name.toLowerCase() === name.toLowerCase());
  if (taken) throw invalidField('name', `the account ${taken.name} (${taken.id}) has this name already; choose another`);
}

function checkChannel(kind: PublishingKind, channel: Channel | undefined): Channel {
  const own = OWN_CHANNEL[kind];
  if (channel === undefined) {
    if (own) return own;
    throw invalidField('channel', `say which channel a ${kind} account publishes on: ${channelSchema.options.join(', ')}`);
  }
  if (own && channel !== own) throw invalidField('channel', `a ${kind} account publishes on the ${own} channel only, not ${channel}`);
  return channel;
}

/**
 * The credentials as the kind's publisher accepts them, defaults filled in, so the scheduler opens
 * exactly what it will send with. A refusal names the field, never the value: it may be the secret.
 */
function checkCredentials(kind: PublishingKind, credentials: unknown): unknown {
  if (kind === 'manual') {
    if (credentials !== undefined && credentials !== null) throw invalidField('credentials', 'a manual account has no credentials: a person posts by hand');
    return null;
  }
  const publisher = PUBLISHERS.get(kind);
  if (!publisher) throw invalidField('kind', `no publisher for ${kind}`);
  if (credentials === undefined || credentials === null) throw invalidField('credentials', `a ${kind} account needs its credentials`);
  const parsed = publisher.accountSchema.safeParse(credentials);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw invalidField(['credentials', ...issue.path.map(String)].join('.'), issue.message);
}

/** What the stored record holds of the credentials: a label anyone may see, and the sealed rest. */
function sealedFields(vault: PublishingVault, accountId: string, kind: PublishingKind, credentials: unknown): Pick<PublishingAccount, 'label' | 'sealed'> {
  return { label: publishingAccountLabel(kind, credentials), sealed: credentials === null ? null : vault.sealCredentials(accountId, credentials) };
}

/** W-ACCT-1, W-ACCT-2: a social manager or admin adds an account to publish through; its credentials are sealed at once. */
export async function createPublishingAccount(ctx: WorkflowContext, vault: PublishingVault, principal: Principal, input: CreateAccountInput): Promise<PublishingAccount> {
  authorize(principal, 'accounts.manage');
  const { name, kind, channel, credentials } = parseCommandInput(createAccountInput, input);
  const checked = checkCredentials(kind, credentials);
  const onChannel = checkChannel(kind, channel);
  await assertNameFree(ctx, name, null);
  const changes = new ChangeSet(principal.id, ctx.clock());
  const at = changes.at.toISOString();
  const id = ctx.newId('acct');
  const account = changes.create(
    'account',
    { id, rev: 1, name, kind, channel: onChannel, ...sealedFields(vault, id, kind, checked), disabled: false, createdBy: principal.id, createdAt: at, updatedAt: at },
    'accounts.create',
    (after) => ({ account: publicPublishingAccount(after) }),
  );
  await changes.commit(ctx.store);
  return account;
}

/**
 * W-ACCT-3: renames, disables or enables an account, or replaces its credentials (the vault is
 * needed only for that). Its kind and channel stay: scheduled posts chose it for them.
 */
export async function updatePublishingAccount(ctx: WorkflowContext, vault: PublishingVault | null, principal: Principal, input: UpdateAccountInput): Promise<PublishingAccount> {
  authorize(principal, 'accounts.manage');
  const { accountId, rev, name, disabled, credentials } = parseCommandInput(updateAccountInput, input);
  return withPublicConflicts(async () => {
    const account = await loadRecord(ctx, 'account', accountId);
    checkExpectedRev('account', account, rev);
    const patch: Partial<PublishingAccount> = {};
    if (name !== undefined && name !== account.name) {
      await assertNameFree(ctx, name, account.id);
      patch.name = name;
    }
    if (disabled !== undefined && disabled !== account.disabled) patch.disabled = disabled;
    if (credentials !== undefined) {
      const checked = checkCredentials(account.kind, credentials);
      if (!vault) throw new Error('replacing credentials needs the publishing vault');
      Object.assign(patch, sealedFields(vault, account.id, account.kind, checked));
    }
    if (Object.keys(patch).length === 0) return account;
    const changes = new ChangeSet(principal.id, ctx.clock());
    const updated = changes.update('account', account, patch, 'accounts.update', (after) => ({ account: publicPublishingAccount(after) }));
    await changes.commit(ctx.store);
    return updated;
  });
}

/**
 * A conflict (W-CONC-1, W-CONC-2) answers with the record as it is now; for an account, without
 * its sealed credentials, which never leave the server, not even sealed.
 */
async function withPublicConflicts<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof RecordConflictError) || error.kind !== 'account' || error.current === null) throw error;
    throw new RecordConflictError(error.kind, error.id, error.expectedRev, publicPublishingAccount(error.current as PublishingAccount));
  }
}

export function disablePublishingAccount(ctx: WorkflowContext, principal: Principal, input: { accountId: string; rev?: number }): Promise<PublishingAccount> {
  return updatePublishingAccount(ctx, null, principal, { ...input, disabled: true });
}

export function enablePublishingAccount(ctx: WorkflowContext, principal: Principal, input: { accountId: string; rev?: number }): Promise<PublishingAccount> {
  return updatePublishingAccount(ctx, null, principal, { ...input, disabled: false });
}

/**
 * W-ACCT-4: the account and its opened credentials, for the scheduler to send with. A missing or
 * disabled account, or credentials sealed with another key, is refused in words a person can act on.
 */
export async function openAccountForSending(ctx: WorkflowContext, vault: PublishingVault, accountId: string): Promise<{ account: PublishingAccount; credentials: unknown }> {
  const account = await ctx.store.getRecord('account', accountId);
  if (!account) throw notFound('publishing account', `${accountId}: it was never added here; choose another account or post by hand`);
  if (account.disabled) {
    throw new WorkflowError('invalid_state', `the publishing account ${account.name} is disabled; enable it or choose another account`, { state: 'disabled', record: publicPublishingAccount(account) });
  }
  try {
    return { account, credentials: vault.openCredentials(account) };
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    throw new WorkflowError('invalid_state', `the credentials of ${account.name} do not open with this server's secret key: they were sealed with another one. Restore that key, or enter the credentials again`, {
      state: 'sealed_with_another_key',
      record: publicPublishingAccount(account),
    });
  }
}

/** The accounts whose credentials this key cannot open: said at start, so a lost key shows before a post fails. */
export async function accountsSealedWithAnotherKey(ctx: WorkflowContext, vault: PublishingVault): Promise<PublishingAccount[]> {
  const accounts = await ctx.store.listRecords('account');
  return accounts.filter((account) => {
    try {
      vault.openCredentials(account);
      return false;
    } catch (error) {
      if (error instanceof SecretBoxError) return true;
      throw error;
    }
  });
}
