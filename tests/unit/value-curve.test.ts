import { describe, expect, it } from 'vitest';
import { reactionValue, timeWeight } from '../../server/trends/opportunity-score.js';
import { latestDeadline } from '../../server/trends/relevance-windows.js';
import { channelWindow, opportunityWindows } from '../../server/workflow/opportunity-windows.js';
import { valueCurve } from '../../server/workflow/value-curve.js';
import { buildOpportunity } from '../support/builders.js';

const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const iso = (ms: number) => new Date(ms).toISOString();
const opportunity = (channels: Array<'bluesky' | 'news' | 'mastodon'>, deadline: number) =>
  buildOpportunity('opp-1', { channels, windowOpensAt: iso(T0), deadline: iso(deadline) });

describe("an opportunity's windows", () => {
  it("are the detector's: each channel closes its own hours after the window opened, the latest at the deadline", () => {
    // What the detector raises: the deadline is the latest close among the channels (news, 8 h).
    const windows = opportunityWindows(opportunity(['bluesky', 'news'], T0 + 8 * HOUR));
    expect(windows).toEqual([
      { channel: 'bluesky', opensAt: T0, closesAt: T0 + 2 * HOUR },
      { channel: 'news', opensAt: T0, closesAt: T0 + 8 * HOUR },
    ]);
  });

  it('never close past a deadline an editor set sooner', () => {
    expect(opportunityWindows(opportunity(['bluesky', 'news'], T0 + 90 * MIN)).map((w) => w.closesAt)).toEqual([T0 + 90 * MIN, T0 + 90 * MIN]);
    expect(opportunityWindows(opportunity(['bluesky', 'news'], T0 + 5 * HOUR)).map((w) => w.closesAt)).toEqual([T0 + 2 * HOUR, T0 + 5 * HOUR]);
  });

  it('stretch the longest-lived channel to a later deadline, so the latest window still ends at it', () => {
    const windows = opportunityWindows(opportunity(['bluesky', 'mastodon'], T0 + 10 * HOUR));
    expect(windows.map((w) => [w.channel, (w.closesAt - T0) / HOUR])).toEqual([
      ['bluesky', 2],
      ['mastodon', 10],
    ]);
  });

  it('always end, at the latest, at the deadline', () => {
    for (const hours of [0.5, 2, 3, 7.25, 8, 12]) {
      const deadline = T0 + hours * HOUR;
      expect(latestDeadline(opportunityWindows(opportunity(['bluesky', 'mastodon', 'news'], deadline)))).toBe(deadline);
    }
  });

  it('name one channel, or none where the opportunity does not react', () => {
    const o = opportunity(['bluesky'], T0 + 2 * HOUR);
    expect(channelWindow(o, 'bluesky')).toEqual({ channel: 'bluesky', opensAt: T0, closesAt: T0 + 2 * HOUR });
    expect(channelWindow(o, 'news')).toBeNull();
  });
});

describe('the value curve', () => {
  it('uses the score\'s own time weighting: whole at the opening, a quarter at the last minute, nothing after', () => {
    const [window] = opportunityWindows(opportunity(['bluesky'], T0 + 2 * HOUR));
    expect(timeWeight(1)).toBe(1);
    expect(timeWeight(0)).toBe(0.25);
    expect(reactionValue([window!], T0)).toBe(1);
    expect(reactionValue([window!], T0 + HOUR)).toBe(0.625);
    expect(reactionValue([window!], T0 + 2 * HOUR)).toBe(0);
  });

  it('is worth what the best open window still offers, now, in 30 min and in 2 h (hand-computed)', () => {
    // bluesky closes at 11:00, news at 17:00; now is 10:00.
    const windows = opportunityWindows(opportunity(['bluesky', 'news'], T0 + 8 * HOUR));
    expect(valueCurve(windows, T0 + HOUR)).toEqual([
      // news has 7 of its 8 hours left: 0.25 + 0.75 × 7/8 = 0.90625
      { label: 'now', at: '2026-11-01T10:00:00.000Z', value: 0.906 },
      // 6.5 of 8: 0.25 + 0.75 × 0.8125 = 0.859375
      { label: 'in 30 min', at: '2026-11-01T10:30:00.000Z', value: 0.859 },
      // bluesky has closed; news 5 of 8: 0.25 + 0.75 × 0.625 = 0.71875
      { label: 'in 2 h', at: '2026-11-01T12:00:00.000Z', value: 0.719 },
    ]);
  });

  it('falls to nothing once the window has closed', () => {
    // bluesky alone: 1 of 2 hours left now, half an hour later a quarter, closed in 2 h.
    const windows = opportunityWindows(opportunity(['bluesky'], T0 + 2 * HOUR));
    expect(valueCurve(windows, T0 + HOUR).map((p) => p.value)).toEqual([0.625, 0.438, 0]);
    expect(valueCurve(windows, T0 + 3 * HOUR).map((p) => p.value)).toEqual([0, 0, 0]);
  });
});
