import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Channel } from '../../../server/realtime/protocol.js';
import { ApiError, fetchDashboard } from '../api.js';
import { useBoardChanges, useLiveQuery } from '../board-context.js';
import { useChannelRules } from '../channel-rules.js';
import { formatAbsolute } from '../relative-time.js';
import { apiQuery, periodOf, rangeProblem, settingsFromQuery, settingsToQuery, type DashboardSettings } from '../dashboard-range.js';
import type { Dashboard } from '../dashboard-wire.js';
import { route } from '../router.js';
import { CaughtMissedChart } from './dashboard-caught-missed.js';
import { DashboardControls } from './dashboard-controls.js';
import { PredictionChart } from './dashboard-prediction.js';
import { ReactionSpeedChart } from './dashboard-reaction-speed.js';
import { ReputationChart } from './dashboard-reputation.js';
import { ReviewTurnaroundChart } from './dashboard-review-turnaround.js';
import { HeatMapChart, LanguagesChart } from './dashboard-when-where.js';
import '../styles/dashboard.css';

const queryOfHash = (hash: string) => hash.split('?')[1] ?? '';

/** The settings start from the address, and the address follows them without adding history entries. */
function useSettingsInAddress(): [DashboardSettings, (next: DashboardSettings) => void] {
  const [settings, setSettings] = useState<DashboardSettings>(() => settingsFromQuery(queryOfHash(location.hash), Date.now()));
  useEffect(() => {
    if (route.value.view !== 'dashboard') return;
    const query = settingsToQuery(settings);
    const wanted = `#/dashboard${query ? `?${query}` : ''}`;
    if (location.hash !== wanted) history.replaceState(history.state, '', wanted);
  }, [settings]);
  return [settings, setSettings];
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.serverMessage ?? error.message;
  return error instanceof Error ? error.message : String(error);
}

interface Figures {
  query: string;
  dashboard: Dashboard;
}

/**
 * The newsroom's figures for a period: how fast it reacted, what it caught and missed, how the
 * brand is talked about, when and where the audience is, and how far to trust the detector.
 */
export function DashboardView() {
  const state = useBoardChanges((change) => change.kind === 'reset' || change.kind === 'team');
  const beats = state.beatsInOrder();
  const rules = useChannelRules();
  const channels = useMemo<Channel[]>(() => (rules ? [...rules.keys()] : []), [rules]);
  const [settings, setSettings] = useSettingsInAddress();
  const problem = rangeProblem(settings);
  // A preset's period is fixed when it is picked, so the charts and their CSV links agree.
  const period = useMemo(() => (problem ? null : periodOf(settings, Date.now())), [settings, problem]);
  const query = period ? apiQuery(period, settings) : null;

  const figures = useLiveQuery<Figures | null>(
    async () => (query === null ? null : { query, dashboard: await fetchDashboard(query) }),
    [query],
    // The figures follow the history, not each event: they come again after a resync or on asking.
    () => false,
  );
  const shown = figures.data;
  const stale = figures.loading || (shown !== null && shown.query !== query);

  return (
    <section class="view dashboard" data-testid="dashboard" data-loading={stale} data-query={shown?.query ?? ''} aria-busy={stale}>
      <header class="dashboard-head">
        <div>
          <h2 class="dashboard-title">Dashboard</h2>
          <p class="dashboard-intro">What the newsroom caught and missed, how fast it reacted, and how the brand is talked about.</p>
        </div>
        <button type="button" class="btn btn-small" data-testid="dashboard-refresh" disabled={figures.loading || query === null} onClick={figures.reload}>
          {figures.loading ? 'Updating…' : 'Refresh'}
        </button>
      </header>
      <DashboardControls settings={settings} period={period} beats={beats} channels={channels} now={Date.now()} onChange={setSettings} />
      {figures.error !== null && !figures.loading && (
        <div class="dashboard-error" role="alert" data-testid="dashboard-error">
          <p>
            Couldn't load the figures: <span data-testid="dashboard-error-message">{messageOf(figures.error)}</span>
          </p>
          <button type="button" class="btn btn-small" data-testid="dashboard-retry" onClick={figures.reload}>
            Try again
          </button>
        </div>
      )}
      {!shown && figures.loading && (
        <p class="loading" data-testid="dashboard-loading">
          Loading the figures…
        </p>
      )}
      {shown && (
        <div class={`dashboard-grid${stale ? ' is-stale' : ''}`}>
          <ReactionSpeedChart dashboard={shown.dashboard} query={shown.query} />
          <CaughtMissedChart dashboard={shown.dashboard} query={shown.query} />
          <ReviewTurnaroundChart dashboard={shown.dashboard} query={shown.query} />
          <ReputationChart dashboard={shown.dashboard} query={shown.query} />
          <HeatMapChart dashboard={shown.dashboard} query={shown.query} />
          <LanguagesChart dashboard={shown.dashboard} query={shown.query} />
          <PredictionChart dashboard={shown.dashboard} query={shown.query} />
          <p class="dashboard-generated">
            Figures as of <time dateTime={shown.dashboard.generatedAt}>{formatAbsolute(shown.dashboard.generatedAt)}</time>. Times are in UTC.
          </p>
        </div>
      )}
    </section>
  );
}
