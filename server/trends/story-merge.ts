/** A story's best match among the others, by centroid cosine; null when it has none. */
export interface BestMatch {
  id: string;
  score: number;
}

/**
 * Which stories to merge in one pass: a pair only when each is the other's best match and their
 * similarity reaches the threshold; a story takes part in at most one pair, so merges never
 * chain (A → B → C does not pull A in with B and C). `best` may compute lazily: it is asked
 * only about the stories looked at and their partners.
 */
export function mutualBestPairs(ids: readonly string[], best: (id: string) => BestMatch | null, threshold: number): Array<[string, string]> {
  const taken = new Set<string>();
  const pairs: Array<[string, string]> = [];
  for (const id of ids) {
    if (taken.has(id)) continue;
    const match = best(id);
    if (!match || match.score < threshold || taken.has(match.id) || match.id === id) continue;
    const back = best(match.id);
    if (!back || back.id !== id) continue;
    pairs.push([id, match.id]);
    taken.add(id);
    taken.add(match.id);
  }
  return pairs;
}
