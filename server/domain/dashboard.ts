import type { Channel } from './channel.js';
import type { ReviewRole } from './review.js';

/**
 * The newsroom dashboard's figures as they travel: the HTTP API (`GET /api/dashboard`), the
 * board's dashboard view and `tidewatch report` all carry this one shape, so a chart, its CSV
 * and the weekly report never disagree. Durations are in minutes; times are ISO 8601.
 */
export interface DashboardQuery {
  /** Inclusive start and exclusive end of the period. */
  from: string;
  to: string;
  beatId: string | null;
  channel: Channel | null;
}

/** The spread of a set of durations; null figures when the set is empty. */
export interface Spread {
  count: number;
  median: number | null;
  p90: number | null;
}

/** From a story's first item to each step of the reaction, for one group of opportunities. */
export interface ReactionSpeedRow {
  /** A week's Monday (YYYY-MM-DD, UTC), a beat id or a channel, by table. */
  group: string;
  /** A beat's name, a channel's name, "week of …": what a person reads. */
  label: string;
  toOpportunity: Spread;
  toFirstDraft: Spread;
  toApproval: Spread;
  toPublication: Spread;
}

export interface ReactionSpeed {
  byWeek: ReactionSpeedRow[];
  byBeat: ReactionSpeedRow[];
  byChannel: ReactionSpeedRow[];
}

export interface ReviewTurnaround {
  role: ReviewRole;
  decided: number;
  /** Minutes from a review's opening to its decision. */
  turnaround: Spread;
  /** Reviews decided after their due time, or still undecided past it. */
  overdue: number;
}

/** What became of the opportunities raised in the period. */
export interface CaughtMissed {
  publishedInWindow: number;
  publishedLate: number;
  expired: number;
  dismissed: number;
  /** Still being worked on. */
  open: number;
  dismissReasons: Array<{ reason: string; count: number }>;
  reviews: ReviewTurnaround[];
}

export interface BeatReputation {
  beatId: string;
  name: string;
  /** Matching items per day (UTC) with their mean sentiment (AFINN, −5…5; null without text). */
  days: Array<{ day: string; items: number; sentiment: number | null }>;
  items: number;
  /** This beat's share of all beats' matching items in the period (0…1): share of voice. */
  shareOfVoice: number;
  topSources: Array<{ sourceId: string; name: string; items: number }>;
  topAuthors: Array<{ author: string; channel: Channel; items: number }>;
  topStories: Array<{ storyId: string; label: string; items: number }>;
}

export interface WhenAndWhere {
  /** Items per hour of the week (UTC; index 0 = Monday 00:00–01:00, 167 = Sunday 23:00), per channel. */
  heatmap: Array<{ channel: Channel; hours: number[] }>;
  languages: Array<{ language: string; items: number }>;
  /** Regions where known (a language tag's region, such as "GB" in "en-GB"). */
  regions: Array<{ region: string; items: number }>;
}

/** How the stories behind the detector's opportunities grew after they were raised. */
export interface PredictionRow {
  /** A channel or a beat id, by table. */
  group: string;
  label: string;
  raised: number;
  /** Opportunities whose story at least doubled its items after the opportunity was raised. */
  grew: number;
  /** grew / raised; null when none was raised. */
  hitRate: number | null;
  /** Median items the story gained after the opportunity was raised. */
  medianGrowth: number | null;
}

export interface PredictionRecord {
  byChannel: PredictionRow[];
  byBeat: PredictionRow[];
}

export interface Dashboard {
  query: DashboardQuery;
  generatedAt: string;
  reactionSpeed: ReactionSpeed;
  caughtMissed: CaughtMissed;
  reputation: BeatReputation[];
  whenAndWhere: WhenAndWhere;
  prediction: PredictionRecord;
}

/** The charts' names: `GET /api/dashboard/<chart>.csv` exports the data of one. */
export const DASHBOARD_CHARTS = ['reaction-speed', 'caught-missed', 'review-turnaround', 'reputation', 'heatmap', 'languages', 'prediction'] as const;
export type DashboardChart = (typeof DASHBOARD_CHARTS)[number];
