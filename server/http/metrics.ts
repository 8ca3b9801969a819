import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { AnyEvent, PostAttempt } from '../domain/index.js';
import type { Store } from '../store/store.js';
import type { ProcessStatus } from './process-status.js';

export interface TidewatchMetrics {
  registry: Registry;
  /** Counts what this process committed: items stored, failed polls. Fed by the store's own listeners, so the sum over processes counts each once. */
  countCommitted(events: AnyEvent[]): void;
  /** Counts events this process pushed to sockets. */
  countEmitted(events: AnyEvent[]): void;
  /** Counts one finished attempt at sending a post, by how it ended. */
  countPublishAttempt(outcome: PostAttempt['outcome']): void;
}

/**
 * The figures `GET /metrics` serves in Prometheus's text format, one registry per app (never
 * prom-client's global one, so two apps in one test process do not mix). Counters are this
 * process's; the gauges are read from the process status when scraped.
 */
export function createMetrics(store: Store, status: ProcessStatus): TidewatchMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tidewatch_' });
  const items = new Counter({ name: 'tidewatch_items_ingested_total', help: 'Items stored by this process (polled or pushed), new ones only.', registers: [registry] });
  const pollErrors = new Counter({ name: 'tidewatch_poll_errors_total', help: 'Polls of a source by this process that failed.', registers: [registry] });
  const attempts = new Counter({
    name: 'tidewatch_publish_attempts_total',
    help: 'Attempts at sending a post by this process, by outcome (published, retry, rejected, unknown).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const emitted = new Counter({ name: 'tidewatch_events_emitted_total', help: 'Events this process pushed to sockets (its own commits; the adapter carries them to every process).', registers: [registry] });
  new Gauge({
    name: 'tidewatch_leader',
    help: '1 when this process is the leader (it runs polling, the detector and the publisher), else 0.',
    registers: [registry],
    collect() {
      this.set(status.role() === 'leader' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'tidewatch_detector_lag_seconds',
    help: 'Seconds since the newest item the trend detector took in was fetched; NaN where no detector runs (a follower).',
    registers: [registry],
    collect() {
      this.set(status.detectorLagSeconds() ?? Number.NaN);
    },
  });
  new Gauge({
    name: 'tidewatch_event_lag',
    help: 'Events committed that this process has not yet heard of (its jobs and socket rechecks act on them).',
    registers: [registry],
    async collect() {
      this.set(Math.max(0, (await store.lastSeq()) - status.heardSeq()));
    },
  });
  new Gauge({
    name: 'tidewatch_websocket_clients',
    help: 'Sockets connected to this process.',
    registers: [registry],
    collect() {
      this.set(status.websocketClients());
    },
  });

  return {
    registry,
    countCommitted(events) {
      for (const event of events) {
        if (event.action === 'items.create') items.inc(event.data.items.length);
        // The poll runtime records every failed run in the source's health, as the source itself.
        else if (event.action === 'sources.update' && event.actor.startsWith('source:') && event.data.source.health.consecutiveFailures > 0) pollErrors.inc();
      }
    },
    countEmitted(events) {
      emitted.inc(events.length);
    },
    countPublishAttempt(outcome) {
      attempts.inc({ outcome });
    },
  };
}
