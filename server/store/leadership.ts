/**
 * Which process of those sharing a store runs the background work (polling, the trend detector,
 * the post publisher, the engagement poller, the workflow sweep). Exactly one at a time is the
 * leader; the others serve HTTP and sockets only.
 */
export type ProcessRole = 'leader' | 'follower';

export interface Leadership {
  role(): ProcessRole;
  /** Resolves once the first attempt at the role is over: a start waits for it, so a lone process starts as the leader. */
  ready(): Promise<void>;
  /** Told of every change of role, in order; returns the unsubscribe. */
  onChange(listener: (role: ProcessRole) => void): () => void;
  /** Gives the role up (a leader releases its lock, so another process can take over at once). */
  stop(): Promise<void>;
}

/**
 * The lowdb store allows one process per data directory (its lock file), so that process is
 * always the leader: there is nobody to elect.
 */
export function soleLeadership(): Leadership {
  let stopped = false;
  return {
    role: () => (stopped ? 'follower' : 'leader'),
    ready: () => Promise.resolve(),
    onChange: () => () => undefined,
    stop: async () => {
      stopped = true;
    },
  };
}
