import { randomBytes } from 'node:crypto';
import type { Member, Principal, PublishingAccount, PublishingKind } from '../../server/domain/index.js';
import type { Store } from '../../server/store/store.js';
import { createDraft, submitDraft } from '../../server/workflow/draft-commands.js';
import { pitchOpportunity } from '../../server/workflow/opportunity-commands.js';
import { createPublishingVault, type PublishingVault } from '../../server/workflow/publishing-vault.js';
import { decideReview } from '../../server/workflow/review-commands.js';
import type { WorkflowContext } from '../../server/workflow/workflow-context.js';
import { buildBeat, buildMember, principalFor } from './builders.js';

/** The members who take a draft to approval and schedule it. */
export const PUBLISHING_CAST: Member[] = [
  buildMember('ed', { name: 'Edna', roles: ['editor'] }),
  buildMember('cam', { name: 'Cam', roles: ['comms'] }),
  buildMember('sol', { name: 'Sol', roles: ['social'] }),
];
export const social: Principal = principalFor(PUBLISHING_CAST[2]!);
const editor = principalFor(PUBLISHING_CAST[0]!);
const comms = principalFor(PUBLISHING_CAST[1]!);

/** A fresh secret key per test run: what the server would keep in secret.key. */
export function testVault(): PublishingVault {
  return createPublishingVault(randomBytes(32));
}

/** The cast and a beat without legal review, written straight to the store. */
export async function addPublishingCast(store: Store): Promise<void> {
  await store.commit(
    [...PUBLISHING_CAST.map((record) => ({ kind: 'member' as const, record, expectedRev: null })), { kind: 'beat' as const, record: buildBeat('beat-plain'), expectedRev: null }],
    [],
  );
}

/** Pitch → mastodon draft → submit → comms approves: an approved draft whose window closes at `deadline`. */
export async function approvedMastodonDraft(ctx: WorkflowContext, deadline: string, text = 'The harbour ferries run again from 10:00.'): Promise<{ opportunityId: string; draftId: string }> {
  const opportunity = await pitchOpportunity(ctx, editor, { title: 'Harbour ferries return', beatId: 'beat-plain', deadline, channels: ['mastodon'] });
  const { draft } = await createDraft(ctx, editor, { opportunityId: opportunity.id, channel: 'mastodon', text });
  const { reviews } = await submitDraft(ctx, editor, { draftId: draft.id });
  for (const review of reviews) await decideReview(ctx, comms, { reviewId: review.id, decision: 'approve' });
  return { opportunityId: opportunity.id, draftId: draft.id };
}

/**
 * A publishing account written straight to the store, its credentials sealed with the vault, as
 * the account commands would store it (the scheduler only reads accounts).
 */
export async function addAccount(
  store: Store,
  vault: PublishingVault,
  { id, kind, credentials, channel = 'mastodon', disabled = false }: { id: string; kind: PublishingKind; credentials: unknown; channel?: PublishingAccount['channel']; disabled?: boolean },
): Promise<PublishingAccount> {
  const account: PublishingAccount = {
    id,
    rev: 1,
    name: `Desk ${id}`,
    kind,
    channel,
    label: `${kind} account ${id}`,
    sealed: kind === 'manual' ? null : vault.sealCredentials(id, credentials),
    disabled,
    createdBy: 'sol',
    createdAt: '2026-11-01T08:00:00.000Z',
    updatedAt: '2026-11-01T08:00:00.000Z',
  };
  await store.commit([{ kind: 'account', record: account, expectedRev: null }], []);
  return account;
}
