import { useMemo, useState } from 'preact/hooks';
import { BarList } from '../components/bar-list.js';
import { HeatMap } from '../components/heat-map.js';
import { countOf } from '../dashboard-format.js';
import { activeChannels, heatGrid, hoursOf, type HeatChannel } from '../dashboard-heatmap.js';
import type { Dashboard } from '../dashboard-wire.js';
import { ChartFrame } from './dashboard-chart.js';

const EMPTY_ITEMS = 'No items arrived in this period: widen the range or pick another beat or channel.';

/** The audience's "when": items per hour of the week, every channel summed or one picked. */
export function HeatMapChart({ dashboard, query }: { dashboard: Dashboard; query: string }) {
  const heatmap = dashboard.whenAndWhere.heatmap;
  const channels = useMemo(() => activeChannels(heatmap), [heatmap]);
  const [picked, setPicked] = useState<HeatChannel>('all');
  const channel: HeatChannel = picked === 'all' || channels.includes(picked) ? picked : 'all';
  const grid = useMemo(() => heatGrid(hoursOf(heatmap, channel)), [heatmap, channel]);
  const everything = useMemo(() => hoursOf(heatmap, 'all').reduce((sum, count) => sum + count, 0), [heatmap]);
  const picker = channels.length > 1 && (
    <label class="dashboard-inline-field">
      <span>Channel</span>
      <select data-testid="heat-channel" value={channel} onChange={(event) => setPicked(event.currentTarget.value as HeatChannel)}>
        <option value="all">All channels</option>
        {channels.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <ChartFrame
      chart="heatmap"
      title="When: activity by hour of the week"
      explanation="Items per hour of the week (UTC), Monday to Sunday; darker is busier."
      query={query}
      empty={everything === 0 ? EMPTY_ITEMS : null}
      tools={picker}
    >
      <p class="dashboard-lead">
        {countOf(grid.total, 'item')}
        {channel === 'all' ? ' on every channel' : ` on ${channel}`}
        {grid.busiest && <> · busiest: {grid.busiest.label.replace(/: .*$/, '')}</>}
      </p>
      <HeatMap grid={grid} caption={`Items per hour of the week, ${channel === 'all' ? 'all channels' : channel}, UTC`} />
      <div class="heat-legend" aria-hidden="true">
        <span>fewer</span>
        {[0, 1, 2, 3, 4].map((level) => (
          <span key={level} class={`heat-cell heat-${level}`} />
        ))}
        <span>more</span>
      </div>
    </ChartFrame>
  );
}

/** The "where": items by language and by region, where the item says. */
export function LanguagesChart({ dashboard, query }: { dashboard: Dashboard; query: string }) {
  const { languages, regions } = dashboard.whenAndWhere;
  const any = languages.some((row) => row.items > 0) || regions.some((row) => row.items > 0);
  return (
    <ChartFrame
      chart="languages"
      title="Where: languages and regions"
      explanation="Items by language, and by region where a language tag names one (en-GB → GB)."
      query={query}
      empty={any ? null : EMPTY_ITEMS}
    >
      <div class="dashboard-pair">
        <div>
          <h4 class="dashboard-subhead">Languages</h4>
          <BarList label="Items per language" testid="languages" bars={languages.map((row) => ({ key: row.language, label: row.language, value: row.items }))} />
        </div>
        <div>
          <h4 class="dashboard-subhead">Regions</h4>
          {regions.length === 0 ? (
            <p class="dashboard-quiet">No item named its region.</p>
          ) : (
            <BarList label="Items per region" testid="regions" bars={regions.map((row) => ({ key: row.region, label: row.region, value: row.items }))} />
          )}
        </div>
      </div>
    </ChartFrame>
  );
}
