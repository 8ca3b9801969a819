import { memo } from 'preact/compat';
import type { PublicSource } from '../../../server/realtime/protocol.js';
import { useBoardChanges } from '../board-context.js';
import { ChannelChip, EmptyState } from '../components/chips.js';
import { TimeAgo } from '../components/time-ago.js';

const STATUS_LABELS: Record<PublicSource['health']['status'], string> = {
  healthy: 'Healthy',
  unhealthy: 'Unhealthy',
  unknown: 'Unknown',
};

export const SourceRow = memo(function SourceRow({ source }: { source: PublicSource }) {
  const { health } = source;
  const status = health.status;
  const perHour = health.itemsPerHour >= 10 ? Math.round(health.itemsPerHour) : Math.round(health.itemsPerHour * 10) / 10;
  return (
    <li class={`source status-${status}${source.enabled ? '' : ' is-paused'}`} data-testid="source" data-source-id={source.id} data-status={status}>
      <div class="source-head">
        <span class="status-dot" aria-hidden="true" />
        <span class="source-name">{source.name}</span>
        <span class="source-status">{source.enabled ? STATUS_LABELS[status] : 'Paused'}</span>
      </div>
      <div class="source-meta">
        <ChannelChip channel={source.channel} />
        <span>{source.kind}</span>
        <span>{`${health.itemsLastRun} ${health.itemsLastRun === 1 ? 'item' : 'items'} last run`}</span>
        <span data-testid="items-per-hour">{`${perHour} items/hour`}</span>
        {health.lastSuccessAt ? <TimeAgo at={health.lastSuccessAt} prefix="last success " /> : <span>{health.lastRunAt ? 'no success yet' : 'waiting for first run'}</span>}
        {source.enabled && health.nextPollAt && <TimeAgo at={health.nextPollAt} prefix="next poll " />}
      </div>
      {health.lastError && (
        <p class="source-error" role="note">
          {health.consecutiveFailures > 1 ? `${health.consecutiveFailures} failures in a row: ` : ''}
          {health.lastError}
        </p>
      )}
      {health.warnings.length > 0 && (
        <p class="source-warning" role="note" data-testid="source-warnings">
          {`Recovered: ${health.warnings.join('; ')}`}
        </p>
      )}
    </li>
  );
});

/** The health of every source: last success, last error in words, items per hour. */
export function SourcesView() {
  const state = useBoardChanges((change) => change.kind === 'reset' || change.kind === 'sources');
  const sources = state.sourcesInOrder();
  const unhealthy = sources.filter((source) => source.health.status === 'unhealthy').length;
  return (
    <section class="view panel panel-sources" aria-labelledby="sources-heading">
      <h2 class="panel-title" id="sources-heading">
        Sources <span class="panel-count">{sources.length ? `${sources.length}${unhealthy ? ` · ${unhealthy} failing` : ''}` : ''}</span>
      </h2>
      {state.isLoaded && sources.length === 0 && <EmptyState title="No sources configured." hint="Add a feed, subreddit, account or search for Tidewatch to poll (tidewatch sources add, or POST /api/sources)." />}
      <ul class="source-list" data-testid="sources">
        {sources.map((source) => (
          <SourceRow key={source.id} source={source} />
        ))}
      </ul>
    </section>
  );
}
