import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { csvHref } from '../dashboard-range.js';
import type { DashboardChart as ChartName } from '../dashboard-wire.js';

export interface ChartFrameProps {
  chart: ChartName;
  title: string;
  /** One line: what the chart shows. */
  explanation: string;
  /** The API query of the figures on screen: the CSV holds the same. */
  query: string;
  /** What to do when the period holds nothing to draw; null when there is something. */
  empty: string | null;
  /** More CSV downloads when a panel shows several of the API's charts. */
  extraCsv?: ReadonlyArray<{ chart: ChartName; label: string }>;
  tools?: ComponentChildren;
  children: ComponentChildren;
}

function CsvLink({ chart, query, label }: { chart: ChartName; query: string; label: string }) {
  return (
    <a class="btn btn-small dashboard-csv" href={csvHref(chart, query)} download={`tidewatch-${chart}.csv`} data-testid={`csv-${chart}`} title={`Download the data of this chart as CSV (${chart}.csv)`}>
      {label}
    </a>
  );
}

/** One chart of the dashboard: title, what it shows, its CSV, and either the chart or what to do. */
export function ChartFrame({ chart, title, explanation, query, empty, extraCsv = [], tools, children }: ChartFrameProps) {
  const id = useId();
  return (
    <section class="panel dashboard-chart" data-testid={`chart-${chart}`} data-empty={empty !== null} aria-labelledby={`${id}-title`}>
      <header class="dashboard-chart-head">
        <div class="dashboard-chart-words">
          <h3 class="dashboard-chart-title" id={`${id}-title`}>
            {title}
          </h3>
          <p class="dashboard-chart-explanation">{explanation}</p>
        </div>
        <div class="dashboard-chart-tools">
          {tools}
          <CsvLink chart={chart} query={query} label="CSV" />
          {extraCsv.map((extra) => (
            <CsvLink key={extra.chart} chart={extra.chart} query={query} label={extra.label} />
          ))}
        </div>
      </header>
      {empty !== null ? (
        <div class="empty dashboard-empty" data-testid="chart-empty">
          <p class="empty-hint">{empty}</p>
        </div>
      ) : (
        <div class="dashboard-chart-body">{children}</div>
      )}
    </section>
  );
}
