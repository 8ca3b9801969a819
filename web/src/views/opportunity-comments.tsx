import { useId, useState } from 'preact/hooks';
import type { Allowed, Comment } from '../../../server/realtime/protocol.js';
import { addComment } from '../api.js';
import { useBoardContext } from '../board-context.js';
import { TimeAgo } from '../components/time-ago.js';
import { attempt } from './command-feedback.js';
import '../styles/opportunity.css';

/** The team's conversation about an opportunity, oldest first, and a box to add to it. */
export function OpportunityComments({ opportunityId, comments, canComment, onPosted }: { opportunityId: string; comments: ReadonlyArray<Allowed<Comment>>; canComment: boolean; onPosted(): void }) {
  const { state, toast } = useBoardContext();
  const id = useId();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const ordered = [...comments].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));

  const send = async () => {
    if (busy || !text.trim()) return;
    setBusy(true);
    const done = await attempt(toast, () => addComment(opportunityId, text.trim()));
    setBusy(false);
    if (done) {
      setText('');
      onPosted();
    }
  };

  return (
    <section class="file-panel" aria-labelledby="comments-heading">
      <h3 class="file-heading" id="comments-heading">
        Comments <span class="file-count">{comments.length || ''}</span>
      </h3>
      {ordered.length === 0 ? (
        <p class="file-note">No comments yet.</p>
      ) : (
        <ol class="file-comments">
          {ordered.map((comment) => (
            <li key={comment.id} class="file-comment" data-testid="comment" data-comment-id={comment.id}>
              <p class="file-comment-meta">
                <strong>{state.member(comment.authorId)?.name ?? 'A former member'}</strong> <TimeAgo at={comment.createdAt} />
              </p>
              <p class="file-comment-text">{comment.text}</p>
            </li>
          ))}
        </ol>
      )}
      {canComment ? (
        <form
          class="file-comment-form"
          data-testid="comment-form"
          onSubmit={(event) => {
            event.preventDefault();
            void send();
          }}
        >
          <label class="inline-label" for={`${id}-text`}>
            Add a comment
          </label>
          <textarea
            id={`${id}-text`}
            class="inline-input"
            rows={3}
            maxLength={5000}
            aria-describedby={`${id}-hint`}
            value={text}
            onInput={(event) => setText(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                void send();
              }
            }}
          />
          <p class="inline-hint" id={`${id}-hint`}>
            Mention a teammate with @name to send them a notice. Ctrl+Enter sends.
          </p>
          <button type="submit" class="btn btn-primary" disabled={busy || !text.trim()}>
            {busy ? 'Sending…' : 'Comment'}
          </button>
        </form>
      ) : (
        <p class="file-note">Your role cannot comment here.</p>
      )}
    </section>
  );
}
