import { isBeatQuerySyntaxError } from './beat-query-ast.js';
import { beatDocument, matchesBeat } from './beat-query-match.js';
import { parseBeatQuery } from './beat-query-parse.js';

export type BeatQueryCheck = { ok: true } | { ok: false; message: string; column: number };

const EMPTY_DOCUMENT = beatDocument('');

/**
 * What beat creation asks before it saves a query: does it parse, and does it look for
 * something? A query that an empty text matches (`NOT lawsuit`, `-spam`) would turn every
 * story into an opportunity.
 */
export function checkBeatQuery(text: string): BeatQueryCheck {
  const parsed = parseBeatQuery(text);
  if (isBeatQuerySyntaxError(parsed)) return { ok: false, message: parsed.message, column: parsed.column };
  if (matchesBeat(parsed, EMPTY_DOCUMENT)) {
    return { ok: false, message: 'the query only says what to leave out: add a term to look for, as in brand NOT lawsuit (column 1)', column: 1 };
  }
  return { ok: true };
}
