/*
 * When a published post's engagement is read. Reception moves fastest right after publication
 * and then settles, so the readings thin out: every 5 minutes for the first half hour, every
 * 15 minutes until two hours, then hourly. They stop when the opportunity's window closes (after
 * that the team no longer decides whether to follow up), with one last reading at the close, and
 * 24 hours after publication at the latest. Pure: times are ms since the epoch, passed in.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Each stage reads every `everyMs` until `untilMs` after publication. */
export const ENGAGEMENT_STAGES: ReadonlyArray<{ untilMs: number; everyMs: number }> = [
  { untilMs: 30 * MIN, everyMs: 5 * MIN },
  { untilMs: 2 * HOUR, everyMs: 15 * MIN },
  { untilMs: 24 * HOUR, everyMs: HOUR },
];

/** The longest a post is watched, whatever its window. */
export const MAX_WATCH_MS = 24 * HOUR;
/**
 * The shortest: a post sent late (past its window, with an override) or just before the close
 * is still watched through the first stage, so it has a reception to show and to learn from.
 */
export const MIN_WATCH_MS = 30 * MIN;

export interface EngagementWatch {
  publishedAt: number;
  /** The opportunity's deadline: the close of its window. */
  windowClosesAt: number;
}

/** When the last reading is due: the window's close, within the shortest and longest watch. */
export function watchEndsAt({ publishedAt, windowClosesAt }: EngagementWatch): number {
  return publishedAt + Math.min(MAX_WATCH_MS, Math.max(MIN_WATCH_MS, windowClosesAt - publishedAt));
}

/**
 * The first reading after `after` (the publication, or the reading just made): the next stage
 * time strictly later, or the watch's end when that comes first. Null once the watch has ended.
 * A reading made late (the server was down) moves on to the next stage time after it, rather
 * than catching up on the ones it missed.
 */
export function nextEngagementPoll(watch: EngagementWatch, after: number): number | null {
  const end = watchEndsAt(watch);
  if (after >= end) return null;
  const since = after - watch.publishedAt;
  let stageStart = 0;
  for (const { untilMs, everyMs } of ENGAGEMENT_STAGES) {
    if (since < untilMs) {
      const next = since < stageStart ? stageStart + everyMs : stageStart + (Math.floor((since - stageStart) / everyMs) + 1) * everyMs;
      return Math.min(end, watch.publishedAt + Math.min(next, untilMs));
    }
    stageStart = untilMs;
  }
  return end;
}

/** The first reading of a post just published. */
export function firstEngagementPoll(watch: EngagementWatch): number {
  // A watch is never shorter than MIN_WATCH_MS, so there is always a first reading.
  return nextEngagementPoll(watch, watch.publishedAt)!;
}
