import { useEffect, useRef, useState } from 'preact/hooks';
import type { BoardReview, Role } from '../../../server/realtime/protocol.js';
import { decideReview, fetchDraftDiff, fetchDraftFile, fetchReviews, type DiffPart } from '../api.js';
import { messageOf } from '../auth-screens.js';
import { useBoardContext, useLiveQuery, type LiveQuery } from '../board-context.js';
import { ChannelChip, EmptyState } from '../components/chips.js';
import { DiffView } from '../components/diff-view.js';
import { DueTime } from '../components/due-time.js';
import { hrefOf } from '../router.js';
import { baselineWords, reviewBaseline } from '../review-baseline.js';
import { eventTouches, isWorkflowKind } from '../workflow-events.js';
import { ROLE_WORDS, shortHash } from '../workflow-words.js';
import '../styles/workflow-controls.css';
import '../styles/review-inbox.css';

type DraftFile = Awaited<ReturnType<typeof fetchDraftFile>>;
type Decision = 'approve' | 'request_changes' | 'reject';

const REVIEW_ROLES: readonly Role[] = ['legal', 'comms'];

const DECISION_WORDS: Record<Decision, { button: string; done: string }> = {
  approve: { button: 'Approve', done: 'approved' },
  request_changes: { button: 'Request changes', done: 'asked for changes on' },
  reject: { button: 'Reject', done: 'rejected' },
};

interface Inbox {
  reviews: BoardReview[];
  /** Each review's draft, with its versions, reviews and posts; missing when it could not load. */
  drafts: Map<string, DraftFile>;
}

/** The pending reviews (the member's roles' only, for a reviewer), soonest due first, with their drafts. */
async function loadInbox(mine: boolean): Promise<Inbox> {
  const { reviews } = await fetchReviews({ state: 'pending', ...(mine ? { mine: true } : {}) });
  reviews.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.id.localeCompare(b.id));
  const draftIds = [...new Set(reviews.map((review) => review.draftId))];
  const files = await Promise.allSettled(draftIds.map((id) => fetchDraftFile(id)));
  const drafts = new Map<string, DraftFile>();
  files.forEach((result, index) => result.status === 'fulfilled' && drafts.set(draftIds[index]!, result.value));
  return { reviews, drafts };
}

function useDiff(draftId: string, from: number | null, to: number): { parts: DiffPart[] | null; error: string | null } {
  const [result, setResult] = useState<{ key: string; parts: DiffPart[] | null; error: string | null }>({ key: '', parts: null, error: null });
  const key = `${draftId}:${from}:${to}`;
  useEffect(() => {
    if (from === null) return;
    let cancelled = false;
    fetchDraftDiff(draftId, from, to).then(
      ({ diff }) => !cancelled && setResult({ key, parts: diff.parts, error: null }),
      (error: unknown) => !cancelled && setResult({ key, parts: null, error: messageOf(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [key]);
  return result.key === key ? result : { parts: null, error: null };
}

/** Why the member cannot decide a review, in the words the server would use. */
function whyNot(review: BoardReview, file: DraftFile | undefined, memberId: string, roles: readonly Role[]): string {
  if (!roles.includes(review.role)) return `This is a ${review.role} review: a member of ${review.role} decides it.`;
  if (file?.draft.versions.some((version) => version.authorId === memberId)) return 'You wrote a version of this draft, so someone else must review it.';
  if (review.about.opportunityState === 'expired' || review.about.opportunityState === 'dismissed') return `The opportunity is ${review.about.opportunityState}: nothing more is reviewed.`;
  return 'You cannot decide this review now.';
}

function ReviewRow({ review, file, readOnly, onDecided }: { review: BoardReview; file: DraftFile | undefined; readOnly: boolean; onDecided(): void }) {
  const { session, state, toast } = useBoardContext();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<Decision | null>(null);
  const [error, setError] = useState<string | null>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const version = file?.draft.versions.find((v) => v.version === review.version);
  const baseline = file ? reviewBaseline(review.version, file.reviews, file.posts) : null;
  const diff = useDiff(review.draftId, baseline && baseline.kind !== 'first' ? baseline.version : null, review.version);
  const author = version ? (version.authorId === session.principal.id ? 'you' : (state.member(version.authorId)?.name ?? version.authorId)) : null;
  const canDecide = !readOnly && review.allowed.includes('decide');
  const headingId = `review-${review.id}-title`;
  const commentId = `review-${review.id}-comment`;

  async function decide(decision: Decision): Promise<void> {
    if (busy) return;
    const text = comment.trim();
    if (decision !== 'approve' && !text) {
      setError(decision === 'reject' ? 'Say why you reject it: the writer and the team need to know.' : 'Say what should change: the writer needs to know.');
      commentRef.current?.focus();
      return;
    }
    setBusy(decision);
    setError(null);
    try {
      // No rev: the server already refuses a decision on anything but the pending review of the
      // exact version shown (W-REV-3), and an escalation, which moves the rev, changes no words.
      await decideReview(review.id, decision, text || undefined);
      toast(`You ${DECISION_WORDS[decision].done} version ${review.version} of the ${review.about.channel} draft “${review.about.title}”.`);
      onDecided();
    } catch (failure) {
      setError(messageOf(failure));
      onDecided();
    } finally {
      setBusy(null);
    }
  }

  return (
    <li class="review-row" data-testid="review-row" data-review-id={review.id} data-role={review.role} data-escalated={String(review.escalatedAt !== null)} aria-labelledby={headingId}>
      <header class="review-head">
        <span class={`review-role review-role-${review.role}`}>{ROLE_WORDS[review.role]} review</span>
        <h3 class="review-title" id={headingId}>
          <a href={hrefOf({ view: 'opportunity', id: review.opportunityId })}>{review.about.title}</a>
        </h3>
        <ChannelChip channel={review.about.channel} />
        <DueTime dueAt={review.dueAt} escalatedAt={review.escalatedAt} />
      </header>

      <div class="review-version">
        <p class="review-version-meta">
          <strong>Version {review.version}</strong>
          {author && <> by {author}</>} · <code title={`Content hash ${review.contentHash}`}>#{shortHash(review.contentHash)}</code> ·{' '}
          <a href={hrefOf({ view: 'draft', id: review.draftId })}>open the draft</a>
        </p>
        {version ? (
          <p class="workflow-text review-version-text" aria-label={`The text of version ${review.version}`}>
            {version.text}
          </p>
        ) : (
          <p class="workflow-warning">The text of this version could not load. Open the draft to read it before deciding.</p>
        )}
        {baseline && baseline.kind === 'first' && <p class="review-first">{baselineWords(baseline, review.version)}</p>}
        {baseline && baseline.kind !== 'first' && (diff.parts ? <DiffView parts={diff.parts} label={baselineWords(baseline, review.version)} /> : diff.error ? <p class="workflow-warning">Could not load the changes: {diff.error}</p> : <p class="workflow-hint">Loading the changes since version {baseline.version}…</p>)}
      </div>

      {canDecide ? (
        <div class="review-decision">
          <label class="workflow-label" for={commentId}>
            Comment for the writer
          </label>
          <span class="workflow-hint" id={`${commentId}-hint`}>
            Required to request changes or reject; optional when approving.
          </span>
          <textarea
            id={commentId}
            aria-describedby={`${commentId}-hint`}
            ref={commentRef}
            class="review-comment"
            data-testid="review-comment"
            rows={2}
            value={comment}
            aria-invalid={error !== null && comment.trim() === ''}
            onInput={(event) => setComment(event.currentTarget.value)}
          />
          {error && (
            <p class="workflow-error" role="alert">
              {error}
            </p>
          )}
          <div class="workflow-actions">
            <button type="button" class="workflow-button is-primary" data-testid="review-approve" disabled={busy !== null || !version} aria-busy={busy === 'approve'} onClick={() => void decide('approve')}>
              {busy === 'approve' ? 'Approving…' : `Approve version ${review.version}`}
            </button>
            <button type="button" class="workflow-button" data-testid="review-request-changes" disabled={busy !== null} aria-busy={busy === 'request_changes'} onClick={() => void decide('request_changes')}>
              {busy === 'request_changes' ? 'Sending…' : 'Request changes'}
            </button>
            <button type="button" class="workflow-button is-danger" data-testid="review-reject" disabled={busy !== null} aria-busy={busy === 'reject'} onClick={() => void decide('reject')}>
              {busy === 'reject' ? 'Rejecting…' : 'Reject'}
            </button>
          </div>
        </div>
      ) : (
        !readOnly && <p class="workflow-info review-why-not">{whyNot(review, file, session.principal.id, session.roles)}</p>
      )}
    </li>
  );
}

/** `#/reviews`: what waits for legal and comms, soonest due first. */
export function ReviewInbox() {
  const { session } = useBoardContext();
  const myRoles = session.roles.filter((role) => REVIEW_ROLES.includes(role));
  const reviewer = myRoles.length > 0;
  // Any review event may add or remove a row; other events only matter for the rows shown (a new
  // version, a post that marks a version approved, an opportunity that closed or was renamed).
  const query: LiveQuery<Inbox> = useLiveQuery(
    () => loadInbox(reviewer),
    [reviewer],
    (event): boolean =>
      isWorkflowKind(event, ['reviews']) ||
      eventTouches(event, { draftIds: [...(query.data?.drafts.keys() ?? [])], opportunityIds: query.data?.reviews.map((review) => review.opportunityId) ?? [] }),
  );
  const inbox = query.data;
  const overdue = inbox?.reviews.filter((review) => review.escalatedAt !== null || Date.parse(review.dueAt) <= Date.now()).length ?? 0;

  return (
    <section class="view view-reviews" data-testid="review-inbox" aria-labelledby="review-inbox-title">
      <header class="review-inbox-head">
        <h2 class="review-inbox-title" id="review-inbox-title">
          {reviewer ? 'Waiting for you' : 'Reviews of the team'}
        </h2>
        <p class="workflow-hint">
          {reviewer
            ? `Pending ${myRoles.map((role) => ROLE_WORDS[role as 'legal' | 'comms'].toLowerCase()).join(' and ')} reviews, soonest due first.`
            : `Reviews are decided by legal and comms. You are ${session.roles.length ? session.roles.join(', ') : 'a member without a role'}, so here is what waits for them, to read only.`}
          {inbox && inbox.reviews.length > 0 && ` ${inbox.reviews.length} waiting${overdue ? `, ${overdue} overdue` : ''}.`}
        </p>
      </header>
      {query.error !== null && (
        <p class="workflow-error" role="alert">
          Could not load the reviews: {messageOf(query.error)}{' '}
          <button type="button" class="link-button" onClick={query.reload}>
            Try again
          </button>
        </p>
      )}
      {!inbox ? (
        query.error === null && <EmptyState title="Loading the reviews…" hint="Fetching what waits, with the exact versions to read." />
      ) : inbox.reviews.length === 0 ? (
        <EmptyState
          title={reviewer ? 'Nothing waits for you.' : 'No review is waiting.'}
          hint={reviewer ? 'When an editor submits a draft, its review appears here with the exact version to read and its due time.' : 'Submitted drafts show here while legal and comms read them.'}
        />
      ) : (
        <ol class="review-list">
          {inbox.reviews.map((review) => (
            <ReviewRow key={review.id} review={review} file={inbox.drafts.get(review.draftId)} readOnly={!reviewer} onDecided={query.reload} />
          ))}
        </ol>
      )}
    </section>
  );
}
