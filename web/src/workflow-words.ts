import type { Draft, Post, Review } from '../../server/realtime/protocol.js';

/*
 * Workflow states in the newsroom's words, each with a tone the stylesheet draws with a shape
 * as well as a colour: good (done), wait (someone's turn), warn (needs a look), bad (stopped).
 */

export type Tone = 'good' | 'wait' | 'warn' | 'bad' | 'plain';

export const DRAFT_STATUS: Record<Draft['status'], { words: string; tone: Tone }> = {
  editing: { words: 'Editing', tone: 'plain' },
  in_review: { words: 'In review', tone: 'wait' },
  changes_requested: { words: 'Changes requested', tone: 'warn' },
  approved: { words: 'Approved', tone: 'good' },
  rejected: { words: 'Rejected', tone: 'bad' },
};

export const REVIEW_STATE: Record<Review['state'], { words: string; tone: Tone }> = {
  pending: { words: 'Waiting', tone: 'wait' },
  approved: { words: 'Approved', tone: 'good' },
  changes_requested: { words: 'Changes requested', tone: 'warn' },
  rejected: { words: 'Rejected', tone: 'bad' },
  reopened: { words: 'Replaced by a newer version', tone: 'plain' },
};

export const POST_STATE: Record<Post['state'], { words: string; tone: Tone }> = {
  scheduled: { words: 'Scheduled', tone: 'wait' },
  publishing: { words: 'Publishing', tone: 'wait' },
  published: { words: 'Published', tone: 'good' },
  failed: { words: 'Failed', tone: 'bad' },
  held: { words: 'Held', tone: 'warn' },
  missed: { words: 'Missed', tone: 'bad' },
  cancelled: { words: 'Cancelled', tone: 'plain' },
  needs_confirmation: { words: 'Check it arrived', tone: 'warn' },
  awaiting_manual: { words: 'Post it by hand', tone: 'warn' },
};

/** How one try at sending a post ended (W-PUB-4, W-PUB-5, W-PUB-6). */
export const ATTEMPT_OUTCOME: Record<Post['attempts'][number]['outcome'], { words: string; tone: Tone }> = {
  pending: { words: 'Sending', tone: 'wait' },
  published: { words: 'Went out', tone: 'good' },
  retry: { words: 'Failed, tried again', tone: 'warn' },
  rejected: { words: 'Refused', tone: 'bad' },
  unknown: { words: 'Cut off', tone: 'warn' },
};

export const ROLE_WORDS: Record<Review['role'], string> = { legal: 'Legal', comms: 'Comms' };

/** The first characters of a content hash: enough to tell versions apart at a glance. */
export function shortHash(hash: string): string {
  return hash.replace(/^sha256:/, '').slice(0, 8);
}
