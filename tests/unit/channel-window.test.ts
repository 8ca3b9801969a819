import { describe, expect, it } from 'vitest';
import { CHANNELS, DEFAULT_WINDOW_HOURS, type Channel } from '../../server/domain/index.js';
import { opportunityWindows } from '../../server/workflow/opportunity-windows.js';
import { channelWindowTimes, opportunityWindowTimes } from '../../web/src/channel-window.js';

const HOUR = 3_600_000;
const OPENS = '2026-11-01T09:00:00.000Z';
const at = (hours: number) => new Date(Date.parse(OPENS) + hours * HOUR).toISOString();

describe('channel windows on the board match the server (opportunity-windows.ts)', () => {
  const cases: Array<{ name: string; channels: Channel[]; deadline: string }> = [
    { name: 'the detector deadline (latest channel close)', channels: ['x', 'mastodon', 'news'], deadline: at(8) },
    { name: 'a deadline set by hand past every close', channels: ['x', 'reddit'], deadline: at(10) },
    { name: 'a deadline before some closes', channels: ['bluesky', 'youtube', 'hackernews'], deadline: at(3) },
    { name: 'a deadline already past the opening by minutes', channels: ['x'], deadline: at(0.25) },
    { name: 'every channel', channels: [...CHANNELS], deadline: at(8) },
  ];
  for (const { name, channels, deadline } of cases) {
    it(name, () => {
      const opportunity = { channels, windowOpensAt: OPENS, deadline };
      expect(opportunityWindowTimes(opportunity, DEFAULT_WINDOW_HOURS)).toEqual(opportunityWindows(opportunity));
    });
  }

  it('falls back to the opportunity window (opening to deadline) while the hours are unknown', () => {
    const opportunity = { channels: ['x'] as Channel[], windowOpensAt: OPENS, deadline: at(8) };
    expect(channelWindowTimes(opportunity, 'x', null)).toEqual({ channel: 'x', opensAt: Date.parse(OPENS), closesAt: Date.parse(at(8)) });
    expect(channelWindowTimes(opportunity, 'x', DEFAULT_WINDOW_HOURS).closesAt).toBe(Date.parse(at(8)));
    expect(channelWindowTimes({ ...opportunity, channels: ['x', 'news'] }, 'x', DEFAULT_WINDOW_HOURS).closesAt).toBe(Date.parse(at(2)));
  });
});
