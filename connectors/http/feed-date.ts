export interface DateReading {
  /** ISO 8601 in UTC, or null when the text is not a date we can trust. */
  iso: string | null;
  /** Why a date that was there was not used; null when it was used (or there was none). */
  warning: string | null;
}

/** Clocks and time zones drift: a date up to a day ahead is taken as it is, beyond that it is a mistake. */
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

/**
 * Time zone names that JavaScript's parser does not know (it knows UT, UTC, GMT and the North
 * American ones). Ambiguous names (IST, BST in other regions) take their most common meaning in
 * news feeds.
 */
const ZONES: Record<string, string> = {
  CET: '+0100', CEST: '+0200', MET: '+0100', MEST: '+0200', WET: '+0000', WEST: '+0100', EET: '+0200', EEST: '+0300',
  BST: '+0100', IST: '+0530', MSK: '+0300', JST: '+0900', KST: '+0900', HKT: '+0800', SGT: '+0800', AWST: '+0800',
  ACST: '+0930', AEST: '+1000', AEDT: '+1100', NZST: '+1200', NZDT: '+1300', HST: '-1000', AKST: '-0900', AKDT: '-0800',
  AST: '-0400', ADT: '-0300', NST: '-0330', NDT: '-0230', BRT: '-0300', ART: '-0300',
};

/** Month names of the languages whose feeds most often write RFC 822 dates in their own words. */
const LOCAL_MONTHS: Record<string, string> = {
  ene: 'Jan', gen: 'Jan', janv: 'Jan', januar: 'Jan', fev: 'Feb', 'fév': 'Feb', fevr: 'Feb', 'févr': 'Feb', februar: 'Feb',
  mars: 'Mar', 'mär': 'Mar', 'märz': 'Mar', marz: 'Mar', abr: 'Apr', avr: 'Apr', mai: 'May', mag: 'May', juin: 'Jun', giu: 'Jun',
  juil: 'Jul', lug: 'Jul', ago: 'Aug', 'août': 'Aug', aout: 'Aug', set: 'Sep', sept: 'Sep', out: 'Oct', okt: 'Oct', ott: 'Oct',
  dez: 'Dec', dic: 'Dec', 'déc': 'Dec',
};
const LOCAL_MONTH = new RegExp(`(?<![\\p{L}])(?:${Object.keys(LOCAL_MONTHS).join('|')})\\.?(?![\\p{L}])`, 'giu');
const MONTH = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b/i;
const ISO_LIKE = /^(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?)?$/i;

/**
 * Reads the dates feeds write: RFC 822 (with or without the weekday, two-digit years, "1500"
 * for "15:00", named zones), W3C/ISO 8601 with or without a zone or a time, and the looser
 * forms JavaScript's parser accepts. A date without a zone is read as UTC, so the answer does
 * not depend on the machine. A date more than a day after `now` is refused: a wrong date must
 * not pin an item to the top of the board for years.
 */
export function parseFeedDate(raw: string | null | undefined, now: Date): DateReading {
  const text = raw?.replace(/\s+/g, ' ').trim();
  if (!text) return { iso: null, warning: null };
  const time = parseTime(text);
  if (time === null) return { iso: null, warning: `an unreadable date "${text.slice(0, 60)}" was ignored` };
  if (time > now.getTime() + FUTURE_TOLERANCE_MS) {
    return { iso: null, warning: `a date in the future (${new Date(time).toISOString()}) was ignored` };
  }
  return { iso: new Date(time).toISOString(), warning: null };
}

function parseTime(text: string): number | null {
  const iso = ISO_LIKE.exec(text);
  if (iso) {
    const [, year, month, day = '01', hour = '00', minute = '00', second = '00', zone] = iso;
    const offset = !zone || /^z$/i.test(zone) ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
    return checked(Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}${offset}`));
  }
  const english = text.replace(LOCAL_MONTH, (word) => LOCAL_MONTHS[word.toLowerCase().replace(/\.$/, '')] ?? word);
  // Without a month name JavaScript's parser guesses wildly ("hello 5" is May 2001).
  if (!MONTH.test(english) || !/\d/.test(english)) return null;
  let normalized = english
    // "03 Apr 02 1500 GMT": a time without its colon.
    .replace(/(\s)(\d{2})(\d{2})(?=\s+(?:[A-Z]{1,5}|[+-]\d{4})\s*$)/, '$1$2:$3')
    // "Thurs," "Tues.": weekdays are redundant and only trip the parser up.
    .replace(/^[A-Za-z]+\.?,?\s+(?=\d|[A-Za-z]{3})/, (weekday) => (MONTH.test(weekday) ? weekday : ''));
  const zone = /\b([A-Z]{3,4})\s*$/.exec(normalized)?.[1];
  if (zone && ZONES[zone]) normalized = normalized.replace(/\b[A-Z]{3,4}\s*$/, ZONES[zone]);
  if (!/(?:\b(?:GMT|UTC?|Z|[ECMP][SD]T)|[+-]\d{2}:?\d{2})\s*$/i.test(normalized)) normalized += ' GMT';
  return checked(Date.parse(normalized));
}

function checked(time: number): number | null {
  if (Number.isNaN(time)) return null;
  // Before the web there were no feeds: such a year is a parse gone wrong.
  return time < Date.UTC(1990, 0, 1) ? null : time;
}
