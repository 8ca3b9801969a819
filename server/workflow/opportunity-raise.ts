import { createHash } from 'node:crypto';
import type { Opportunity } from '../domain/index.js';
import type { FoundOpportunity as DetectorFinding } from '../trends/opportunity-find.js';
import { RecordConflictError } from '../store/store-errors.js';
import { ChangeSet } from './change-set.js';
import { followWork, loadWork, withChanged } from './opportunity-follow.js';
import { isFinal } from './opportunity-machine.js';
import type { WorkflowContext } from './workflow-context.js';

/** What the trend detector found: a trending story that matches a beat while its window is open. */
export type FoundOpportunity = Pick<
  DetectorFinding,
  'storyId' | 'beatId' | 'title' | 'url' | 'score' | 'reasons' | 'riskFlags' | 'channels' | 'windowOpensAt' | 'deadline'
>;

/** A change of score smaller than this is not worth an event (and a redraw on every board). */
const SCORE_STEP = 0.05;

/** One story and one beat make one opportunity, whoever finds it and however often. */
export function raisedOpportunityId(storyId: string, beatId: string): string {
  return `opp_${createHash('sha256').update(storyId).update('\0').update(beatId).digest('base64url').slice(0, 16)}`;
}

/**
 * Rule W-OPP-8: the detector raises an opportunity for each trending story that matches a beat
 * (actor `system`, `opportunities.create`). Raising it again refreshes an open one's score,
 * reasons, risk flags and deadline when they changed enough to matter (`opportunities.update`);
 * a new risk flag holds its scheduled posts (W-PUB-9); a final one (published, dismissed,
 * expired) is left as it is. Returns what was written.
 */
export async function raiseOpportunities(ctx: WorkflowContext, found: readonly FoundOpportunity[]): Promise<Opportunity[]> {
  const written: Opportunity[] = [];
  for (const candidate of found) {
    const result = await raiseOne(ctx, candidate).catch((error: unknown) => {
      // Two raisers at once: the other one wrote it; the next tick compares again.
      if (error instanceof RecordConflictError) return null;
      throw error;
    });
    if (result) written.push(result);
  }
  return written;
}

async function raiseOne(ctx: WorkflowContext, found: FoundOpportunity): Promise<Opportunity | null> {
  const id = raisedOpportunityId(found.storyId, found.beatId);
  const now = ctx.clock();
  const existing = await ctx.store.getRecord('opportunity', id);
  const changes = new ChangeSet('system', now);
  if (!existing) {
    const at = now.toISOString();
    const created = changes.create(
      'opportunity',
      {
        id,
        rev: 1,
        storyId: found.storyId,
        beatId: found.beatId,
        title: found.title,
        url: found.url,
        state: 'new',
        score: found.score,
        reasons: found.reasons,
        riskFlags: found.riskFlags,
        channels: found.channels,
        windowOpensAt: found.windowOpensAt,
        deadline: found.deadline,
        holderId: null,
        watcherIds: [],
        pitchedBy: null,
        dismissReason: null,
        createdAt: at,
        updatedAt: at,
      },
      'opportunities.create',
      (after) => ({ opportunity: after }),
    );
    await changes.commit(ctx.store);
    return created;
  }
  if (isFinal(existing.state) || !changedEnough(existing, found)) return null;
  const refreshed = {
    score: found.score,
    reasons: found.reasons,
    riskFlags: [...new Set([...existing.riskFlags, ...found.riskFlags])],
    deadline: found.deadline,
    channels: [...new Set([...existing.channels, ...found.channels])],
  };
  const newFlags = refreshed.riskFlags.filter((flag) => !existing.riskFlags.includes(flag));
  const updated =
    newFlags.length === 0
      ? changes.update('opportunity', existing, refreshed, 'opportunities.update', (after) => ({ opportunity: after, reason: 'the story moved' }))
      : await holdForNewRisk(ctx, changes, existing, { ...existing, ...refreshed }, newFlags);
  await changes.commit(ctx.store);
  return updated;
}

/**
 * W-PUB-9: the story turned risky: its scheduled posts are held (each with a notice to social
 * managers) in the same commit as the new flags, and the opportunity follows its work (W-OPP-7).
 * A social manager who judges the risk acceptable overrides the hold (W-POST-4).
 */
async function holdForNewRisk(ctx: WorkflowContext, changes: ChangeSet, existing: Opportunity, next: Opportunity, newFlags: readonly string[]): Promise<Opportunity> {
  const work = await loadWork(ctx, existing.id);
  const holdReason = `new risk: ${newFlags.join(', ')}`;
  const held = work.posts
    .filter((post) => post.state === 'scheduled')
    .map((post) => changes.update('post', post, { state: 'held', holdReason }, 'posts.hold', (after) => ({ post: after, reason: holdReason })));
  const reason = held.length > 0 ? `the story moved; ${holdReason}, so its scheduled posts are held` : 'the story moved';
  return followWork(changes, existing, { drafts: work.drafts, posts: withChanged(work.posts, ...held) }, { next, reason });
}

function changedEnough(existing: Opportunity, found: FoundOpportunity): boolean {
  return (
    Math.abs(existing.score - found.score) >= SCORE_STEP ||
    found.riskFlags.some((flag) => !existing.riskFlags.includes(flag)) ||
    found.deadline !== existing.deadline ||
    found.channels.some((channel) => !existing.channels.includes(channel))
  );
}
