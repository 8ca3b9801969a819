/** B-cubed precision, recall and F1 over items, as the data README defines them. */
export function bcubed(items: Array<{ cluster: string; label: string }>): { precision: number; recall: number; f1: number } {
  const clusterSize = new Map<string, number>();
  const labelSize = new Map<string, number>();
  const both = new Map<string, number>();
  for (const { cluster, label } of items) {
    clusterSize.set(cluster, (clusterSize.get(cluster) ?? 0) + 1);
    labelSize.set(label, (labelSize.get(label) ?? 0) + 1);
    both.set(`${cluster}\0${label}`, (both.get(`${cluster}\0${label}`) ?? 0) + 1);
  }
  let precision = 0;
  let recall = 0;
  for (const { cluster, label } of items) {
    const shared = both.get(`${cluster}\0${label}`)!;
    precision += shared / clusterSize.get(cluster)!;
    recall += shared / labelSize.get(label)!;
  }
  precision /= items.length || 1;
  recall /= items.length || 1;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}
