import type { Post, RecordKind, RecordMap } from '../domain/index.js';

/** A post as an older Tidewatch wrote it: the fields added since may be missing. */
type StoredPost = Omit<Post, PostFieldsSince> & Partial<Pick<Post, PostFieldsSince>>;
type PostFieldsSince = 'accountId' | 'idempotencyKey' | 'attempts' | 'nextAttemptAt' | 'failureReason' | 'url' | 'engagement' | 'nextEngagementAt';

/**
 * Gives records written by an older Tidewatch the fields added since, with the value an old
 * record means. Applied in memory when the store opens; the next write saves them. Nothing is
 * invented that could change what happens: a post without an account was always going to be
 * posted by hand, since there were no accounts.
 */
export function upgradeRecords(records: { [K in RecordKind]: Record<string, RecordMap[K]> }): void {
  for (const post of Object.values(records.post) as StoredPost[]) upgradePost(post);
}

function upgradePost(post: StoredPost): void {
  post.accountId ??= null;
  // Derived from the id, so it is the same at every open until a write saves it.
  post.idempotencyKey ??= `idem_${post.id}`;
  post.attempts ??= [];
  post.nextAttemptAt ??= null;
  post.failureReason ??= null;
  post.url ??= null;
  post.engagement ??= [];
  post.nextEngagementAt ??= null;
}
