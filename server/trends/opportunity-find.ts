import type { Beat, Channel, Story } from '../domain/index.js';
import { isBeatQuerySyntaxError } from './beat-query-ast.js';
import { beatDocument, DEFAULT_STORY_MATCH, matchStory, type StoryMatchOptions } from './beat-query-match.js';
import { parseBeatQuery } from './beat-query-parse.js';
import { scoreOpportunity } from './opportunity-score.js';
import { latestDeadline, openWindows, storyWindows, windowHours, type WindowHours } from './relevance-windows.js';
import { assessRisk, type RiskOptions } from './risk-flags.js';

/** One item of the story as the matcher reads it. */
export interface StoryDocument {
  text: string;
  title?: string | null;
  url?: string | null;
  language?: string | null;
  region?: string | null;
}

export interface FindOpportunitiesInput {
  story: Story;
  /** The story's items (recent ones first is best; a few hundred are plenty). */
  storyDocuments: readonly StoryDocument[];
  beats: readonly Pick<Beat, 'id' | 'name' | 'query' | 'languages' | 'regions' | 'requiresLegal'>[];
  /** Hours per channel; missing channels keep DEFAULT_WINDOW_HOURS. */
  windows?: Partial<Record<Channel, number>> | WindowHours;
  now: number;
  risk?: Partial<RiskOptions>;
  match?: StoryMatchOptions;
}

/** What the detector raises: the fields of an opportunity it knows, plus its risk decision. */
export interface FoundOpportunity {
  storyId: string;
  beatId: string;
  title: string;
  url: string | null;
  score: number;
  reasons: string[];
  riskFlags: string[];
  /** A tragedy or lawsuit: show it, do not react to it (also flagged `do-not-engage`). */
  doNotEngage: boolean;
  /** The story's channels whose window is still open. */
  channels: Channel[];
  /** When the story started to trend (ISO). */
  windowOpensAt: string;
  /** The latest close among the open channels' windows (ISO): while any channel can react. */
  deadline: string;
  /** Each open channel's own close (ISO), soonest first. */
  channelDeadlines: Array<{ channel: Channel; deadline: string }>;
}

/**
 * The opportunities a story makes: one per beat it matches, while it trends and a window is
 * open, best score first. Beats whose stored query does not parse are skipped (beat creation
 * refuses them, so only records written before the check can have one).
 */
export function findOpportunities(input: FindOpportunitiesInput): FoundOpportunity[] {
  const { story, storyDocuments, beats, now } = input;
  const windows = storyWindows(story, windowHours(input.windows));
  const open = openWindows(windows, now);
  const deadline = latestDeadline(open);
  if (open.length === 0 || deadline === null || story.trendingAt === null) return [];

  const documents = storyDocuments.map((d) => beatDocument(d.title ? `${d.title}\n${d.text}` : d.text, d));
  let risk: ReturnType<typeof assessRisk> | null = null;
  const found: FoundOpportunity[] = [];
  for (const beat of beats) {
    const query = parseBeatQuery(beat.query);
    if (isBeatQuerySyntaxError(query)) continue;
    const match = matchStory(query, documents, beat, input.match ?? DEFAULT_STORY_MATCH);
    if (!match.matched) continue;
    risk ??= assessRisk(
      storyDocuments.map((d) => (d.title ? `${d.title}. ${d.text}` : d.text)),
      input.risk,
      documents,
    );
    const { score, reasons } = scoreOpportunity({ story, beatMatch: { ...match, beatName: beat.name, requiresLegal: beat.requiresLegal }, windows: open, risk, now });
    found.push({
      storyId: story.id,
      beatId: beat.id,
      title: story.label,
      url: storyDocuments.find((d) => d.url)?.url ?? null,
      score,
      reasons,
      riskFlags: [...risk.flags],
      doNotEngage: risk.doNotEngage,
      channels: open.map((w) => w.channel),
      windowOpensAt: story.trendingAt,
      deadline: new Date(deadline).toISOString(),
      channelDeadlines: [...open].sort((a, b) => a.closesAt - b.closesAt).map((w) => ({ channel: w.channel, deadline: new Date(w.closesAt).toISOString() })),
    });
  }
  return found.sort((a, b) => b.score - a.score);
}
