import type { Story } from '../domain/index.js';
import type { BeatMatch } from './beat-query-match.js';
import { durationWords, openWindows, remainingFraction, remainingMs, type RelevanceWindow } from './relevance-windows.js';
import type { RiskAssessment } from './risk-flags.js';

/*
 * How good an opportunity is, from 0 to 1, with the reasons in words. Four things count:
 *
 *   burst      how surprising the last hour's volume is (the detector's Poisson burst score)
 *   diversity  how many independent voices carry it (sources, or authors on one platform)
 *   beat       how much of the story is about the beat (share of its items that match)
 *   time       how much of the best open window is still ahead
 *
 * score = (0.35 burst + 0.35 diversity + 0.30 beat) × (0.25 + 0.75 time)
 *
 * Time multiplies (timeWeight): the same story is worth less as its deadline nears, and whatever
 * its strength, a reaction at the last minute is worth a quarter of one made at the opening.
 * Risk does not lower the score; it is told in the reasons and flags (held for legal, do not
 * engage), so a tragedy stays visible on the board without inviting a reaction.
 */

export interface ScoredBeatMatch extends BeatMatch {
  beatName: string;
  requiresLegal?: boolean;
}

export interface ScoreInput {
  story: Pick<Story, 'channels' | 'firstSeenAt' | 'lastSeenAt' | 'sourceCount' | 'authorCount' | 'velocity' | 'burstScore'>;
  beatMatch: ScoredBeatMatch;
  windows: readonly RelevanceWindow[];
  risk: RiskAssessment | null;
  now: number;
}

export interface OpportunityScore {
  score: number;
  reasons: string[];
  /** The parts, each in [0, 1], for tuning and tests. */
  parts: { burst: number; diversity: number; beat: number; time: number };
}

export const SCORE_WEIGHTS = { burst: 0.35, diversity: 0.35, beat: 0.3 } as const;
/** Burst score (−log10 p) at which the burst part is one half: a chance of one in 100,000. */
const HALF_BURST = 5;
/** Independent voices beyond the first at which diversity is about 0.63 (1 − 1/e). */
const VOICE_SCALE = 6;

/** What a reaction at the very last minute of its window is worth, against one at the opening. */
export const LAST_MINUTE_WEIGHT = 0.25;

/** The time factor of the score: 1 at a window's opening, LAST_MINUTE_WEIGHT as it closes. */
export const timeWeight = (time: number) => LAST_MINUTE_WEIGHT + (1 - LAST_MINUTE_WEIGHT) * time;

/** The time part: the share still ahead of the best window open at `now`, 0 when none is. */
export function timePart(windows: readonly RelevanceWindow[], now: number): number {
  return openWindows(windows, now).reduce((best, w) => Math.max(best, remainingFraction(w, now)), 0);
}

/**
 * What a reaction shipped at `at` is still worth, as a share of one shipped at its window's
 * opening: the score's own time factor, and nothing once every window has closed (a reaction
 * after its window is worthless or harmful). The board's value curve reads this.
 */
export function reactionValue(windows: readonly RelevanceWindow[], at: number): number {
  return openWindows(windows, at).length === 0 ? 0 : timeWeight(timePart(windows, at));
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, Number.isFinite(x) ? x : 0));
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function scoreOpportunity({ story, beatMatch, windows, risk, now }: ScoreInput): OpportunityScore {
  const voices = Math.max(story.sourceCount, story.authorCount);
  const open = openWindows(windows, now).sort((a, b) => a.closesAt - b.closesAt);
  const parts = {
    burst: clamp01(story.burstScore / (story.burstScore + HALF_BURST)),
    diversity: clamp01(1 - Math.exp(-Math.max(0, voices - 1) / VOICE_SCALE)),
    beat: clamp01(Math.sqrt(beatMatch.share)),
    time: timePart(open, now),
  };
  const strength = SCORE_WEIGHTS.burst * parts.burst + SCORE_WEIGHTS.diversity * parts.diversity + SCORE_WEIGHTS.beat * parts.beat;
  const score = Math.round(clamp01(strength * timeWeight(parts.time)) * 1000) / 1000;

  const reasons: string[] = [];
  const span = Math.max(0, Date.parse(story.lastSeenAt) - Date.parse(story.firstSeenAt));
  const authors = story.authorCount > story.sourceCount ? ` (${plural(story.authorCount, 'author')})` : '';
  reasons.push(`${plural(story.sourceCount, 'source')}${authors} in ${durationWords(span)} across ${listWords([...new Set(story.channels)])}`);
  reasons.push(`${plural(story.velocity, 'item')} in the last hour, burst ${story.burstScore.toFixed(1)}`);
  const terms = beatMatch.terms.slice(0, 2).map((t) => `${t.term} in ${t.documents}`);
  reasons.push(`matches beat ${beatMatch.beatName}: ${beatMatch.matchedDocuments} of ${plural(beatMatch.documents, 'item')}${terms.length > 0 ? ` (${terms.join(', ')})` : ''}`);
  for (const w of open) reasons.push(`${durationWords(remainingMs(w, now))} left on ${w.channel}`);
  if (beatMatch.requiresLegal) reasons.push(`beat ${beatMatch.beatName} requires legal review`);
  if (risk) reasons.push(...risk.reasons);
  return { score, reasons, parts };
}
