import type { SkipReason } from './hackernews-item.js';

const DESCRIPTIONS: Record<SkipReason, [string, string]> = {
  missing: ['id that answered null (no such item, or not yet visible)', 'ids that answered null (no such item, or not yet visible)'],
  deleted: ['deleted item', 'deleted items'],
  dead: ['dead (flagged or killed) item', 'dead (flagged or killed) items'],
  'poll option': ['poll option (not a post)', 'poll options (not posts)'],
  unreadable: ['item in an unknown shape', 'items in an unknown shape'],
};

/** Counts skipped items by reason, for one warning per reason rather than one per item. */
export class SkipCounter {
  private readonly counts = new Map<SkipReason, number>();

  add(reason: SkipReason): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
  }

  warnings(): string[] {
    return [...this.counts].map(([reason, count]) => `${count} ${DESCRIPTIONS[reason][count === 1 ? 0 : 1]} skipped`);
  }
}
