import type { Beat, Item } from '../domain/index.js';
import { isBeatQuerySyntaxError, type BeatQuery } from '../trends/beat-query-ast.js';
import { beatDocument, matchesBeat } from '../trends/beat-query-match.js';
import { parseBeatQuery } from '../trends/beat-query-parse.js';
import { regionOf } from './language-tag.js';

/** A beat ready to match items: its query parsed once. */
export interface ParsedBeat {
  beat: Pick<Beat, 'id' | 'name' | 'languages' | 'regions'>;
  query: BeatQuery;
}

/** Parses each beat's query; beats whose stored query does not parse are left out, as the detector leaves them out. */
export function parseBeats(beats: readonly Beat[]): ParsedBeat[] {
  return beats.flatMap((beat) => {
    const query = parseBeatQuery(beat.query);
    return isBeatQuerySyntaxError(query) ? [] : [{ beat, query }];
  });
}

/**
 * The beats an item matches, by the trend detector's own rules (server/trends/beat-query-match.ts):
 * title and text as one document, the item's language, and the region of its language tag;
 * a beat with languages or regions admits items in them (an unknown language or region passes).
 */
export function beatsMatching(item: Pick<Item, 'title' | 'text' | 'language'>, beats: readonly ParsedBeat[]): ParsedBeat[] {
  if (beats.length === 0) return [];
  const document = beatDocument(item.title ? `${item.title}\n${item.text}` : item.text, { language: item.language, region: regionOf(item.language) });
  return beats.filter(({ beat, query }) => matchesBeat(query, document, beat));
}
