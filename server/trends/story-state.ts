import type { Channel } from '../domain/index.js';

/** The detector's working memory of one story. */
export interface StoryState {
  id: string;
  label: string;
  /** Summed term weights of the story's items: the centroid before normalisation. */
  centroid: Map<string, number>;
  surfaces: Map<string, string>;
  channels: Set<Channel>;
  sources: Set<string>;
  authors: Set<string>;
  itemCount: number;
  firstSeen: number;
  lastSeen: number;
  /** Item counts by bucket index (time / bucket size). */
  buckets: Map<number, number>;
  /** Sources seen per bucket, to count distinct sources over the last hour. */
  bucketSources: Map<number, Set<string>>;
  trending: boolean;
  trendingAt: number | null;
  velocity: number;
  acceleration: number;
  burstScore: number;
}

/** The strongest terms, so a story stays cheap to compare however many items it holds. */
export const CENTROID_TERMS = 60;

export function trimCentroid(state: StoryState): void {
  if (state.centroid.size <= CENTROID_TERMS * 2) return;
  const kept = [...state.centroid.entries()].sort((a, b) => b[1] - a[1]).slice(0, CENTROID_TERMS);
  state.centroid = new Map(kept);
}

export function topTerms(state: StoryState, count: number): string[] {
  return [...state.centroid.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key]) => state.surfaces.get(key) ?? key);
}
