import { describe, expect, it } from 'vitest';
import type { EngagementSample } from '../../server/domain/index.js';
import { thinSamples } from '../../server/workflow/post-engagement.js';

const samples = (n: number): EngagementSample[] => Array.from({ length: n }, (_, i) => ({ at: `t${i}`, likes: i, reposts: 0, replies: 0 }));
const times = (kept: EngagementSample[]) => kept.map((sample) => sample.likes);

describe('keeping engagement readings under the cap', () => {
  it('thins the older half, every other reading, keeping the first and the latest whole', () => {
    // 49 over a cap of 48: the older 25 keep 13 (0, 2, …, 24), the newer 24 stay.
    const kept = thinSamples(samples(49), 48);
    expect(kept).toHaveLength(37);
    expect(times(kept).slice(0, 14)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 25]);
    expect(times(kept).at(-1)).toBe(48);
  });

  it('leaves readings under the cap alone, and always ends under it', () => {
    expect(thinSamples(samples(48), 48)).toEqual(samples(48));
    expect(times(thinSamples(samples(3), 2))).toEqual([0, 2]);
    expect(times(thinSamples(samples(5), 1))).toEqual([4]);
    expect(thinSamples(samples(5), 0)).toEqual([]);
  });
});
