import { BarList } from '../components/bar-list.js';
import { formatHitRecord, formatPercent } from '../dashboard-format.js';
import type { Dashboard, PredictionRow } from '../dashboard-wire.js';
import { ChartFrame } from './dashboard-chart.js';

function RecordList({ title, rows, testid }: { title: string; rows: readonly PredictionRow[]; testid: string }) {
  return (
    <div>
      <h4 class="dashboard-subhead">{title}</h4>
      <BarList
        label={`Hit rate ${title.toLowerCase()}`}
        testid={testid}
        max={1}
        bars={rows.map((row) => ({
          key: row.group,
          label: row.label,
          value: row.hitRate ?? 0,
          display: `${formatPercent(row.hitRate)} · ${formatHitRecord(row.grew, row.raised)}`,
          ...(row.medianGrowth !== null ? { note: `median +${Math.round(row.medianGrowth)} items after raising` } : {}),
        }))}
      />
    </div>
  );
}

/** How often the detector's opportunities were stories that really grew: how much to trust the score. */
export function PredictionChart({ dashboard, query }: { dashboard: Dashboard; query: string }) {
  const { byChannel, byBeat } = dashboard.prediction;
  const raised = byChannel.reduce((sum, row) => sum + row.raised, 0) + byBeat.reduce((sum, row) => sum + row.raised, 0);
  return (
    <ChartFrame
      chart="prediction"
      title="Prediction record"
      explanation="For the opportunities the detector raised: how often the story at least doubled its items afterwards, per channel and per beat."
      query={query}
      empty={raised === 0 ? 'The detector raised no opportunities in this period (pitches by hand are not predictions): widen the range or pick another beat.' : null}
    >
      <div class="dashboard-pair">
        <RecordList title="Per channel" rows={byChannel} testid="prediction-by-channel" />
        <RecordList title="Per beat" rows={byBeat} testid="prediction-by-beat" />
      </div>
    </ChartFrame>
  );
}
