import type { Dashboard, PredictionRow, ReactionSpeedRow, Spread } from '../domain/index.js';

/*
 * The dashboard as a weekly email: headings, a few sentences and Markdown tables, with the same
 * figures as the JSON and the CSV exports.
 */

const cell = (value: string | number | null) => (value === null ? '–' : String(value).replace(/\|/g, '\\|').replace(/\n/g, ' '));

function table(columns: string[], rows: Array<Array<string | number | null>>): string {
  if (rows.length === 0) return '_Nothing in this period._\n';
  const line = (cells: Array<string | number | null>) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(columns), `| ${columns.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n') + '\n';
}

/** Minutes as people say them: "45 min", "2 h 5 min", "1 d 3 h". */
export function duration(minutes: number | null): string | null {
  if (minutes === null) return null;
  const m = Math.round(minutes);
  if (Math.abs(m) < 60) return `${m} min`;
  if (Math.abs(m) < 24 * 60) return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
  const hours = Math.round(m / 60);
  return `${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ''}`;
}

const spread = (s: Spread) => (s.count === 0 ? '–' : `${duration(s.median)} / ${duration(s.p90)} (${s.count})`);
const percent = (share: number | null) => (share === null ? null : `${Math.round(share * 1000) / 10}%`);

function reactionTable(first: string, rows: readonly ReactionSpeedRow[]): string {
  return table(
    [first, 'to opportunity', 'to first draft', 'to approval', 'to publication'],
    rows.map((r) => [r.label, spread(r.toOpportunity), spread(r.toFirstDraft), spread(r.toApproval), spread(r.toPublication)]),
  );
}

function predictionTable(first: string, rows: readonly PredictionRow[]): string {
  return table([first, 'raised', 'grew (×2 or more)', 'hit rate', 'median growth (items)'], rows.map((r) => [r.label, r.raised, r.grew, percent(r.hitRate), r.medianGrowth]));
}

export function dashboardMarkdown(d: Dashboard): string {
  const { query } = d;
  const filters = [query.beatId ? `beat ${d.reputation.find((b) => b.beatId === query.beatId)?.name ?? query.beatId}` : null, query.channel ? `channel ${query.channel}` : null].filter(Boolean);
  const c = d.caughtMissed;
  const raised = c.publishedInWindow + c.publishedLate + c.expired + c.dismissed + c.open;
  const out: string[] = [];
  out.push(`# Tidewatch report: ${query.from} to ${query.to}\n`);
  out.push(`${filters.length ? `Filtered to ${filters.join(' and ')}. ` : ''}Generated ${d.generatedAt}. Times are UTC; from is inclusive, to exclusive.\n`);

  out.push('## Caught and missed\n');
  out.push(`${raised} opportunit${raised === 1 ? 'y was' : 'ies were'} raised in the period.\n`);
  out.push(
    table(
      ['outcome', 'opportunities'],
      [
        ['published in the window', c.publishedInWindow],
        ['published late', c.publishedLate],
        ['expired', c.expired],
        ['dismissed', c.dismissed],
        ['still open', c.open],
      ],
    ),
  );
  if (c.dismissReasons.length > 0) out.push(`\nWhy they were dismissed:\n\n${table(['reason', 'count'], c.dismissReasons.map((r) => [r.reason, r.count]))}`);
  out.push('\n### Review turnaround\n');
  out.push(table(['role', 'decided', 'median', 'p90', 'overdue'], c.reviews.map((r) => [r.role, r.decided, duration(r.turnaround.median), duration(r.turnaround.p90), r.overdue])));

  out.push('\n## Reaction speed\n');
  out.push('From the story\'s first item; each cell is median / p90 (how many).\n');
  out.push(`\n### By week\n\n${reactionTable('week', d.reactionSpeed.byWeek)}`);
  out.push(`\n### By beat\n\n${reactionTable('beat', d.reactionSpeed.byBeat)}`);
  out.push(`\n### By channel\n\n${reactionTable('channel', d.reactionSpeed.byChannel)}`);

  out.push('\n## Reputation\n');
  out.push(
    table(
      ['beat', 'items', 'share of voice', 'mean sentiment', 'top sources', 'top authors'],
      d.reputation.map((b) => {
        const scored = b.days.filter((day) => day.sentiment !== null);
        const weight = scored.reduce((sum, day) => sum + day.items, 0);
        const mean = weight === 0 ? null : Math.round((scored.reduce((sum, day) => sum + day.sentiment! * day.items, 0) / weight) * 100) / 100;
        return [
          b.name,
          b.items,
          percent(b.shareOfVoice),
          mean,
          b.topSources.slice(0, 3).map((s) => `${s.name} (${s.items})`).join(', ') || null,
          b.topAuthors.slice(0, 3).map((a) => `${a.author} (${a.items})`).join(', ') || null,
        ];
      }),
    ),
  );
  for (const b of d.reputation) {
    if (b.topStories.length === 0) continue;
    out.push(`\nTop stories for ${b.name}:\n\n${table(['story', 'items'], b.topStories.slice(0, 5).map((s) => [s.label, s.items]))}`);
  }

  out.push('\n## When and where\n');
  out.push(
    table(
      ['channel', 'items', 'busiest hour (UTC)'],
      d.whenAndWhere.heatmap.map(({ channel, hours }) => {
        const total = hours.reduce((a, b) => a + b, 0);
        const best = hours.indexOf(Math.max(...hours));
        return [channel, total, `${['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][Math.floor(best / 24)]} ${String(best % 24).padStart(2, '0')}:00`];
      }),
    ),
  );
  out.push(`\n${table(['language', 'items'], d.whenAndWhere.languages.map((l) => [l.language, l.items]))}`);
  if (d.whenAndWhere.regions.length > 0) out.push(`\n${table(['region', 'items'], d.whenAndWhere.regions.map((r) => [r.region, r.items]))}`);

  out.push('\n## Prediction record\n');
  out.push("Opportunities the detector raised, and whether their story at least doubled its items afterwards.\n");
  out.push(`\n### By channel\n\n${predictionTable('channel', d.prediction.byChannel)}`);
  out.push(`\n### By beat\n\n${predictionTable('beat', d.prediction.byBeat)}`);
  return out.join('\n');
}
