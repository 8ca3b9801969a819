import { describe, expect, it } from 'vitest';
import { Replay } from '../../server/trends/replay/replay.js';
import type { StreamItem } from '../../server/trends/replay/stream-item.js';

const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);
const MIN = 60_000;

function item(id: string, source: string, title: string, minute: number): StreamItem {
  return { line: 0, id, sourceId: source, channel: 'news', author: null, title, text: '', publishedAt: T0 + minute * MIN, url: null, lang: null, engagement: {}, label: null };
}

describe('replay outputs after a merge', () => {
  it("put every item of a merged story under the story it went into, beyond the detector's per-story item list", () => {
    // Halves kept apart on arrival (high join threshold) and joined by the merge pass; each story
    // lists only its newest item, so the detector's own item → story answer goes stale for the rest.
    const stream = [
      item('h1', 'harbor-daily', 'Harbor Bridge closed after cargo ship strikes pier', 0),
      item('o1', 'harbor-daily', 'Westmarch brewery wins gold at national craft beer awards', 1),
      item('h2', 'metro-pulse', 'Cargo ship strikes Harbor Bridge pier, bridge closed', 2),
      item('o2', 'metro-pulse', 'National craft beer awards: gold for Westmarch brewery', 3),
      item('h3', 'calder-courier', 'Harbor Bridge pier damage: engineers inspect span after cargo ship strike', 4),
      item('h4', 'bayline-now', 'Engineers inspect Harbor Bridge span after cargo ship strike damages pier', 6),
      // Moves the clock past the next merge pass.
      item('z1', 'metro-pulse', 'Dunmore Heights students win regional robotics championship', 30),
    ];
    const ingested = new Map<string, string>();
    const merged: Array<{ from: string; into: string }> = [];
    const replay = new Replay({
      detector: { joinThreshold: 0.6, joinFloor: 0.6, mergeThreshold: 0.3, maxItemsPerStory: 1 },
      onItem: (i, story) => ingested.set(i.id, story),
      onMerge: (from, into) => merged.push({ from, into }),
    });
    for (const i of stream) replay.feed(i);
    const { assignments, stories } = replay.finish();
    // The scene holds what the test is about: the halves started apart and were merged.
    expect(ingested.get('h1')).not.toBe(ingested.get('h3'));
    expect(merged).toHaveLength(1);
    const storyOf = (id: string) => assignments.find((a) => a.id === id)!.story;
    expect(new Set(['h1', 'h2', 'h3', 'h4'].map(storyOf)).size).toBe(1);
    expect(storyOf('h1')).toBe(merged[0]!.into);
    expect(stories.find((s) => s.story === merged[0]!.from)).toBeUndefined();
    expect(stories.find((s) => s.story === merged[0]!.into)!.items).toBe(4);
  });
});
