import { describe, expect, it } from 'vitest';
import { OpportunityTracker } from '../../server/trends/replay/opportunities.js';
import type { StreamItem } from '../../server/trends/replay/stream-item.js';

const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);
const HOUR = 3_600_000;

function item(id: string, hours: number): StreamItem {
  return { line: 0, id, sourceId: 'harbor-daily', channel: 'news', author: null, title: `Harbor Bridge closed ${id}`, text: '', publishedAt: T0 + hours * HOUR, url: null, lang: null, engagement: {}, label: null };
}

describe('OpportunityTracker memory', () => {
  it('drops the documents of stories idle past the detector’s forgetting, keeps the others', () => {
    const tracker = new OpportunityTracker([], 48 * HOUR);
    tracker.onItem(item('a1', 0), 'story-a');
    tracker.onItem(item('b1', 0), 'story-b');
    tracker.onItem(item('b2', 30), 'story-b');
    tracker.onItem(item('c1', 40), 'story-c');
    expect(tracker.storiesHeld).toBe(3);
    // 50 h after a1: story-a has been idle past 48 h; story-b only 20 h.
    tracker.onItem(item('c2', 50), 'story-c');
    expect(tracker.storiesHeld).toBe(2);
    tracker.onItem(item('c3', 79), 'story-c');
    expect(tracker.storiesHeld).toBe(1);
  });

  it('keeps a merged story as recent as the latest of the two', () => {
    const tracker = new OpportunityTracker([], 48 * HOUR);
    tracker.onItem(item('a1', 0), 'story-a');
    tracker.onItem(item('b1', 20), 'story-b');
    tracker.onMerge('story-b', 'story-a');
    expect(tracker.storiesHeld).toBe(1);
    // 60 h: story-a's own item is 60 h old, but the merged one only 40 h.
    tracker.onItem(item('z1', 60), 'story-z');
    expect(tracker.storiesHeld).toBe(2);
  });
});
