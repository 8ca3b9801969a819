import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../connectors/http/feed-date.js';

const NOW = new Date('2024-06-11T12:00:00Z');
const iso = (raw: string) => parseFeedDate(raw, NOW).iso;

describe('parseFeedDate', () => {
  it.each([
    ['Tue, 11 Jun 2024 08:30:00 GMT', '2024-06-11T08:30:00.000Z'],
    ['Tue 11 Jan 2011 01:30:00 GMT', '2011-01-11T01:30:00.000Z'],
    ['03 Apr 02 1500 GMT', '2002-04-03T15:00:00.000Z'],
    ['Sat, Dec 16 2023 02:02:33 PM', '2023-12-16T14:02:33.000Z'],
    ['Thurs, 01 Feb 2024 10:00:00 CET', '2024-02-01T09:00:00.000Z'],
    ['Wed, 02 Oct 2002 08:00:00 EST', '2002-10-02T13:00:00.000Z'],
    ['Seg, 24 Set 2018 19:42:40 -0300', '2018-09-24T22:42:40.000Z'],
    ['Mi, 05 Mär 2024 10:00:00 +0100', '2024-03-05T09:00:00.000Z'],
    ['2023-12-16', '2023-12-16T00:00:00.000Z'],
    ['2024-06-11T10:00:00', '2024-06-11T10:00:00.000Z'],
    ['2024-06-11 10:00:00+02', '2024-06-11T08:00:00.000Z'],
    ['2004-06-02T19:07:55-04:00', '2004-06-02T23:07:55.000Z'],
    ['2003-12-31T10:14:55.123Z', '2003-12-31T10:14:55.000Z'],
  ])('%s → %s', (raw, expected) => {
    expect(iso(raw)).toBe(expected);
  });

  it('reads a date without a zone as UTC, whatever the machine says', () => {
    expect(iso('11 Jun 2024 08:30')).toBe('2024-06-11T08:30:00.000Z');
  });

  it('refuses what is not a date instead of guessing (JavaScript reads "hello 5" as May 2001)', () => {
    for (const raw of ['hello 5', '1', 'yesterday', 'Mon, 32 Jan 2024 10:00 +0100', '0000-00-00']) {
      expect(parseFeedDate(raw, NOW)).toEqual({ iso: null, warning: `an unreadable date "${raw}" was ignored` });
    }
    expect(parseFeedDate('', NOW)).toEqual({ iso: null, warning: null });
    expect(parseFeedDate(undefined, NOW)).toEqual({ iso: null, warning: null });
  });

  it('takes a date up to a day ahead (clock skew) and refuses one further ahead', () => {
    expect(iso('2024-06-12T11:00:00Z')).toBe('2024-06-12T11:00:00.000Z');
    expect(parseFeedDate('2024-06-13T12:00:01Z', NOW)).toEqual({ iso: null, warning: 'a date in the future (2024-06-13T12:00:01.000Z) was ignored' });
  });
});
