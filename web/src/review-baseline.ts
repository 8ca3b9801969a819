import type { Post, Review } from '../../server/realtime/protocol.js';

/**
 * What a reviewer compares a version with: the last version of the draft that was approved, so
 * they read only what changed since the team last said yes.
 *
 * A review record does not keep its decision once a later version reopens it (its state becomes
 * `reopened`), so approval is read where it lasts: a post is only ever made of an approved
 * version (W-POST-1). When no earlier version is known approved but one was reviewed, the
 * reviewer still sees what changed since that round.
 */
export type ReviewBaseline =
  | { kind: 'approved'; version: number }
  | { kind: 'reviewed'; version: number }
  | { kind: 'first' };

export function reviewBaseline(version: number, reviews: ReadonlyArray<Pick<Review, 'version'>>, posts: ReadonlyArray<Pick<Post, 'version'>>): ReviewBaseline {
  const earlier = (v: number) => v < version;
  const approved = posts.map((p) => p.version).filter(earlier);
  if (approved.length > 0) return { kind: 'approved', version: Math.max(...approved) };
  const reviewed = reviews.map((r) => r.version).filter(earlier);
  if (reviewed.length > 0) return { kind: 'reviewed', version: Math.max(...reviewed) };
  return { kind: 'first' };
}

/** The caption over the diff, or what stands in for it. */
export function baselineWords(baseline: ReviewBaseline, version: number): string {
  switch (baseline.kind) {
    case 'approved':
      return `Changes in version ${version} since version ${baseline.version}, the last approved`;
    case 'reviewed':
      return `No earlier version was approved. Changes in version ${version} since version ${baseline.version}, reviewed before`;
    case 'first':
      return 'First review: no earlier version of this draft was reviewed.';
  }
}
