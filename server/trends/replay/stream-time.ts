// Times of stream lines in the one form nearly every stream writes, read without a regex.

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written in `count` digits from `at`, or -1 if one of them is not a digit. */
function digitsAt(value: string, at: number, count: number): number {
  let number = 0;
  for (let i = at; i < at + count; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    number = number * 10 + digit;
  }
  return number;
}

/**
 * The time of the form nearly every stream writes (toISOString's, 2024-06-11T08:30:00.000Z, or
 * without the milliseconds), read without a regex or Date.parse: with every part in range the
 * ISO 8601 pattern matches and Date.parse gives exactly Date.UTC of the parts. NaN for anything
 * else (other forms, a 31st of June, years before 100 that Date.UTC would shift into the 1900s),
 * which then takes the long way.
 */
export function quickTime(value: string): number {
  const length = value.length;
  if (length !== 24 && length !== 20) return NaN;
  // - - T : : Z
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || value.charCodeAt(10) !== 84) return NaN;
  if (value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58 || value.charCodeAt(length - 1) !== 90) return NaN;
  let millis = 0;
  if (length === 24) {
    if (value.charCodeAt(19) !== 46) return NaN;
    millis = digitsAt(value, 20, 3);
    if (millis < 0) return NaN;
  }
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  const hour = digitsAt(value, 11, 2);
  const minute = digitsAt(value, 14, 2);
  const second = digitsAt(value, 17, 2);
  if (year < 100 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > MONTH_DAYS[month - 1]! + (leap ? 1 : 0)) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}
