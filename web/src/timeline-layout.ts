/*
 * Where each post sits on the schedule's timeline: rows are channels, x is time. Pure, so the
 * arithmetic is tested without a browser and the view only draws what this says.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** How far back the timeline looks: what went out recently is still worth seeing. */
export const TIMELINE_PAST_MS = 2 * HOUR;
/** The shortest span ahead of now, so an empty schedule still shows the next hour. */
export const TIMELINE_MIN_AHEAD_MS = HOUR;

export interface TimelineEntry {
  id: string;
  channel: string;
  /** ms since the epoch. */
  at: number;
}

export interface TimelineRange {
  start: number;
  end: number;
}

/** From two hours ago to the latest window close (or the latest post), at least an hour ahead. */
export function timelineRange(now: number, closes: readonly number[], entries: readonly TimelineEntry[]): TimelineRange {
  const start = now - TIMELINE_PAST_MS;
  const latest = Math.max(now + TIMELINE_MIN_AHEAD_MS, ...closes.filter(Number.isFinite), ...entries.map((e) => e.at).filter(Number.isFinite));
  return { start, end: latest };
}

/** Where `at` falls across the range, 0 to 100. */
export function percentOf(at: number, range: TimelineRange): number {
  const span = Math.max(1, range.end - range.start);
  return Math.min(100, Math.max(0, ((at - range.start) / span) * 100));
}

export interface PlacedEntry<E extends TimelineEntry> {
  entry: E;
  /** 0 to 100: where the entry's time falls. */
  left: number;
  /** 0 to 100: the block's left edge; left of its time near the right end, so it stays on the track. */
  boxLeft: number;
  /** Which stacked line of its row, from 0: blocks closer than a block's width go on separate lines. */
  lane: number;
}

export interface TimelineRow<E extends TimelineEntry> {
  channel: string;
  lanes: number;
  placed: Array<PlacedEntry<E>>;
}

/**
 * One row per channel (in `channels` order, then any other channel the entries use), each entry
 * at its time, entries outside the range left out. `blockPercent` is how wide a block is drawn
 * as a share of the track: entries closer than that stack on separate lanes rather than cover
 * one another.
 */
export function layoutTimeline<E extends TimelineEntry>(entries: readonly E[], range: TimelineRange, channels: readonly string[], blockPercent: number): Array<TimelineRow<E>> {
  const order = [...channels];
  for (const entry of entries) if (!order.includes(entry.channel)) order.push(entry.channel);
  return order.map((channel) => {
    const mine = entries.filter((e) => e.channel === channel && e.at >= range.start && e.at <= range.end).sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
    const laneEnds: number[] = [];
    const placed = mine.map((entry) => {
      const left = percentOf(entry.at, range);
      const boxLeft = Math.max(0, Math.min(left, 100 - blockPercent));
      let lane = laneEnds.findIndex((end) => end <= boxLeft);
      if (lane === -1) lane = laneEnds.length;
      laneEnds[lane] = boxLeft + blockPercent;
      return { entry, left, boxLeft, lane };
    });
    return { channel, lanes: Math.max(1, laneEnds.length), placed };
  });
}

export interface Tick {
  at: number;
  left: number;
}

const TICK_STEPS = [15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR];

/**
 * Round times across the range, at most `maxTicks` of them. Steps of an hour or more fall on
 * whole hours of the member's clock (`offsetMs`: the time zone's offset from UTC, east positive).
 */
export function timelineTicks(range: TimelineRange, maxTicks = 8, offsetMs = 0): Tick[] {
  const span = range.end - range.start;
  const step = TICK_STEPS.find((s) => span / s <= maxTicks) ?? TICK_STEPS.at(-1)!;
  const first = Math.ceil((range.start + offsetMs) / step) * step - offsetMs;
  const ticks: Tick[] = [];
  for (let at = first; at <= range.end; at += step) ticks.push({ at, left: percentOf(at, range) });
  return ticks;
}
