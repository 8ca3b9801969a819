/**
 * The externalIds each source returned lately, so a connector that hands back the same old items
 * run after run costs a set lookup instead of store work. Bounded per source: the oldest ids are
 * forgotten first, and a forgotten id still dedupes in the store by its item id. Kept in memory:
 * after a restart the store does the first round of deduping again.
 */
export class SeenIds {
  private readonly bySource = new Map<string, Set<string>>();

  constructor(private readonly perSource = 5_000) {}

  has(sourceId: string, externalId: string): boolean {
    return this.bySource.get(sourceId)?.has(externalId) ?? false;
  }

  remember(sourceId: string, externalIds: readonly string[]): void {
    let seen = this.bySource.get(sourceId);
    if (!seen) this.bySource.set(sourceId, (seen = new Set()));
    for (const id of externalIds) {
      // Seen again: move it to the young end, so ids still in the feed are the last forgotten.
      seen.delete(id);
      seen.add(id);
    }
    for (const oldest of seen) {
      if (seen.size <= this.perSource) break;
      seen.delete(oldest);
    }
  }

  forget(sourceId: string): void {
    this.bySource.delete(sourceId);
  }

  size(sourceId: string): number {
    return this.bySource.get(sourceId)?.size ?? 0;
  }
}
