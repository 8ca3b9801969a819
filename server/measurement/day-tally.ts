import { itemDayId, type Channel, type Item, type ItemDay, type ItemDayPlaces } from '../domain/index.js';
import { textSentiment } from '../trends/risk-sentiment.js';
import { beatsMatching, type ParsedBeat } from './beat-matcher.js';
import { utcDay } from './calendar.js';
import { languageOf, regionOf } from './language-tag.js';

/*
 * The one place items are counted, by UTC day (of publishedAt) and channel: the retention job
 * keeps these counts as `itemDay` records before it deletes the items, and the dashboard counts
 * the live items of the days nobody tallied yet the same way, then reads both alike
 * (item-tally.ts). Counts only: no author handle, no text.
 */

/** Where and when some items were: what the when-and-where figures need. */
export interface PlaceCounts {
  items: number;
  /** Per hour of the UTC day, 0 = 00:00–01:00. */
  hours: number[];
  languages: Map<string, number>;
  regions: Map<string, number>;
}

/** One beat's matching items of a day on a channel. */
export interface BeatCounts extends PlaceCounts {
  sentimentSum: number;
  scored: number;
  sources: Map<string, number>;
  stories: Map<string, number>;
}

/** The items of one UTC day on one channel. */
export interface DayCounts {
  day: string;
  channel: Channel;
  all: PlaceCounts;
  beats: Map<string, BeatCounts>;
}

/** What an item adds to the counts, worked out once: the beats it matches and its sentiment. */
export interface ItemFacts {
  day: string;
  channel: Channel;
  hour: number;
  language: string | null;
  region: string | null;
  sourceId: string;
  storyId: string | null;
  beatIds: string[];
  /** AFINN sentiment of title and text, for an item some beat matches and that has letters in it. */
  sentiment: number | null;
}

export function factsOf(item: Item, beats: readonly ParsedBeat[]): ItemFacts {
  const matched = beatsMatching(item, beats);
  const text = item.title ? `${item.title}. ${item.text}` : item.text;
  return {
    day: utcDay(item.publishedAt),
    channel: item.channel,
    hour: new Date(item.publishedAt).getUTCHours(),
    language: languageOf(item.language),
    region: regionOf(item.language),
    sourceId: item.sourceId,
    storyId: item.storyId,
    beatIds: matched.map(({ beat }) => beat.id),
    sentiment: matched.length > 0 && /[\p{L}]/u.test(text) ? textSentiment(text) : null,
  };
}

const emptyPlaces = (): PlaceCounts => ({ items: 0, hours: new Array<number>(24).fill(0), languages: new Map(), regions: new Map() });
const emptyBeat = (): BeatCounts => ({ ...emptyPlaces(), sentimentSum: 0, scored: 0, sources: new Map(), stories: new Map() });

export function emptyDay(day: string, channel: Channel): DayCounts {
  return { day, channel, all: emptyPlaces(), beats: new Map() };
}

/** Adds one item (its facts) to the counts of its day and channel. */
export function countItem(counts: DayCounts, facts: ItemFacts): void {
  countPlace(counts.all, facts);
  for (const beatId of facts.beatIds) {
    let beat = counts.beats.get(beatId);
    if (!beat) counts.beats.set(beatId, (beat = emptyBeat()));
    countPlace(beat, facts);
    if (facts.sentiment !== null) {
      beat.sentimentSum += facts.sentiment;
      beat.scored++;
    }
    bump(beat.sources, facts.sourceId);
    if (facts.storyId) bump(beat.stories, facts.storyId);
  }
}

function countPlace(place: PlaceCounts, facts: ItemFacts): void {
  place.items++;
  place.hours[facts.hour]!++;
  if (facts.language) bump(place.languages, facts.language);
  if (facts.region) bump(place.regions, facts.region);
}

export function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/**
 * Counts items into one DayCounts per UTC day and channel. `admits` says which items count (the
 * retention job: those of the days it tallies; the dashboard: those of its period and channel,
 * on days not tallied yet); each item given once.
 */
export class DayTallies {
  private readonly days = new Map<string, DayCounts>();

  constructor(
    readonly beats: readonly ParsedBeat[],
    private readonly admits: (item: Item) => boolean = () => true,
  ) {}

  /** Counts the admitted items; returns the facts of each, for a caller that counts more of them. */
  add(items: Iterable<Item>, also?: (item: Item, facts: ItemFacts) => void): void {
    for (const item of items) {
      if (!this.admits(item)) continue;
      const facts = factsOf(item, this.beats);
      const key = itemDayId(facts.day, facts.channel);
      let counts = this.days.get(key);
      if (!counts) this.days.set(key, (counts = emptyDay(facts.day, facts.channel)));
      countItem(counts, facts);
      also?.(item, facts);
    }
  }

  /** The counts so far, by day then channel. */
  all(): DayCounts[] {
    return [...this.days.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0));
  }
}

/** The record that keeps a day's counts. */
export function toItemDay(counts: DayCounts, createdAt: string): ItemDay {
  return {
    id: itemDayId(counts.day, counts.channel),
    rev: 1,
    day: counts.day,
    channel: counts.channel,
    all: placesRecord(counts.all),
    beats: Object.fromEntries(
      [...counts.beats].map(([beatId, b]) => [
        beatId,
        { ...placesRecord(b), sentimentSum: b.sentimentSum, scored: b.scored, sources: Object.fromEntries(b.sources), stories: Object.fromEntries(b.stories) },
      ]),
    ),
    createdAt,
  };
}

/** A kept day's counts, as counting live items would have left them. */
export function fromItemDay(record: ItemDay): DayCounts {
  return {
    day: record.day,
    channel: record.channel,
    all: placesCounts(record.all),
    beats: new Map(
      Object.entries(record.beats).map(([beatId, b]) => [
        beatId,
        { ...placesCounts(b), sentimentSum: b.sentimentSum, scored: b.scored, sources: countsMap(b.sources), stories: countsMap(b.stories) },
      ]),
    ),
  };
}

function placesRecord(p: PlaceCounts): ItemDayPlaces {
  return { items: p.items, hours: [...p.hours], languages: Object.fromEntries(p.languages), regions: Object.fromEntries(p.regions) };
}

function placesCounts(p: ItemDayPlaces): PlaceCounts {
  return { items: p.items, hours: [...p.hours], languages: countsMap(p.languages), regions: countsMap(p.regions) };
}

const countsMap = (record: Record<string, number>): Map<string, number> => new Map(Object.entries(record));
