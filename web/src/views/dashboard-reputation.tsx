import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { BarList } from '../components/bar-list.js';
import { CHART_AXIS, chartFrame, fromZero } from '../components/chart-style.js';
import { useUPlot } from '../components/use-uplot.js';
import { countOf, formatCount, formatDay, formatPercent, formatSentiment, sentimentTone } from '../dashboard-format.js';
import type { BeatReputation, Dashboard } from '../dashboard-wire.js';
import { ChartFrame } from './dashboard-chart.js';

const HEIGHT = 180;
const ITEMS = '#0b5cad';
const SENTIMENT = '#b45309';

function chartOptions(width: number): uPlot.Options {
  return {
    ...chartFrame(width, HEIGHT),
    scales: {
      x: { time: true },
      items: { range: fromZero(1) },
      // The AFINN scale is −5…5; the middle line is neutral.
      sentiment: { range: [-5, 5] },
    },
    axes: [
      { ...CHART_AXIS, values: (_u, values) => values.map((value) => formatDay(new Date(value * 1000).toISOString())) },
      { ...CHART_AXIS, scale: 'items', size: 48 },
      { ...CHART_AXIS, scale: 'sentiment', side: 1, size: 44, grid: { show: false }, values: (_u, values) => values.map((value) => formatSentiment(value)) },
    ],
    series: [
      {},
      { label: 'Items', scale: 'items', stroke: ITEMS, width: 2, fill: 'rgba(11, 92, 173, 0.10)', points: { show: true, size: 5, fill: ITEMS } },
      { label: 'Sentiment', scale: 'sentiment', stroke: SENTIMENT, width: 2, dash: [6, 4], points: { show: true, size: 5, fill: SENTIMENT } },
    ],
  };
}

function TopList({ title, rows, testid }: { title: string; rows: ReadonlyArray<{ key: string; label: string; items: number }>; testid: string }) {
  return (
    <div class="top-list">
      <h5 class="top-list-title">{title}</h5>
      {rows.length === 0 ? (
        <p class="dashboard-quiet">None in this period.</p>
      ) : (
        <ol class="top-list-rows" data-testid={testid}>
          {rows.map((row) => (
            <li key={row.key}>
              <span class="top-list-label">{row.label}</span>
              <span class="top-list-count">{formatCount(row.items)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function BeatCard({ beat }: { beat: BeatReputation }) {
  const data = useMemo<uPlot.AlignedData | null>(
    () => (beat.days.length === 0 ? null : [beat.days.map((day) => Date.parse(`${day.day}T00:00:00Z`) / 1000), beat.days.map((day) => day.items), beat.days.map((day) => day.sentiment)]),
    [beat.days],
  );
  const host = useUPlot(chartOptions, HEIGHT, data);
  const rated = beat.days.filter((day) => day.sentiment !== null);
  const mean = rated.length === 0 ? null : rated.reduce((sum, day) => sum + day.sentiment! * day.items, 0) / Math.max(1, rated.reduce((sum, day) => sum + day.items, 0));
  return (
    <article class="beat-card" data-testid="beat-reputation" data-beat-id={beat.beatId} data-items={beat.items}>
      <header class="beat-card-head">
        <h4 class="beat-card-name">{beat.name}</h4>
        <span class="beat-card-figures">
          {countOf(beat.items, 'item')} · {formatPercent(beat.shareOfVoice)} share of voice · sentiment <span class={`sentiment sentiment-${sentimentTone(mean)}`}>{formatSentiment(mean)}</span>
        </span>
      </header>
      {beat.items === 0 ? (
        <p class="dashboard-quiet">No matching items in this period.</p>
      ) : (
        <>
          <div class="dashboard-plot" ref={host} aria-hidden="true" />
          <details class="dashboard-readings">
            <summary>Items and sentiment per day</summary>
            <table class="dashboard-table">
              <thead>
                <tr>
                  <th scope="col">Day (UTC)</th>
                  <th scope="col">Items</th>
                  <th scope="col">Sentiment</th>
                </tr>
              </thead>
              <tbody>
                {beat.days.map((day) => (
                  <tr key={day.day}>
                    <th scope="row">{formatDay(day.day)}</th>
                    <td>{formatCount(day.items)}</td>
                    <td>{formatSentiment(day.sentiment)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
          <div class="top-lists">
            <TopList title="Top sources" testid="top-sources" rows={beat.topSources.map((source) => ({ key: source.sourceId, label: source.name, items: source.items }))} />
            <TopList title="Top authors" testid="top-authors" rows={beat.topAuthors.map((author) => ({ key: `${author.channel}:${author.author}`, label: `${author.author} (${author.channel})`, items: author.items }))} />
            <TopList title="Top stories" testid="top-stories" rows={beat.topStories.map((story) => ({ key: story.storyId, label: story.label, items: story.items }))} />
          </div>
        </>
      )}
    </article>
  );
}

/** How the brand is talked about, beat by beat: volume, sentiment, share of voice and who drives it. */
export function ReputationChart({ dashboard, query }: { dashboard: Dashboard; query: string }) {
  const beats = [...dashboard.reputation].sort((a, b) => b.items - a.items || a.name.localeCompare(b.name));
  const total = beats.reduce((sum, beat) => sum + beat.items, 0);
  return (
    <ChartFrame
      chart="reputation"
      title="Brand reputation per beat"
      explanation="Matching items and their mean sentiment (−5…+5) per day, each beat's share of voice, and the sources, authors and stories behind them."
      query={query}
      empty={total === 0 ? 'No items matched a beat in this period: widen the range or pick another beat.' : null}
    >
      <h4 class="dashboard-subhead">Share of voice</h4>
      <BarList
        label="Share of voice per beat"
        testid="share-of-voice"
        max={1}
        bars={beats.map((beat) => ({ key: beat.beatId, label: beat.name, value: beat.shareOfVoice, display: `${formatPercent(beat.shareOfVoice)} · ${countOf(beat.items, 'item')}` }))}
      />
      <div class="beat-cards">
        {beats.map((beat) => (
          <BeatCard key={beat.beatId} beat={beat} />
        ))}
      </div>
    </ChartFrame>
  );
}
