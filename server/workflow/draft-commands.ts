import type { z } from 'zod';
import type { Draft, Opportunity, Post, Principal, Review } from '../domain/index.js';
import { ChangeSet } from './change-set.js';
import { assertDraftText } from './channel-rules.js';
import { parseCommandInput } from './command-input.js';
import { contentHash } from './content-hash.js';
import { diffDraftVersions, type DraftDiff } from './draft-diff.js';
import { DRAFT_GUARDS, latestVersion } from './draft-guards.js';
import { enforce } from './guard.js';
import { withWatcher } from './opportunity-commands.js';
import { followWork, loadWork, withChanged } from './opportunity-follow.js';
import { OPPORTUNITY_GUARDS } from './opportunity-guards.js';
import { assertTransition, invalidState } from './opportunity-machine.js';
import { authorize } from './policy.js';
import { checkExpectedRev, loadRecord } from './record-loading.js';
import { retryOnConflict } from './retry-on-conflict.js';
import { openReviewRound } from './review-round.js';
import type { WorkflowContext } from './workflow-context.js';
import { invalidField } from './workflow-errors.js';
import {
  createDraftInput,
  draftDiffInput,
  reviseDraftInput,
  submitDraftInput,
  type CreateDraftInput,
  type DraftDiffInput,
  type ReviseDraftInput,
  type SubmitDraftInput,
} from './workflow-inputs.js';

export interface DraftResult {
  draft: Draft;
  opportunity: Opportunity;
  /** Reviews opened by the command (on submission, or on a new version after submission). */
  reviews: Review[];
  /** Scheduled posts the command held because their words are no longer the approved ones. */
  held: Post[];
}

/**
 * W-DRAFT-1, W-DRAFT-2: an editor starts the one draft of a channel with its first version. The
 * first draft moves the opportunity on to drafting, claiming a new one for its author.
 */
export async function createDraft(ctx: WorkflowContext, principal: Principal, input: CreateDraftInput): Promise<DraftResult> {
  authorize(principal, 'drafts.write');
  const parsed = parseCommandInput(createDraftInput, input);
  return retryOnConflict(null, () => create(ctx, principal, parsed));
}

async function create(ctx: WorkflowContext, principal: Principal, { opportunityId, channel, text }: z.output<typeof createDraftInput>): Promise<DraftResult> {
  const opportunity = await loadRecord(ctx, 'opportunity', opportunityId);
  enforce(OPPORTUNITY_GUARDS.draft(principal, { opportunity }));
  assertDraftText(channel, text);
  const work = await loadWork(ctx, opportunity.id);
  const existing = work.drafts.find((d) => d.channel === channel);
  if (existing) {
    throw invalidState(`this opportunity already has a ${channel} draft: add a version to it (POST /api/drafts/${existing.id}/versions)`, existing.status, existing);
  }
  const changes = new ChangeSet(principal.id, ctx.clock());
  const at = changes.at.toISOString();
  const draft = changes.create(
    'draft',
    {
      id: ctx.newId('drf'),
      rev: 1,
      opportunityId,
      channel,
      status: 'editing',
      submittedVersion: null,
      versions: [{ version: 1, text, contentHash: contentHash(text), authorId: principal.id, createdAt: at }],
      createdAt: at,
      updatedAt: at,
    },
    'drafts.create',
    (after) => ({ draft: after }),
  );
  let next: Opportunity = {
    ...opportunity,
    watcherIds: withWatcher(opportunity.watcherIds, principal.id),
    channels: opportunity.channels.includes(channel) ? opportunity.channels : [...opportunity.channels, channel],
  };
  if (opportunity.state === 'new') {
    assertTransition(opportunity, 'claimed');
    next = { ...next, state: 'claimed', holderId: principal.id };
  }
  const updated = followWork(changes, opportunity, { drafts: withChanged(work.drafts, draft), posts: work.posts }, {
    next,
    action: opportunity.state === 'new' ? 'opportunities.claim' : 'opportunities.update',
    reason: `${principal.name} started the ${channel} draft`,
  });
  await changes.commit(ctx.store);
  return { draft, opportunity: updated, reviews: [], held: [] };
}

async function loadDraft(ctx: WorkflowContext, draftId: string, rev: number | undefined): Promise<{ draft: Draft; opportunity: Opportunity }> {
  const draft = await loadRecord(ctx, 'draft', draftId);
  checkExpectedRev('draft', draft, rev);
  return { draft, opportunity: await loadRecord(ctx, 'opportunity', draft.opportunityId) };
}

/**
 * W-DRAFT-3: an editor adds a numbered version. Once the draft was submitted, the new version
 * reopens its reviews and goes back to review by itself (W-REV-6).
 */
export async function reviseDraft(ctx: WorkflowContext, principal: Principal, input: ReviseDraftInput): Promise<DraftResult> {
  authorize(principal, 'drafts.write');
  const parsed = parseCommandInput(reviseDraftInput, input);
  return retryOnConflict({ kind: 'draft', id: parsed.draftId }, () => revise(ctx, principal, parsed));
}

async function revise(ctx: WorkflowContext, principal: Principal, { draftId, text, rev }: z.output<typeof reviseDraftInput>): Promise<DraftResult> {
  const { draft, opportunity } = await loadDraft(ctx, draftId, rev);
  enforce(DRAFT_GUARDS.revise(principal, { draft, opportunity }));
  assertDraftText(draft.channel, text);
  const latest = draft.versions.at(-1)!;
  const hash = contentHash(text);
  if (hash === latest.contentHash) throw invalidField('text', `this is the text of version ${latest.version} already; change something first`);
  const changes = new ChangeSet(principal.id, ctx.clock());
  const version = { version: latest.version + 1, text, contentHash: hash, authorId: principal.id, createdAt: changes.at.toISOString() };
  const revised: Draft = { ...draft, versions: [...draft.versions, version] };
  if (draft.status === 'editing') {
    const after = changes.update('draft', draft, revised, 'drafts.revise', (d) => ({ draft: d }));
    await changes.commit(ctx.store);
    return { draft: after, opportunity, reviews: [], held: [] };
  }
  const round = await openReviewRound(ctx, changes, revised, version.version, opportunity);
  const after = changes.update('draft', draft, round.draft, 'drafts.revise', (d) => ({ draft: d }));
  const work = await loadWork(ctx, opportunity.id);
  const updated = followWork(changes, opportunity, { drafts: withChanged(work.drafts, after), posts: withChanged(work.posts, ...round.held) }, {
    reason: `version ${version.version} of the ${draft.channel} draft reopened its reviews`,
  });
  await changes.commit(ctx.store);
  return { draft: after, opportunity: updated, reviews: round.opened, held: round.held };
}

/** W-DRAFT-7: an editor submits a version (the latest unless named) for review by the roles its route requires. */
export async function submitDraft(ctx: WorkflowContext, principal: Principal, input: SubmitDraftInput): Promise<DraftResult> {
  authorize(principal, 'drafts.submit');
  const parsed = parseCommandInput(submitDraftInput, input);
  return retryOnConflict({ kind: 'draft', id: parsed.draftId }, () => submit(ctx, principal, parsed));
}

async function submit(ctx: WorkflowContext, principal: Principal, { draftId, version: wanted, rev }: z.output<typeof submitDraftInput>): Promise<DraftResult> {
  const { draft, opportunity } = await loadDraft(ctx, draftId, rev);
  const version = wanted ?? latestVersion(draft);
  const chosen = draft.versions.find((v) => v.version === version);
  if (!chosen) throw invalidField('version', `this draft has versions 1 to ${latestVersion(draft)}; there is no version ${version}`);
  enforce(DRAFT_GUARDS.submit(principal, { draft, opportunity, version }));
  assertDraftText(draft.channel, chosen.text);
  const changes = new ChangeSet(principal.id, ctx.clock());
  const round = await openReviewRound(ctx, changes, draft, version, opportunity);
  const after = changes.update('draft', draft, round.draft, 'drafts.submit', (d) => ({ draft: d }));
  const work = await loadWork(ctx, opportunity.id);
  const updated = followWork(changes, opportunity, { drafts: withChanged(work.drafts, after), posts: withChanged(work.posts, ...round.held) }, {
    reason: `version ${version} of the ${draft.channel} draft went to review`,
  });
  await changes.commit(ctx.store);
  return { draft: after, opportunity: updated, reviews: round.opened, held: round.held };
}

/** W-DRAFT-6: what changed between two versions, word by word. */
export async function draftDiff(ctx: WorkflowContext, principal: Principal, input: DraftDiffInput): Promise<DraftDiff> {
  authorize(principal, 'board.read');
  const { draftId, from, to } = parseCommandInput(draftDiffInput, input);
  return diffDraftVersions(await loadRecord(ctx, 'draft', draftId), from, to);
}
