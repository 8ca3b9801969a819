import type { Draft, Opportunity, Post } from '../domain/index.js';
import { denied, type Guard } from './guard.js';
import { invalidState } from './opportunity-machine.js';
import type { WorkflowError } from './workflow-errors.js';

export interface PostScene {
  post: Post;
  draft: Draft;
  opportunity: Opportunity;
}

/** The content hash the draft has approved right now, or null when it has none. */
export function approvedHash(draft: Draft): string | null {
  if (draft.status !== 'approved' || draft.submittedVersion === null) return null;
  return draft.versions.find((v) => v.version === draft.submittedVersion)?.contentHash ?? null;
}

function cancellable({ post }: PostScene): WorkflowError | null {
  // W-POST-3: a post waiting for a person to post it by hand can be given up too (W-PUB-7).
  if (post.state === 'scheduled' || post.state === 'held' || post.state === 'awaiting_manual') return null;
  return invalidState(`the post is ${words(post.state)}; only a scheduled, held or by-hand post can be cancelled`, post.state, post);
}

function awaitingManual({ post }: PostScene): WorkflowError | null {
  if (post.state === 'awaiting_manual') return null;
  return invalidState(`the post is ${words(post.state)}; only a post waiting to be posted by hand takes the address of where it went out`, post.state, post);
}

function unconfirmed({ post }: PostScene): WorkflowError | null {
  if (post.state === 'needs_confirmation') return null;
  return invalidState(`the post is ${words(post.state)}; only a post whose send was cut off waits for someone to confirm it`, post.state, post);
}

const words = (state: string) => state.replace('_', ' ');

function overridable({ post, opportunity, draft }: PostScene): WorkflowError | null {
  if (post.state !== 'held') return invalidState(`the post is ${post.state}; only a held post can be overridden`, post.state, post);
  if (opportunity.state === 'dismissed') return invalidState('the opportunity was dismissed; nothing of it goes out', opportunity.state, opportunity);
  // W-POST-4: an override sends late, never unapproved: the words must still be the approved ones.
  if (approvedHash(draft) !== post.contentHash) {
    return invalidState('its draft changed after this post was scheduled: cancel it, and schedule the approved version once reviews approve it', post.state, post);
  }
  return null;
}

/** Rules W-POST-*, W-PUB-7, W-PUB-8 and W-ROLE-1, per verb the board can show on a post. */
export const POST_GUARDS = {
  cancel: (principal, scene) => denied(principal, 'posts.cancel') ?? cancellable(scene),
  override: (principal, scene) => denied(principal, 'posts.override') ?? overridable(scene),
  record: (principal, scene) => denied(principal, 'posts.confirm') ?? awaitingManual(scene),
  confirm: (principal, scene) => denied(principal, 'posts.confirm') ?? unconfirmed(scene),
} satisfies Record<string, Guard<PostScene>>;

export type PostVerb = keyof typeof POST_GUARDS;
