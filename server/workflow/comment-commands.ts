import type { Comment, CommentTarget, Opportunity, Principal } from '../domain/index.js';
import { ChangeSet } from './change-set.js';
import { parseCommandInput } from './command-input.js';
import { findMentions } from './mentions.js';
import { withWatcher } from './opportunity-commands.js';
import { authorize } from './policy.js';
import { loadRecord } from './record-loading.js';
import { retryOnConflict } from './retry-on-conflict.js';
import type { WorkflowContext } from './workflow-context.js';
import { createCommentInput, type CreateCommentInput } from './workflow-inputs.js';

export interface CommentResult {
  comment: Comment;
  /** The opportunity, with the author among its watchers. */
  opportunity: Opportunity;
}

/**
 * W-CMT-1 to W-CMT-3: any member comments on an opportunity or a draft, mentioning members with
 * @; the author starts watching the opportunity. Comments are allowed on closed opportunities too:
 * the team explains afterwards what happened.
 */
export async function createComment(ctx: WorkflowContext, principal: Principal, input: CreateCommentInput): Promise<CommentResult> {
  authorize(principal, 'comments.create');
  const { target, text } = parseCommandInput(createCommentInput, input);
  // The comment does not depend on the opportunity's state: a race on it (for the watcher list) is retried.
  return retryOnConflict(null, () => writeComment(ctx, principal, target, text));
}

async function writeComment(ctx: WorkflowContext, principal: Principal, target: CommentTarget, text: string): Promise<CommentResult> {
  const opportunityId = target.type === 'opportunity' ? target.id : (await loadRecord(ctx, 'draft', target.id)).opportunityId;
  const opportunity = await loadRecord(ctx, 'opportunity', opportunityId);
  const mentions = findMentions(text, await ctx.store.listRecords('member'));
  const changes = new ChangeSet(principal.id, ctx.clock());
  const comment = changes.create(
    'comment',
    { id: ctx.newId('cmt'), rev: 1, target, opportunityId, authorId: principal.id, text, mentions, createdAt: changes.at.toISOString() },
    'comments.create',
    (after) => ({ comment: after }),
  );
  const watching = opportunity.watcherIds.includes(principal.id)
    ? opportunity
    : changes.update('opportunity', opportunity, { watcherIds: withWatcher(opportunity.watcherIds, principal.id) }, 'opportunities.watch', (after) => ({
        opportunity: after,
        reason: 'commented',
      }));
  await changes.commit(ctx.store);
  return { comment, opportunity: watching };
}
