import { describe, expect, it } from 'vitest';
import { addUp, engagementWords, latestReading } from '../../web/src/post-engagement.js';
import { buildPost } from '../support/builders.js';

describe("a post's engagement on the board", () => {
  it('words the latest reading, and adds up the posts of one opportunity', () => {
    const post = buildPost('p', {
      engagement: [
        { at: '2026-11-01T10:05:00.000Z', likes: 3, reposts: 1, replies: 0 },
        { at: '2026-11-01T10:10:00.000Z', likes: 1204, reposts: 17, replies: 1 },
      ],
    });
    expect(latestReading(post)).toEqual({ at: '2026-11-01T10:10:00.000Z', likes: 1204, reposts: 17, replies: 1 });
    expect(engagementWords(latestReading(post)!)).toBe('1,204 likes · 17 reposts · 1 reply');
    expect(latestReading(buildPost('q'))).toBeNull();
    expect(addUp([{ likes: 1, reposts: 2, replies: 3 }, { likes: 10, reposts: 20, replies: 30 }])).toEqual({ likes: 11, reposts: 22, replies: 33 });
  });
});
