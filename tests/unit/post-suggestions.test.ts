import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import type { RelevanceWindow } from '../../server/trends/relevance-windows.js';
import { busiestHour, isQuiet, parseQuietHours, suggestPostTimes, type PostTimingRules } from '../../server/workflow/post-suggestions.js';

const at = (hhmm: string, day = '2026-11-01') => Date.parse(`${day}T${hhmm}:00Z`);
const rules: PostTimingRules = { quietHours: { start: '22:00', end: '07:00', timeZone: 'UTC' }, postsPerHour: 4 };
const bluesky = (opens: string, closes: string): RelevanceWindow => ({ channel: 'bluesky', opensAt: at(opens), closesAt: at(closes) });
const brief = (suggestions: Array<{ at: string; reason: string }>) => suggestions.map((s) => [s.at.slice(11, 16), s.reason]);

describe('suggested post times (rule W-POST-7)', () => {
  it('start now and spread over the window, at least half an hour apart, on the quarter hours', () => {
    const suggestions = suggestPostTimes({ channel: 'bluesky', window: bluesky('12:00', '14:00'), now: at('12:20'), channelPosts: [], rules });
    expect(suggestions.map((s) => s.channel)).toEqual(['bluesky', 'bluesky', 'bluesky']);
    expect(brief(suggestions)).toEqual([
      ['12:20', 'now: 1 h 40 min left on bluesky; no engagement data yet'],
      ['13:00', '13:00 UTC: 1 h left on bluesky; no engagement data yet'],
      ['13:30', '13:30 UTC: 30 min left on bluesky; no engagement data yet'],
    ]);
  });

  it("keep the channel at or under its cap in any hour, counting the channel's other posts", () => {
    // Four posts between 13:50 and 14:10: no room until the hour after 13:50 has passed.
    const channelPosts = [at('14:05'), at('13:50'), at('14:10'), at('14:00')];
    const suggestions = suggestPostTimes({ channel: 'bluesky', window: bluesky('14:00', '16:00'), now: at('14:12'), channelPosts, rules });
    expect(brief(suggestions)).toEqual([
      // The hour from 14:00:00.001 holds 14:05 and 14:10: this would be the third.
      ['15:00', '15:00 UTC: 1 h left on bluesky; no engagement data yet; after the 14:10 post, 3 of at most 4 bluesky posts that hour'],
      ['15:30', '15:30 UTC: 30 min left on bluesky; no engagement data yet'],
    ]);
    expect(suggestPostTimes({ channel: 'bluesky', window: bluesky('14:00', '16:00'), now: at('14:12'), channelPosts, rules: { ...rules, postsPerHour: 5 } })[0]!.reason).toBe(
      'now: 1 h 48 min left on bluesky; no engagement data yet; after the 14:10 post, 5 of at most 5 bluesky posts that hour',
    );
  });

  it("skip the team's quiet hours, read on the team's clock", () => {
    // Berlin is UTC+1 in November: quiet from 21:00 to 06:00 UTC.
    const berlin: PostTimingRules = { quietHours: parseQuietHours('22:00-07:00', 'Europe/Berlin'), postsPerHour: 4 };
    const news: RelevanceWindow = { channel: 'news', opensAt: at('20:00'), closesAt: at('08:00', '2026-11-02') };
    const suggestions = suggestPostTimes({ channel: 'news', window: news, now: at('20:40'), channelPosts: [], rules: berlin });
    expect(suggestions.map((s) => s.at)).toEqual(['2026-11-01T20:40:00.000Z', '2026-11-02T06:00:00.000Z', '2026-11-02T06:30:00.000Z']);
    expect(suggestions.map((s) => s.reason)).toEqual([
      'now: 11 h 20 min left on news; no engagement data yet',
      '06:00 UTC: 2 h left on news; no engagement data yet; first time after quiet hours (22:00–07:00 Europe/Berlin)',
      '06:30 UTC: 1 h 30 min left on news; no engagement data yet',
    ]);
  });

  it('offer nothing when the window has closed, is missing, or what is left of it is quiet', () => {
    expect(suggestPostTimes({ channel: 'bluesky', window: bluesky('12:00', '14:00'), now: at('14:00'), channelPosts: [], rules })).toEqual([]);
    expect(suggestPostTimes({ channel: 'bluesky', window: null, now: at('12:00'), channelPosts: [], rules })).toEqual([]);
    expect(suggestPostTimes({ channel: 'bluesky', window: bluesky('22:00', '23:59'), now: at('22:10'), channelPosts: [], rules })).toEqual([]);
    expect(suggestPostTimes({ channel: 'bluesky', window: bluesky('22:00', '23:59'), now: at('22:10'), channelPosts: [], rules: { ...rules, quietHours: null } })).toHaveLength(3);
  });
});

describe('the busiest hour around a time', () => {
  const posts = [at('13:50'), at('14:00'), at('14:05'), at('14:10')];
  it.each([
    ['14:12', 4],
    ['14:45', 4],
    ['14:50', 3],
    ['15:00', 2],
    ['15:10', 0],
    // Posts still to come count too: the hour from 12:50 holds 13:00 and the 13:50 post.
    ['13:00', 1],
    ['12:45', 0],
    // The hour from 13:10 holds 13:55 and all four posts.
    ['13:55', 4],
  ])('at %s holds %i posts', (time, count) => {
    expect(busiestHour(at(time), posts)).toBe(count);
  });

  it('counts the posts after a time as well as before it', () => {
    // Two posts at 13:10 and 13:20: with a cap of two, nothing fits until 14:15.
    const suggestions = suggestPostTimes({
      channel: 'news',
      window: { channel: 'news', opensAt: at('12:00'), closesAt: at('20:00') },
      now: at('13:00'),
      channelPosts: [at('13:10'), at('13:20')],
      rules: { quietHours: null, postsPerHour: 2 },
    });
    expect(brief(suggestions)[0]).toEqual(['14:15', '14:15 UTC: 5 h 45 min left on news; no engagement data yet; after the 13:20 post, 2 of at most 2 news posts that hour']);
  });
});

describe('quiet hours', () => {
  it('wrap past midnight, end at their end, and none means none', () => {
    const quiet = parseQuietHours('22:00-07:00', 'UTC')!;
    expect([at('21:59'), at('22:00'), at('03:00'), at('06:59'), at('07:00')].map((t) => isQuiet(t, quiet))).toEqual([false, true, true, true, false]);
    const lunch = parseQuietHours('12:00-13:30', 'America/New_York')!;
    // New York is UTC−5 in November.
    expect([at('16:59'), at('17:00'), at('18:29'), at('18:30')].map((t) => isQuiet(t, lunch))).toEqual([false, true, true, false]);
    expect(parseQuietHours('none', 'UTC')).toBeNull();
    expect(() => parseQuietHours('10pm-7am', 'UTC')).toThrow(/HH:MM-HH:MM or none/);
  });

  it('are settings with defaults, refused in words when wrong', () => {
    expect(loadConfig({ env: {}, flags: {} })).toMatchObject({ quietHours: '22:00-07:00', timeZone: 'UTC', postsPerHour: 4 });
    expect(loadConfig({ env: { TIDEWATCH_QUIET_HOURS: 'none', TIDEWATCH_TIME_ZONE: 'Europe/Berlin', TIDEWATCH_POSTS_PER_HOUR: '2' }, flags: {} })).toMatchObject({
      quietHours: 'none',
      timeZone: 'Europe/Berlin',
      postsPerHour: 2,
    });
    expect(() => loadConfig({ env: { TIDEWATCH_QUIET_HOURS: '25:00-07:00' }, flags: {} })).toThrow(/invalid setting quietHours .*HH:MM-HH:MM/);
    expect(() => loadConfig({ env: { TIDEWATCH_TIME_ZONE: 'Mars/Olympus' }, flags: {} })).toThrow(/invalid setting timeZone .*IANA time zone/);
    expect(() => loadConfig({ env: { TIDEWATCH_POSTS_PER_HOUR: '0' }, flags: {} })).toThrow(/invalid setting postsPerHour/);
  });
});
