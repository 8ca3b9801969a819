import type { Channel, PublishingAccount } from '../domain/index.js';
import type { WorkflowContext } from './workflow-context.js';
import { invalidField } from './workflow-errors.js';

/**
 * Rule W-PUB-1: the account a new post goes out through. Named: it must be an enabled account of
 * the draft's channel. `null`: a person posts it by hand. Not given: the channel's only enabled
 * account; by hand when the channel has none; with several, the social manager chooses (400), since
 * posting as the wrong brand account is worse than asking.
 */
export async function chooseAccount(ctx: WorkflowContext, channel: Channel, accountId: string | null | undefined): Promise<PublishingAccount | null> {
  if (accountId === null) return null;
  if (accountId !== undefined) {
    const account = await ctx.store.getRecord('account', accountId);
    if (!account) throw invalidField('accountId', `there is no publishing account ${accountId}; choose one of the ${channel} accounts, or post it by hand`);
    if (account.disabled) throw invalidField('accountId', `the account ${account.name} is disabled; enable it, or choose another ${channel} account`);
    if (account.channel !== channel) throw invalidField('accountId', `the account ${account.name} publishes on ${account.channel}, and this draft is for ${channel}; choose a ${channel} account`);
    return account;
  }
  const enabled = (await ctx.store.listRecords('account', { channel })).filter((a) => !a.disabled);
  if (enabled.length <= 1) return enabled[0] ?? null;
  const names = enabled.map((a) => `${a.name} (${a.id})`).join(', ');
  throw invalidField('accountId', `the ${channel} channel has ${enabled.length} enabled accounts: choose one of ${names}, or null to post it by hand`);
}
