import { fetchOpportunitiesById } from './api.js';
import type { BoardState } from './board-state.js';

/** How long to gather changed opportunities before asking once for all of them. */
const GATHER_MS = 300;
const MAX_IDS_PER_CALL = 200;

/**
 * Events carry records but not what this member may do with them (that depends on who asks).
 * After opportunities change, ask the server once, for all of them, which verbs now apply, so
 * the card's buttons match what the server would accept.
 */
export function refreshAllowedOnChange(state: BoardState): () => void {
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const flush = async (): Promise<void> => {
    timer = null;
    const ids = [...pending].slice(0, MAX_IDS_PER_CALL);
    for (const id of ids) pending.delete(id);
    try {
      const { opportunities } = await fetchOpportunitiesById(ids);
      if (!stopped) state.setAllowed(opportunities);
    } catch {
      // The buttons keep their last known verbs; the server still checks every command.
    }
    if (pending.size > 0 && !stopped) timer = setTimeout(() => void flush(), GATHER_MS);
  };

  const unsubscribe = state.subscribe((change) => {
    if (change.kind !== 'opportunities') return;
    for (const id of [...change.created, ...change.updated]) pending.add(id);
    timer ??= setTimeout(() => void flush(), GATHER_MS);
  });
  return () => {
    stopped = true;
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
  };
}
