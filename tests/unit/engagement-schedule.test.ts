import { describe, expect, it } from 'vitest';
import { firstEngagementPoll, nextEngagementPoll, watchEndsAt, type EngagementWatch } from '../../server/workflow/engagement-schedule.js';

const at = (hhmm: string, day = '01') => Date.parse(`2026-11-${day}T${hhmm}:00.000Z`);
const clock = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().slice(11, 16));

/** Every reading of a watch, from publication to the end, as HH:MM. */
function readings(watch: EngagementWatch): string[] {
  const times: string[] = [];
  for (let next = nextEngagementPoll(watch, watch.publishedAt); next !== null; next = nextEngagementPoll(watch, next)) times.push(clock(next)!);
  return times;
}

describe('the engagement schedule', () => {
  it('reads every 5 min for half an hour, every 15 min until 2 h, then hourly, with a last reading at the close', () => {
    // Published at 10:00 on an opportunity whose window closes at 14:20.
    const watch = { publishedAt: at('10:00'), windowClosesAt: at('14:20') };
    expect(readings(watch)).toEqual([
      '10:05', '10:10', '10:15', '10:20', '10:25', '10:30',
      '10:45', '11:00', '11:15', '11:30', '11:45', '12:00',
      '13:00', '14:00', '14:20',
    ]);
    expect(clock(watchEndsAt(watch))).toBe('14:20');
  });

  it('moves on from a late reading to the next time after it rather than catching up', () => {
    const watch = { publishedAt: at('10:00'), windowClosesAt: at('14:20') };
    expect(clock(nextEngagementPoll(watch, at('10:07')))).toBe('10:10');
    // The server was down from 10:08 to 10:52: the next reading after one at 10:52 is at 11:00.
    expect(clock(nextEngagementPoll(watch, at('10:52')))).toBe('11:00');
    expect(clock(nextEngagementPoll(watch, at('12:00')))).toBe('13:00');
    expect(clock(nextEngagementPoll(watch, at('14:05')))).toBe('14:20');
    expect(nextEngagementPoll(watch, at('14:20'))).toBeNull();
    expect(nextEngagementPoll(watch, at('18:00'))).toBeNull();
  });

  it('stops 24 h after publication however long the window', () => {
    const watch = { publishedAt: at('10:00'), windowClosesAt: at('10:00', '04') };
    const times = readings(watch);
    expect(times).toHaveLength(6 + 6 + 22);
    expect(times.slice(-3)).toEqual(['08:00', '09:00', '10:00']);
    expect(watchEndsAt(watch)).toBe(at('10:00', '02'));
  });

  it('watches a post sent late, or just before the close, through the first half hour', () => {
    // Sent at 15:00 with an override, after the window closed at 14:00.
    expect(readings({ publishedAt: at('15:00'), windowClosesAt: at('14:00') })).toEqual(['15:05', '15:10', '15:15', '15:20', '15:25', '15:30']);
    // Sent at 13:50 into a window that closes at 14:00.
    expect(readings({ publishedAt: at('13:50'), windowClosesAt: at('14:00') })).toEqual(['13:55', '14:00', '14:05', '14:10', '14:15', '14:20']);
  });

  it('the first reading is 5 min after publication', () => {
    expect(clock(firstEngagementPoll({ publishedAt: at('10:00'), windowClosesAt: at('12:00') }))).toBe('10:05');
  });
});
