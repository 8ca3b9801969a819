import type { Beat, Channel, Item, ItemDay } from '../domain/index.js';
import { parseBeats, type ParsedBeat } from './beat-matcher.js';
import { hourOfWeek, utcDay } from './calendar.js';
import { channelAdmitted, inPeriod, type Scope } from './dashboard-scope.js';
import { bump, DayTallies, fromItemDay, type DayCounts, type PlaceCounts } from './day-tally.js';

const DAY_MS = 86_400_000;

/** One beat's counts over the period. */
export interface BeatTally {
  items: number;
  /** Per UTC day: items, and the sum and count of sentiment scores of those with words. */
  days: Map<string, { items: number; sentimentSum: number; scored: number }>;
  sources: Map<string, number>;
  /** Keyed by channel and author, joined by a NUL. From live items only: tallied days keep no authors. */
  authors: Map<string, number>;
  stories: Map<string, number>;
}

/** The item figures of the period, before they are ranked and rounded (reputation.ts, when-and-where.ts). */
export interface ItemFigures {
  beats: readonly ParsedBeat[];
  perBeat: Map<string, BeatTally>;
  heatmap: Map<Channel, number[]>;
  languages: Map<string, number>;
  regions: Map<string, number>;
}

/**
 * The days whose items were tallied before retention (`itemDay` records): every day that has a
 * tally on any channel, and the tallies of the period. Their live items count no more.
 */
export interface KeptDays {
  days: ReadonlySet<string>;
  tallies: readonly ItemDay[];
}

const NONE_KEPT: KeptDays = { days: new Set(), tallies: [] };

/**
 * The item figures, counted page by page so a long period never holds all its items at once.
 * Items count when published in the period and on the filtered channel, on a day nobody tallied
 * yet; a tallied day counts through its `itemDay` records when the period covers it whole (both
 * counted by the same code: day-tally.ts). Every beat is matched (share of voice needs them all);
 * the filtered beat narrows the when-and-where figures to its items.
 */
export class ItemTally {
  readonly beats: ParsedBeat[];
  private readonly live: DayTallies;
  private readonly authors = new Map<string, Map<string, number>>();
  private readonly kept: DayCounts[];
  private folded: ItemFigures | null = null;

  constructor(
    private readonly scope: Scope,
    beats: readonly Beat[],
    kept: KeptDays = NONE_KEPT,
  ) {
    this.beats = parseBeats(beats);
    this.live = new DayTallies(this.beats, (item) => inPeriod(scope, item.publishedAt) && channelAdmitted(scope, item.channel) && !kept.days.has(utcDay(item.publishedAt)));
    this.kept = kept.tallies.filter((t) => channelAdmitted(scope, t.channel) && wholeDayIn(scope, t.day)).map(fromItemDay);
  }

  /** Counts each item given once: a caller paging through items hands each over once. */
  add(items: Iterable<Item>): void {
    this.folded = null;
    this.live.add(items, (item, facts) => {
      if (!item.author) return;
      for (const beatId of facts.beatIds) {
        let authors = this.authors.get(beatId);
        if (!authors) this.authors.set(beatId, (authors = new Map()));
        bump(authors, `${item.channel}\u0000${item.author}`);
      }
    });
  }

  /** The period's figures: the live days' counts and the tallied days' together. */
  figures(): ItemFigures {
    if (this.folded) return this.folded;
    const perBeat = new Map<string, BeatTally>();
    for (const { beat } of this.beats) perBeat.set(beat.id, { items: 0, days: new Map(), sources: new Map(), authors: this.authors.get(beat.id) ?? new Map(), stories: new Map() });
    const figures: ItemFigures = { beats: this.beats, perBeat, heatmap: new Map(), languages: new Map(), regions: new Map() };
    const { beatId } = this.scope.query;
    for (const day of [...this.live.all(), ...this.kept]) {
      for (const [id, tally] of perBeat) {
        const counts = day.beats.get(id);
        if (!counts) continue;
        tally.items += counts.items;
        const entry = tally.days.get(day.day) ?? { items: 0, sentimentSum: 0, scored: 0 };
        entry.items += counts.items;
        entry.sentimentSum += counts.sentimentSum;
        entry.scored += counts.scored;
        tally.days.set(day.day, entry);
        merge(tally.sources, counts.sources);
        merge(tally.stories, counts.stories);
      }
      const place = beatId === null ? day.all : day.beats.get(beatId);
      if (place && place.items > 0) addPlaces(figures, day, place);
    }
    return (this.folded = figures);
  }

  /** The stories the reputation figures name: to look their labels up. */
  storyIds(): Set<string> {
    const ids = new Set<string>();
    for (const tally of this.figures().perBeat.values()) for (const id of tally.stories.keys()) ids.add(id);
    return ids;
  }
}

/** A tallied day counts when the period holds all of it: its counts cannot be split by the hour. */
function wholeDayIn(scope: Scope, day: string): boolean {
  const start = Date.parse(`${day}T00:00:00.000Z`);
  return start >= scope.from && start + DAY_MS <= scope.to;
}

function addPlaces(figures: ItemFigures, day: DayCounts, place: PlaceCounts): void {
  const week = figures.heatmap.get(day.channel) ?? new Array<number>(168).fill(0);
  const first = hourOfWeek(`${day.day}T00:00:00.000Z`);
  place.hours.forEach((n, hour) => (week[first + hour]! += n));
  figures.heatmap.set(day.channel, week);
  merge(figures.languages, place.languages);
  merge(figures.regions, place.regions);
}

function merge(into: Map<string, number>, from: ReadonlyMap<string, number>): void {
  for (const [key, n] of from) bump(into, key, n);
}

/** The largest counts first, ties by key; at most `limit`. */
export function topOf(map: ReadonlyMap<string, number>, limit: number): Array<[string, number]> {
  return [...map].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, limit);
}
