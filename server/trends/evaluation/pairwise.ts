import { f1, tally, type ClusteredItem, type PrecisionRecall } from './bcubed.js';

/**
 * Pairwise precision, recall and F1: over all unordered pairs of items, precision is the share of
 * pairs put in one story that share a label, recall the share of pairs sharing a label that were
 * put in one story. With no pair in one story there is nothing wrong to count: precision 1 (and
 * likewise recall 1 when no two items share a label).
 */
export function pairwise(items: readonly ClusteredItem[]): PrecisionRecall {
  const { clusterSize, labelSize, both } = tally(items);
  const pairs = (sizes: Map<string, number>) => {
    let total = 0;
    for (const n of sizes.values()) total += (n * (n - 1)) / 2;
    return total;
  };
  const predicted = pairs(clusterSize);
  const actual = pairs(labelSize);
  const correct = pairs(both);
  const precision = predicted === 0 ? 1 : correct / predicted;
  const recall = actual === 0 ? 1 : correct / actual;
  return { precision, recall, f1: f1(precision, recall) };
}
