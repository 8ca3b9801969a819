import { CHANNELS, type WhenAndWhere } from '../domain/index.js';
import { topOf, type ItemFigures } from './item-tally.js';

/**
 * The heat map (items per hour of the week, UTC, Monday 00:00 first) per channel that had items,
 * in the house's channel order; languages (primary subtag) and regions (a language tag's region
 * subtag), most items first. Items without a language count in neither list.
 */
export function whenAndWhere(tally: ItemFigures): WhenAndWhere {
  return {
    heatmap: CHANNELS.filter((c) => tally.heatmap.has(c)).map((channel) => ({ channel, hours: [...tally.heatmap.get(channel)!] })),
    languages: topOf(tally.languages, Number.POSITIVE_INFINITY).map(([language, items]) => ({ language, items })),
    regions: topOf(tally.regions, Number.POSITIVE_INFINITY).map(([region, items]) => ({ region, items })),
  };
}
