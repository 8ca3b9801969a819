/** One scored item: the story the detector put it in and its true label. */
export interface ClusteredItem {
  cluster: string;
  label: string;
}

export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
}

/**
 * B-cubed precision, recall and F1 over items, as ../shared/data/README.md defines them: for each
 * item, the share of its story that has its label (precision) and the share of its label that is
 * in its story (recall), averaged over items. The caller passes only the items it scores (those
 * whose label is not `none`), so a story's size here counts scored items only.
 */
export function bcubed(items: readonly ClusteredItem[]): PrecisionRecall {
  const { clusterSize, labelSize, both } = tally(items);
  let precision = 0;
  let recall = 0;
  for (const { cluster, label } of items) {
    const shared = both.get(`${cluster}\0${label}`)!;
    precision += shared / clusterSize.get(cluster)!;
    recall += shared / labelSize.get(label)!;
  }
  precision /= items.length || 1;
  recall /= items.length || 1;
  return { precision, recall, f1: f1(precision, recall) };
}

/** How many items each story holds, each label holds, and each story holds of each label (key `story\0label`). */
export function tally(items: readonly ClusteredItem[]): { clusterSize: Map<string, number>; labelSize: Map<string, number>; both: Map<string, number> } {
  const clusterSize = new Map<string, number>();
  const labelSize = new Map<string, number>();
  const both = new Map<string, number>();
  for (const { cluster, label } of items) {
    clusterSize.set(cluster, (clusterSize.get(cluster) ?? 0) + 1);
    labelSize.set(label, (labelSize.get(label) ?? 0) + 1);
    both.set(`${cluster}\0${label}`, (both.get(`${cluster}\0${label}`) ?? 0) + 1);
  }
  return { clusterSize, labelSize, both };
}

export function f1(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}
