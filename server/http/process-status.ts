import type { ProcessRole } from '../store/leadership.js';

/**
 * What this server process knows of itself, for /health and /metrics: its role among the processes
 * sharing the database and how far behind it runs. Every figure is this process's own: with several
 * processes, each is asked (or scraped) on its own.
 */
export interface ProcessStatus {
  role(): ProcessRole;
  /**
   * Seconds since the newest item the trend detector took in was fetched; null where no detector
   * runs (a follower) or it has taken in nothing yet. It grows when items stop reaching the
   * detector, and also when the sources are quiet.
   */
  detectorLagSeconds(): number | null;
  /** The sequence number up to which this process has heard every committed event (its jobs and socket rechecks act on them). */
  heardSeq(): number;
  /** The last sequence number this process pushed to sockets (it pushes its own commits only); 0 before any. */
  emittedSeq(): number;
  /** Sockets connected to this process. */
  websocketClients(): number;
}

/** A process alone on its store that runs no jobs of its own: what an app made without the composition root (tests) reports. */
export const STANDALONE_STATUS: ProcessStatus = {
  role: () => 'leader',
  detectorLagSeconds: () => null,
  heardSeq: () => 0,
  emittedSeq: () => 0,
  websocketClients: () => 0,
};
