import { z } from 'zod';
import type { ConnectorItem } from '../connector.js';
import { POST_COLLECTION, postToItem } from './bluesky-post.js';

/** One Jetstream (v1) event: a commit to a repo, or an identity or account change. */
const jetstreamEventSchema = z.object({
  did: z.string(),
  time_us: z.number().int(),
  kind: z.string(),
  commit: z
    .object({
      operation: z.string(),
      collection: z.string(),
      rkey: z.string(),
      record: z.unknown().optional(),
    })
    .optional(),
});
export type JetstreamEvent = z.infer<typeof jetstreamEventSchema>;

export function parseJetstreamEvent(value: unknown): JetstreamEvent | null {
  const parsed = jetstreamEventSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function looksLikeJetstreamEvent(value: unknown): boolean {
  return !!value && typeof value === 'object' && 'did' in value && 'time_us' in value && 'kind' in value;
}

/**
 * A post the firehose carried: a created or edited app.bsky.feed.post. Deletes, likes, reposts,
 * follows, profiles and identity events are not posts. The firehose knows authors by DID only.
 */
export function jetstreamPostToItem(event: JetstreamEvent, handle: string | null, now: Date): ConnectorItem | null {
  const commit = event.commit;
  if (event.kind !== 'commit' || !commit || commit.collection !== POST_COLLECTION) return null;
  if (commit.operation !== 'create' && commit.operation !== 'update') return null;
  return postToItem(
    {
      uri: `at://${event.did}/${POST_COLLECTION}/${commit.rkey}`,
      did: event.did,
      handle,
      record: commit.record,
      // time_us is when Jetstream saw the commit: the "indexed at" of the firehose.
      seenAt: new Date(Math.floor(event.time_us / 1000)).toISOString(),
      engagement: {},
    },
    now,
  );
}
