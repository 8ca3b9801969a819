import { describe, expect, it } from 'vitest';
import { countOf, formatCount, formatDay, formatHitRecord, formatMinutes, formatPercent, formatPeriod, formatSentiment, NO_FIGURE, sentimentTone } from '../../web/src/dashboard-format.js';

describe('dashboard formatting', () => {
  it('says durations in minutes, hours and days the way a person would', () => {
    expect(formatMinutes(0)).toBe('0 min');
    expect(formatMinutes(0.4)).toBe('< 1 min');
    expect(formatMinutes(25)).toBe('25 min');
    expect(formatMinutes(59.6)).toBe('1 h');
    expect(formatMinutes(85)).toBe('1 h 25 min');
    expect(formatMinutes(180)).toBe('3 h');
    expect(formatMinutes(24 * 60)).toBe('1 d');
    expect(formatMinutes(2 * 24 * 60 + 4 * 60 + 20)).toBe('2 d 4 h');
  });

  it('shows a dash, not a zero, when there is no figure', () => {
    expect(formatMinutes(null)).toBe(NO_FIGURE);
    expect(formatMinutes(Number.NaN)).toBe(NO_FIGURE);
    expect(formatPercent(null)).toBe(NO_FIGURE);
    expect(formatSentiment(null)).toBe(NO_FIGURE);
  });

  it('writes shares as whole percentages with a space, and a tiny share as less than one', () => {
    expect(formatPercent(0.62)).toBe('62 %');
    expect(formatPercent(0.6249)).toBe('62 %');
    expect(formatPercent(1)).toBe('100 %');
    expect(formatPercent(0)).toBe('0 %');
    expect(formatPercent(0.001)).toBe('< 1 %');
  });

  it('counts with separators and makes the noun agree', () => {
    expect(formatCount(1204)).toBe('1,204');
    expect(countOf(1, 'item')).toBe('1 item');
    expect(countOf(3, 'opportunity', 'opportunities')).toBe('3 opportunities');
  });

  it('states the prediction record as "9 of 14 grew"', () => {
    expect(formatHitRecord(9, 14)).toBe('9 of 14 grew');
    expect(formatHitRecord(0, 0)).toBe('none raised');
  });

  it('signs sentiment and names its tone', () => {
    expect(formatSentiment(1.24)).toBe('+1.2');
    expect(formatSentiment(-0.36)).toBe('−0.4');
    expect(formatSentiment(0.02)).toBe('0.0');
    expect(sentimentTone(1)).toBe('positive');
    expect(sentimentTone(-2)).toBe('negative');
    expect(sentimentTone(0.2)).toBe('neutral');
    expect(sentimentTone(null)).toBe('unknown');
  });

  it('names days and periods in UTC, the period ending the day before its exclusive end', () => {
    expect(formatDay('2024-06-03')).toBe('3 Jun');
    expect(formatDay('2024-06-03', true)).toBe('3 Jun 2024');
    expect(formatPeriod('2024-06-01T00:00:00.000Z', '2024-07-01T00:00:00.000Z')).toBe('1 Jun – 30 Jun 2024');
  });
});
