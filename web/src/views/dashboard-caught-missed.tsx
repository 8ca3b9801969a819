import { BarList } from '../components/bar-list.js';
import { outcomeParts } from '../dashboard-figures.js';
import { countOf, formatCount, formatPercent } from '../dashboard-format.js';
import type { Dashboard } from '../dashboard-wire.js';
import { ChartFrame } from './dashboard-chart.js';

/** What became of the period's opportunities: one stacked bar, its legend with counts, and why some were dismissed. */
export function CaughtMissedChart({ dashboard, query }: { dashboard: Dashboard; query: string }) {
  const caught = dashboard.caughtMissed;
  const { parts, total } = outcomeParts(caught);
  return (
    <ChartFrame
      chart="caught-missed"
      title="Caught vs missed"
      explanation="What became of the opportunities raised in the period: published inside their window, late, expired, dismissed or still open."
      query={query}
      empty={total === 0 ? 'No opportunities were raised in this period: widen the range or pick another beat.' : null}
    >
      <p class="dashboard-lead" data-testid="caught-total">
        {countOf(total, 'opportunity', 'opportunities')} raised · <strong>{formatPercent(total > 0 ? caught.publishedInWindow / total : null)}</strong> published in their window
      </p>
      <div class="stack-bar" role="img" aria-label={parts.map((part) => `${part.label}: ${part.count}`).join(', ')}>
        {parts
          .filter((part) => part.count > 0)
          .map((part) => (
            <span key={part.key} class={`stack-part outcome-${part.key}`} style={{ flexGrow: part.count }} title={`${part.label}: ${part.count} (${formatPercent(part.share)})`} />
          ))}
      </div>
      <ul class="stack-legend">
        {parts.map((part) => (
          <li key={part.key} data-testid="outcome" data-outcome={part.key} data-count={part.count}>
            <span class={`stack-swatch outcome-${part.key}`} aria-hidden="true" />
            <span class="stack-legend-label">{part.label}</span>
            <strong class="stack-legend-count">{formatCount(part.count)}</strong>
            <span class="stack-legend-share">{formatPercent(part.share)}</span>
          </li>
        ))}
      </ul>
      <h4 class="dashboard-subhead">Why opportunities were dismissed</h4>
      {caught.dismissReasons.length === 0 ? (
        <p class="dashboard-quiet">None was dismissed in this period.</p>
      ) : (
        <BarList label="Dismiss reasons" testid="dismiss-reasons" bars={caught.dismissReasons.map((reason) => ({ key: reason.reason, label: reason.reason, value: reason.count }))} />
      )}
    </ChartFrame>
  );
}
