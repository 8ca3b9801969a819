import { signal } from '@preact/signals';
import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { AnyEvent, SessionInfo } from '../../server/realtime/protocol.js';
import type { BoardChange, BoardState } from './board-state.js';

/** What every view of a signed-in board can reach. */
export interface BoardContextValue {
  state: BoardState;
  session: SessionInfo;
  /** Shows a short message to the member (what happened, or what went wrong and what to do). */
  toast(message: string, tone?: 'info' | 'error'): void;
}

export const BoardContext = createContext<BoardContextValue | null>(null);

export function useBoardContext(): BoardContextValue {
  const value = useContext(BoardContext);
  if (!value) throw new Error('Tidewatch: a board view was rendered outside the board.');
  return value;
}

/** The clock every countdown reads: one timer for the whole page, ticking each second. */
export const now = signal(Date.now());
setInterval(() => {
  now.value = Date.now();
}, 1000);

/**
 * Re-renders the calling component when the board state changes in a way `relevant` cares
 * about, at most once per animation frame: a burst of events costs one redraw.
 */
export function useBoardChanges(relevant: (change: BoardChange) => boolean = () => true): BoardState {
  const { state } = useBoardContext();
  const [, setVersion] = useState(0);
  const relevantRef = useRef(relevant);
  relevantRef.current = relevant;
  useEffect(() => {
    let frame: number | null = null;
    const unsubscribe = state.subscribe((change) => {
      if (!relevantRef.current(change) || frame !== null) return;
      frame = requestAnimationFrame(() => {
        frame = null;
        setVersion((version) => version + 1);
      });
    });
    return () => {
      unsubscribe();
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [state]);
  return state;
}

export interface LiveQuery<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** How long a view waits after a relevant event before asking again, so a burst costs one fetch. */
const REFRESH_DEBOUNCE_MS = 250;

/**
 * Rows a view fetches itself (with the verbs the member may use on each), fetched again
 * whenever a workflow event that `relevant` picks out goes by, and after every resync.
 */
export function useLiveQuery<T>(fetcher: () => Promise<T>, deps: readonly unknown[], relevant: (event: AnyEvent) => boolean): LiveQuery<T> {
  const { state } = useBoardContext();
  const [result, setResult] = useState<{ data: T | null; error: unknown; loading: boolean }>({ data: null, error: null, loading: true });
  const [generation, setGeneration] = useState(0);
  const relevantRef = useRef(relevant);
  relevantRef.current = relevant;

  useEffect(() => {
    let cancelled = false;
    setResult((previous) => ({ ...previous, loading: true }));
    fetcher().then(
      (data) => !cancelled && setResult({ data, error: null, loading: false }),
      (error: unknown) => !cancelled && setResult((previous) => ({ data: previous.data, error, loading: false })),
    );
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names what the fetch depends on
  }, [...deps, generation]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = state.subscribe((change) => {
      const wanted = change.kind === 'reset' || (change.kind === 'workflow' && relevantRef.current(change.event));
      if (!wanted || timer !== null) return;
      timer = setTimeout(() => {
        timer = null;
        setGeneration((value) => value + 1);
      }, REFRESH_DEBOUNCE_MS);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [state]);

  return { ...result, reload: () => setGeneration((value) => value + 1) };
}
