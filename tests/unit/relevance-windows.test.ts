import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_HOURS } from '../../server/domain/index.js';
import { durationWords, isOpen, latestDeadline, openWindows, remainingFraction, remainingMs, storyWindows, windowHours } from '../../server/trends/relevance-windows.js';

const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const story = (channels: Array<'news' | 'bluesky' | 'mastodon' | 'reddit'>, trendingAt: number | null = T0) => ({
  channels,
  trending: trendingAt !== null,
  trendingAt: trendingAt === null ? null : new Date(trendingAt).toISOString(),
});

describe('relevance windows', () => {
  it('opens when the story starts to trend and closes each channel at its own deadline', () => {
    const windows = storyWindows(story(['news', 'bluesky', 'mastodon']));
    expect(windows).toEqual([
      { channel: 'news', opensAt: T0, closesAt: T0 + 8 * HOUR },
      { channel: 'bluesky', opensAt: T0, closesAt: T0 + 2 * HOUR },
      { channel: 'mastodon', opensAt: T0, closesAt: T0 + 3 * HOUR },
    ]);
    expect(latestDeadline(windows)).toBe(T0 + 8 * HOUR);
    expect(openWindows(windows, T0 + 2.5 * HOUR).map((w) => w.channel)).toEqual(['news', 'mastodon']);
  });

  it('has no window while the story does not trend', () => {
    expect(storyWindows(story(['news'], null))).toEqual([]);
    expect(latestDeadline([])).toBeNull();
  });

  it('takes configured hours over the defaults and refuses nonsense', () => {
    const hours = windowHours({ bluesky: 1 });
    expect(hours.bluesky).toBe(1);
    expect(hours.news).toBe(DEFAULT_WINDOW_HOURS.news);
    expect(storyWindows(story(['bluesky']), hours)[0]!.closesAt).toBe(T0 + HOUR);
    expect(() => windowHours({ news: 0 })).toThrow(/news must be a positive number/);
    expect(() => windowHours({ news: Number.NaN })).toThrow();
  });

  it('tells the remaining fraction with an injected clock', () => {
    const [bluesky] = storyWindows(story(['bluesky']));
    expect(remainingFraction(bluesky!, T0 - HOUR)).toBe(1);
    expect(remainingFraction(bluesky!, T0)).toBe(1);
    expect(remainingFraction(bluesky!, T0 + 30 * MIN)).toBeCloseTo(0.75, 10);
    expect(remainingFraction(bluesky!, T0 + HOUR)).toBeCloseTo(0.5, 10);
    expect(remainingFraction(bluesky!, T0 + 2 * HOUR)).toBe(0);
    expect(remainingFraction(bluesky!, T0 + 5 * HOUR)).toBe(0);
    expect(isOpen(bluesky!, T0 + 2 * HOUR - 1)).toBe(true);
    expect(isOpen(bluesky!, T0 + 2 * HOUR)).toBe(false);
    expect(isOpen(bluesky!, T0 - 1)).toBe(false);
    expect(remainingMs(bluesky!, T0 + 50 * MIN)).toBe(70 * MIN);
  });

  it('says durations as a person reads them', () => {
    expect(durationWords(130 * MIN)).toBe('2 h 10 min');
    expect(durationWords(2 * HOUR)).toBe('2 h');
    expect(durationWords(45 * MIN + 59_000)).toBe('45 min');
    expect(durationWords(20_000)).toBe('less than a minute');
  });
});
