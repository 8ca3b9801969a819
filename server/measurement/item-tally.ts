import type { Beat, Channel, Item } from '../domain/index.js';
import { textSentiment } from '../trends/risk-sentiment.js';
import { beatsMatching, parseBeats, type ParsedBeat } from './beat-matcher.js';
import { hourOfWeek, utcDay } from './calendar.js';
import { channelAdmitted, inPeriod, type Scope } from './dashboard-scope.js';
import { languageOf, regionOf } from './language-tag.js';

/** One beat's running counts. */
export interface BeatTally {
  items: number;
  /** Per UTC day: items, and the sum and count of sentiment scores of those with words. */
  days: Map<string, { items: number; sentimentSum: number; scored: number }>;
  sources: Map<string, number>;
  /** Keyed by channel and author, joined by a NUL. */
  authors: Map<string, number>;
  stories: Map<string, number>;
}

/**
 * The item figures, counted page by page so a long period never holds all its items at once.
 * Items count when published in the period and on the filtered channel. Every beat is matched
 * (share of voice needs them all); the filtered beat narrows the when-and-where figures to its
 * items.
 */
export class ItemTally {
  readonly beats: ParsedBeat[];
  readonly perBeat = new Map<string, BeatTally>();
  readonly heatmap = new Map<Channel, number[]>();
  readonly languages = new Map<string, number>();
  readonly regions = new Map<string, number>();

  constructor(
    private readonly scope: Scope,
    beats: readonly Beat[],
  ) {
    this.beats = parseBeats(beats);
    for (const { beat } of this.beats) this.perBeat.set(beat.id, { items: 0, days: new Map(), sources: new Map(), authors: new Map(), stories: new Map() });
  }

  /** Counts each item given once: a caller paging through items hands each over once. */
  add(items: Iterable<Item>): void {
    for (const item of items) {
      if (!inPeriod(this.scope, item.publishedAt) || !channelAdmitted(this.scope, item.channel)) continue;
      const matched = beatsMatching(item, this.beats);
      const text = item.title ? `${item.title}. ${item.text}` : item.text;
      const sentiment = matched.length > 0 && /[\p{L}]/u.test(text) ? textSentiment(text) : null;
      for (const { beat } of matched) this.countForBeat(this.perBeat.get(beat.id)!, item, sentiment);
      const { beatId } = this.scope.query;
      if (beatId === null || matched.some(({ beat }) => beat.id === beatId)) this.countWhenAndWhere(item);
    }
  }

  private countForBeat(tally: BeatTally, item: Item, sentiment: number | null): void {
    tally.items++;
    const day = utcDay(item.publishedAt);
    const entry = tally.days.get(day) ?? { items: 0, sentimentSum: 0, scored: 0 };
    entry.items++;
    if (sentiment !== null) {
      entry.sentimentSum += sentiment;
      entry.scored++;
    }
    tally.days.set(day, entry);
    bump(tally.sources, item.sourceId);
    if (item.author) bump(tally.authors, `${item.channel}\u0000${item.author}`);
    if (item.storyId) bump(tally.stories, item.storyId);
  }

  private countWhenAndWhere(item: Item): void {
    const hours = this.heatmap.get(item.channel) ?? new Array<number>(168).fill(0);
    hours[hourOfWeek(item.publishedAt)]!++;
    this.heatmap.set(item.channel, hours);
    const language = languageOf(item.language);
    if (language) bump(this.languages, language);
    const region = regionOf(item.language);
    if (region) bump(this.regions, region);
  }

  /** The stories the reputation figures name: to look their labels up. */
  storyIds(): Set<string> {
    const ids = new Set<string>();
    for (const tally of this.perBeat.values()) for (const id of tally.stories.keys()) ids.add(id);
    return ids;
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** The largest counts first, ties by key; at most `limit`. */
export function topOf(map: ReadonlyMap<string, number>, limit: number): Array<[string, number]> {
  return [...map].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, limit);
}
