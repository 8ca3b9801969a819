import type { Item } from '../domain/index.js';
import type { Store } from '../store/store.js';
import type { PostTimingRules } from '../workflow/post-suggestions.js';
import type { PublishingVault } from '../workflow/publishing-vault.js';
import type { SignInLimiter } from './auth/sign-in-limiter.js';
import type { TidewatchMetrics } from './metrics.js';
import type { ProcessStatus } from './process-status.js';

/** What the HTTP layer needs from the composition root. */
export interface AppDeps {
  store: Store;
  version: string;
  /** ms since the epoch. */
  startedAt: number;
  /** The built board (web/dist); the board is not served when absent. */
  webRoot: string | null;
  log: (message: string) => void;
  /** The clock every command reads: tests pass their own to move time. */
  clock: () => Date;
  /** Whether the operator allows sources on private or loopback addresses (TIDEWATCH_ALLOW_PRIVATE_FETCH). */
  allowPrivateFetch?: boolean;
  /** New items pushed to a webhook source, after they are stored: the same hook the poll runner feeds the detector with. */
  onItems?: (items: Item[]) => void;
  /** How long a fetch may take (TIDEWATCH_FETCH_TIMEOUT_MS); link previews wait at most this, and never long. */
  fetchTimeoutMs?: number;
  /** Quiet hours and the per-channel cap that suggested post times keep to; DEFAULT_POST_TIMING when absent. */
  postTiming?: PostTimingRules;
  /** Counts failed sign-ins; each app makes its own when none is given. */
  signInLimiter?: SignInLimiter;
  /** Seals publishing accounts' credentials with the server's secret key; without it accounts can be listed but not given credentials (503). */
  vault?: PublishingVault;
  /** This process's role and lags, for /health and /metrics; STANDALONE_STATUS when absent. */
  status?: ProcessStatus;
  /** The counters the composition root feeds; each app makes its own when none is given. */
  metrics?: TidewatchMetrics;
}
