import { describe, expect, it } from 'vitest';
import { checkScheduleTime, fromLocalInput, toLocalInput } from '../../web/src/schedule-time.js';

const MIN = 60_000;
const NOW = new Date(2026, 10, 1, 12, 0).getTime();
const limits = { now: NOW, channel: 'x', opensAt: NOW - 30 * MIN, closesAt: NOW + 90 * MIN, deadline: NOW + 6 * 60 * MIN };
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);

describe('choosing a custom time to post (W-POST-1, W-POST-2)', () => {
  it('reads and writes datetime-local values in the member’s time zone', () => {
    expect(toLocalInput(NOW)).toBe('2026-11-01T12:00');
    expect(fromLocalInput('2026-11-01T12:00')).toBe(NOW);
    expect(fromLocalInput('2026-11-01T12:00:30')).toBe(NOW + 30_000);
    expect(fromLocalInput(toLocalInput(NOW + 47 * MIN))).toBe(NOW + 47 * MIN);
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('2026-02-31T10:00')).toBeNull();
    expect(fromLocalInput('tomorrow')).toBeNull();
  });

  it('takes a time inside the channel window without a word', () => {
    expect(checkScheduleTime(NOW + 30 * MIN, limits, clock)).toEqual({ ok: true, warning: null });
    expect(checkScheduleTime(NOW - 30_000, limits, clock)).toEqual({ ok: true, warning: null });
  });

  it('refuses what the server refuses: nothing chosen, the past, after the deadline', () => {
    expect(checkScheduleTime(null, limits, clock)).toEqual({ ok: false, reason: 'Choose a date and a time.' });
    const past = checkScheduleTime(NOW - 5 * MIN, limits, clock);
    expect(past.ok).toBe(false);
    expect(!past.ok && past.reason).toMatch(/has passed: choose a later time, or post now/);
    const late = checkScheduleTime(NOW + 7 * 60 * MIN, limits, clock);
    expect(late.ok).toBe(false);
    expect(!late.ok && late.reason).toMatch(/^The window closes at .+, before .+: choose an earlier time\.$/);
  });

  it('warns, without refusing, past the channel’s own window but before the deadline', () => {
    const after = checkScheduleTime(NOW + 3 * 60 * MIN, limits, clock);
    expect(after).toEqual({ ok: true, warning: expect.stringMatching(/^The x window closes at .+; by .+ the reaction is worth little there\.$/) });
  });
});
