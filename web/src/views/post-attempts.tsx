import type { Post } from '../../../server/realtime/protocol.js';
import { formatClock } from '../relative-time.js';
import { ATTEMPT_OUTCOME } from '../workflow-words.js';

/**
 * Every try at sending a post, oldest first (W-PUB-4): when it started, how it ended, and the
 * platform's own words when it said something. Plain text only: a platform's message is not ours.
 */
export function PostAttempts({ attempts }: { attempts: Post['attempts'] }) {
  if (attempts.length === 0) return null;
  return (
    <ol class="post-attempts" aria-label={`${attempts.length} attempt${attempts.length === 1 ? '' : 's'} to send it`} data-testid="post-attempts">
      {attempts.map((attempt, index) => {
        const outcome = ATTEMPT_OUTCOME[attempt.outcome];
        return (
          <li key={attempt.id} class="post-attempt" data-outcome={attempt.outcome} data-tone={outcome.tone}>
            <span class="post-attempt-when">
              {index + 1}. {formatClock(attempt.startedAt)}
            </span>{' '}
            <strong class="post-attempt-outcome">{outcome.words}</strong>
            {attempt.message && <span class="post-attempt-message">: {attempt.message}</span>}
          </li>
        );
      })}
    </ol>
  );
}
