import { describe, expect, it } from 'vitest';
import type { RelevanceWindow } from '../../server/trends/relevance-windows.js';
import { engagementProfile, hourOfWeek, receptionOf, type PostReception } from '../../server/workflow/engagement-hours.js';
import { suggestPostTimes, type PostTimingRules } from '../../server/workflow/post-suggestions.js';
import { buildPost } from '../support/builders.js';

/*
 * W-POST-7: suggested times favour the hours when the channel's audience engaged most with past
 * posts. The history is scripted and every figure below is computed by hand in the comments.
 */

const at = (day: string, hhmm: string) => Date.parse(`2026-${day}T${hhmm}:00.000Z`);
const rules: PostTimingRules = { quietHours: { start: '22:00', end: '07:00', timeZone: 'UTC' }, postsPerHour: 4, timeZone: 'UTC' };
const mastodon = (opens: string, closes: string): RelevanceWindow => ({ channel: 'mastodon', opensAt: at('11-01', opens), closesAt: at('11-01', closes) });
const brief = (suggestions: Array<{ at: string; reason: string }>) => suggestions.map((s) => [s.at.slice(11, 16), s.reason]);

/**
 * Past mastodon posts, final engagement = likes + reposts + replies. 1 November 2026 is a Sunday.
 *   Sunday 14:00–15:00: 40 and 44, avg 42 (the best hour)
 *   Sunday 12:00–13:00: 10
 *   Wednesday 09:00, Thursday 18:00: 6 and 0
 *   overall: (40 + 44 + 10 + 6 + 0) / 5 = 20
 */
const history: PostReception[] = [
  { publishedAt: at('10-25', '14:10'), engagement: 40 },
  { publishedAt: at('10-18', '14:40'), engagement: 44 },
  { publishedAt: at('10-25', '12:20'), engagement: 10 },
  { publishedAt: at('10-28', '09:00'), engagement: 6 },
  { publishedAt: at('10-29', '18:00'), engagement: 0 },
];

describe('suggested times that learn from engagement (rule W-POST-7)', () => {
  it("favour the channel's best hour, weighed against what waiting costs", () => {
    // Window 12:00–15:00, now 12:00. Weight = expected engagement × (0.25 + 0.75 × share of the window left):
    //   12:00 10 × 1 = 10        13:00 20 × 0.75 = 15        14:00 42 × 0.5 = 21
    //   12:15 10 × 0.9375 = 9.4  13:15 20 × 0.6875 = 13.75  14:15 42 × 0.4375 = 18.4
    //   12:30 10 × 0.875 = 8.75  13:30 20 × 0.625 = 12.5    14:30 42 × 0.375 = 15.75
    //   12:45 10 × 0.8125 = 8.1  13:45 20 × 0.5625 = 11.25  14:45 42 × 0.3125 = 13.1
    // Heaviest first, half an hour apart: 14:00 (21), 14:30 (15.75; 14:15 is too close), 13:00 (15).
    const suggestions = suggestPostTimes({ channel: 'mastodon', window: mastodon('12:00', '15:00'), now: at('11-01', '12:00'), channelPosts: [], rules, history });
    expect(brief(suggestions)).toEqual([
      ['13:00', '13:00 UTC: 2 h left on mastodon; no mastodon posts at this hour yet (avg 20 at other hours)'],
      ['14:00', '14:00 UTC: 1 h left on mastodon; your mastodon posts at this hour drew the most engagement (avg 42, 2 posts)'],
      ['14:30', '14:30 UTC: 30 min left on mastodon; your mastodon posts at this hour drew the most engagement (avg 42, 2 posts)'],
    ]);
  });

  it('keep to the earliest moments when every hour left drew the same, and say what it drew', () => {
    // Window 12:00–13:00: every moment is in the Sunday 12:00 hour (avg 10), so the value of time decides.
    const suggestions = suggestPostTimes({ channel: 'mastodon', window: mastodon('12:00', '13:00'), now: at('11-01', '12:00'), channelPosts: [], rules, history });
    expect(brief(suggestions)).toEqual([
      ['12:00', 'now: 1 h left on mastodon; your mastodon posts at this hour drew avg 10 engagement (1 post)'],
      ['12:30', '12:30 UTC: 30 min left on mastodon; your mastodon posts at this hour drew avg 10 engagement (1 post)'],
    ]);
  });

  it('still keep under the cap, however well an hour did', () => {
    // The best hour is full: with posts at 14:00, 14:15, 14:30 and 14:45 and a cap of 4, nothing
    // fits from 14:00; 13:45 would be the fourth in the hour from 13:00:00.001. Left:
    //   12:00 10, 12:15 9.4, 12:30 8.75, 12:45 8.1, 13:00 15, 13:15 13.75, 13:30 12.5, 13:45 11.25
    // Heaviest first, half an hour apart: 13:00, 13:30, then 12:00.
    const channelPosts = [at('11-01', '14:00'), at('11-01', '14:15'), at('11-01', '14:30'), at('11-01', '14:45')];
    const suggestions = suggestPostTimes({ channel: 'mastodon', window: mastodon('12:00', '15:00'), now: at('11-01', '12:00'), channelPosts, rules, history });
    expect(brief(suggestions)).toEqual([
      ['12:00', 'now: 3 h left on mastodon; your mastodon posts at this hour drew avg 10 engagement (1 post)'],
      ['13:00', '13:00 UTC: 2 h left on mastodon; no mastodon posts at this hour yet (avg 20 at other hours)'],
      ['13:30', '13:30 UTC: 1 h 30 min left on mastodon; no mastodon posts at this hour yet (avg 20 at other hours); 3 of at most 4 mastodon posts that hour'],
    ]);
  });

  it('still keep out of quiet hours, however well an hour did', () => {
    // Sunday 22:00 drew 500 once, but 22:00–07:00 is quiet: the window 21:00–23:00 offers 21:00 and 21:30 only.
    const late = [...history, { publishedAt: at('10-25', '22:05'), engagement: 500 }];
    const suggestions = suggestPostTimes({ channel: 'mastodon', window: mastodon('21:00', '23:00'), now: at('11-01', '21:00'), channelPosts: [], rules, history: late });
    expect(suggestions.map((s) => s.at.slice(11, 16))).toEqual(['21:00', '21:30']);
  });

  it('say so when there is no engagement data yet, and keep to the earliest moments', () => {
    const suggestions = suggestPostTimes({ channel: 'mastodon', window: mastodon('12:00', '15:00'), now: at('11-01', '12:00'), channelPosts: [], rules, history: [] });
    expect(brief(suggestions)).toEqual([
      ['12:00', 'now: 3 h left on mastodon; no engagement data yet'],
      ['12:30', '12:30 UTC: 2 h 30 min left on mastodon; no engagement data yet'],
      ['13:00', '13:00 UTC: 2 h left on mastodon; no engagement data yet'],
    ]);
  });
});

describe('engagement per hour of the week', () => {
  it("averages each hour's posts and the whole, and knows the best hour", () => {
    const profile = engagementProfile(history, 'UTC');
    // Sunday is day 6: Sunday 14:00 is hour 6 × 24 + 14 = 158, Sunday 12:00 is 156.
    expect(profile.hours.get(158)).toEqual({ average: 42, posts: 2 });
    expect(profile.hours.get(156)).toEqual({ average: 10, posts: 1 });
    expect(profile.overall).toEqual({ average: 20, posts: 5 });
    expect(profile.bestAverage).toBe(42);
    expect(engagementProfile([], 'UTC')).toMatchObject({ overall: null, bestAverage: null });
  });

  it("reads hours on the team's clock", () => {
    // Sunday 23:30 UTC is Monday 00:30 in Berlin (UTC+1 in November).
    expect(hourOfWeek(at('11-01', '23:30'), 'UTC')).toBe(167);
    expect(hourOfWeek(at('11-01', '23:30'), 'Europe/Berlin')).toBe(0);
    expect(hourOfWeek(at('11-02', '09:15'), 'UTC')).toBe(9);
  });

  it("takes a post's last reading once its watch is over", () => {
    const engagement = [
      { at: '2026-11-01T10:05:00.000Z', likes: 3, reposts: 1, replies: 0 },
      { at: '2026-11-01T12:20:00.000Z', likes: 30, reposts: 8, replies: 4 },
    ];
    const done = buildPost('p', { state: 'published', publishedAt: '2026-11-01T10:00:00.000Z', engagement, nextEngagementAt: null });
    expect(receptionOf(done)).toEqual({ publishedAt: at('11-01', '10:00'), engagement: 42 });
    expect(receptionOf({ ...done, nextEngagementAt: '2026-11-01T13:00:00.000Z' })).toBeNull();
    expect(receptionOf({ ...done, engagement: [] })).toBeNull();
    expect(receptionOf({ ...done, state: 'cancelled' })).toBeNull();
  });
});
