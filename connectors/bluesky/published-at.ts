/**
 * When a post was published. `createdAt` is whatever the posting app claimed, and can be in the
 * future; the moment the network first saw the post (the AppView's indexedAt, Jetstream's
 * time_us) cannot be. Like Bluesky's own sort time, the earlier of the two wins, so a backdated
 * import keeps its date and a post from the future falls back to when it was seen. With no
 * such moment, a createdAt in the future is no date at all (the runtime uses the fetch time).
 */
export function publishedAt(createdAt: string | null | undefined, seenAt: string | null | undefined, now: Date): string | null {
  const created = parse(createdAt);
  const seen = parse(seenAt);
  if (created !== null && created <= (seen ?? now.getTime())) return new Date(created).toISOString();
  return seen !== null ? new Date(seen).toISOString() : null;
}

function parse(raw: string | null | undefined): number | null {
  if (!raw) return null;
  const time = Date.parse(raw);
  return Number.isNaN(time) ? null : time;
}
