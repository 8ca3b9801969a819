import { useState } from 'preact/hooks';
import type { BoardPost } from '../../../server/realtime/protocol.js';
import { confirmPost, recordPost } from '../api.js';
import { messageOf } from '../auth-screens.js';
import { useBoardContext } from '../board-context.js';
import { safeHttpUrl } from '../safe-link.js';

/**
 * What a social manager says about a post the scheduler could not finish: where a post made by
 * hand went out (`record`, W-PUB-7), or whether a cut-off send arrived (`confirm`, W-PUB-8).
 * Shown only for the verbs the post's `allowed` lists.
 */
export function PostSettleForm({ post, onChanged }: { post: BoardPost; onChanged(): void }) {
  const { toast } = useBoardContext();
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canRecord = post.allowed.includes('record');
  const canConfirm = post.allowed.includes('confirm');
  if (!canRecord && !canConfirm) return null;

  const typed = url.trim();
  const link = typed === '' ? null : safeHttpUrl(typed);
  const badLink = typed !== '' && link === null;
  const group = `settle-${post.id}`;
  const what = `the ${post.channel} post of “${post.about.title}”`;

  async function act(key: string, work: () => Promise<unknown>, done: string): Promise<void> {
    if (busy) return;
    setBusy(key);
    setError(null);
    try {
      await work();
      toast(done);
      setUrl('');
      onChanged();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div class="post-settle" role="group" aria-labelledby={`${group}-label`} data-testid="post-settle">
      <label class="workflow-label" id={`${group}-label`} for={`${group}-url`}>
        {canRecord ? 'Posted it by hand? Where can it be seen?' : 'Did it arrive? Look on the platform, then say.'}
      </label>
      <div class="workflow-actions">
        <input
          id={`${group}-url`}
          type="url"
          inputMode="url"
          placeholder={canRecord ? 'https://… (required)' : 'https://… (optional)'}
          value={url}
          aria-invalid={badLink}
          data-testid="post-settle-url"
          onInput={(event) => setUrl(event.currentTarget.value)}
        />
        {canRecord && (
          <button
            type="button"
            class="workflow-button is-primary"
            data-testid="record-post"
            disabled={busy !== null || link === null}
            aria-busy={busy === 'record'}
            onClick={() => link && void act('record', () => recordPost(post.id, link, post.rev), `Recorded ${what} as published.`)}
          >
            {busy === 'record' ? 'Recording…' : 'Record as published'}
          </button>
        )}
        {canConfirm && (
          <>
            <button
              type="button"
              class="workflow-button is-primary"
              data-testid="confirm-arrived"
              disabled={busy !== null || badLink}
              aria-busy={busy === 'arrived'}
              onClick={() => void act('arrived', () => confirmPost(post.id, true, link ?? undefined, post.rev), `Confirmed ${what} arrived.`)}
            >
              {busy === 'arrived' ? 'Saving…' : 'It arrived'}
            </button>
            <button
              type="button"
              class="workflow-button is-danger"
              data-testid="confirm-not-arrived"
              disabled={busy !== null}
              aria-busy={busy === 'missing'}
              onClick={() => void act('missing', () => confirmPost(post.id, false, undefined, post.rev), `Marked ${what} as not arrived: it failed.`)}
            >
              {busy === 'missing' ? 'Saving…' : 'It did not arrive'}
            </button>
          </>
        )}
      </div>
      {badLink && <p class="workflow-hint">Use an http:// or https:// address.</p>}
      {error && (
        <p class="workflow-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
