import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Allowed, BoardChannelRule, BoardPost, BoardReview, Draft } from '../../../server/realtime/protocol.js';
import { ApiError, fetchDraftDiff, fetchDraftFile, reviseDraft, submitDraft, type DiffPart } from '../api.js';
import { messageOf } from '../auth-screens.js';
import { useBoardContext, useLiveQuery, type LiveQuery } from '../board-context.js';
import { hoursOf, useChannelRules } from '../channel-rules.js';
import { channelWindowTimes } from '../channel-window.js';
import { ChannelChip, EmptyState } from '../components/chips.js';
import { Countdown } from '../components/countdown.js';
import { DiffView } from '../components/diff-view.js';
import { DueTime } from '../components/due-time.js';
import { LengthCounter } from '../components/length-counter.js';
import { LinkPreviews } from '../components/link-previews.js';
import { StateChip } from '../components/state-chip.js';
import { TimeAgo } from '../components/time-ago.js';
import { formatAbsolute, formatClock } from '../relative-time.js';
import { PresenceBar, SoftLockWarning, usePresence } from '../presence.js';
import { hrefOf } from '../router.js';
import { draftProblems, measureDraft } from '../text-length.js';
import { eventTouches } from '../workflow-events.js';
import { DRAFT_STATUS, POST_STATE, REVIEW_STATE, ROLE_WORDS, shortHash } from '../workflow-words.js';
import '../styles/workflow-controls.css';
import '../styles/draft-editor.css';

type DraftFile = Awaited<ReturnType<typeof fetchDraftFile>>;

export interface DraftEditorProps {
  id: string;
}

/** What the member is doing to the text, apart from what the server holds. */
interface Edit {
  /** Their text; null while they have not changed the saved one (the box follows the latest). */
  text: string | null;
  /** The version their text started from. */
  baseVersion: number | null;
  /** The draft's rev when they last knew its latest text: a save that finds it moved on is a 409. */
  baseRev: number | null;
}

const UNTOUCHED: Edit = { text: null, baseVersion: null, baseRev: null };

/** Unsaved text outlives a reload, the back button or a trip to another tab of the board. */
const stashKey = (id: string) => `tidewatch.unsaved-draft.${id}`;

function readStash(id: string): Edit | null {
  try {
    const raw = sessionStorage.getItem(stashKey(id));
    const parsed = raw ? (JSON.parse(raw) as Partial<Edit>) : null;
    return parsed && typeof parsed.text === 'string' ? { text: parsed.text, baseVersion: parsed.baseVersion ?? null, baseRev: parsed.baseRev ?? null } : null;
  } catch {
    return null;
  }
}

function writeStash(id: string, edit: Edit | null): void {
  try {
    if (edit) sessionStorage.setItem(stashKey(id), JSON.stringify(edit));
    else sessionStorage.removeItem(stashKey(id));
  } catch {
    // Private mode or a full quota: the beforeunload warning still guards the text.
  }
}

/** The later of two copies of a draft: a command's answer can arrive before the refetch does. */
function newer(fetched: Allowed<Draft>, answered: Allowed<Draft> | null): Allowed<Draft> {
  return answered && answered.id === fetched.id && answered.rev > fetched.rev ? answered : fetched;
}

/** Version diffs never change: each is fetched once per page. */
const diffCache = new Map<string, Promise<DiffPart[]>>();

function useVersionDiff(draftId: string, from: number, to: number): { parts: DiffPart[] | null; error: string | null } {
  const [result, setResult] = useState<{ key: string; parts: DiffPart[] | null; error: string | null }>({ key: '', parts: null, error: null });
  const key = `${draftId}:${from}:${to}`;
  useEffect(() => {
    let cancelled = false;
    let pending = diffCache.get(key);
    if (!pending) {
      pending = fetchDraftDiff(draftId, from, to).then(({ diff }) => diff.parts);
      diffCache.set(key, pending);
      pending.catch(() => diffCache.delete(key));
    }
    pending.then(
      (parts) => !cancelled && setResult({ key, parts, error: null }),
      (error: unknown) => !cancelled && setResult({ key, parts: null, error: messageOf(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [key]);
  return result.key === key ? result : { parts: null, error: null };
}

function VersionDiff({ draft, from, to }: { draft: Draft; from: number; to: number }) {
  const { parts, error } = useVersionDiff(draft.id, from, to);
  if (error) return <p class="workflow-error" role="alert">Could not load the changes: {error}</p>;
  if (!parts) return <p class="workflow-hint">Loading the changes…</p>;
  return <DiffView parts={parts} label={`Version ${from} → version ${to}`} />;
}

/** Every version, newest first; pick one to see what it changed. */
function VersionHistory({ draft, memberName }: { draft: Draft; memberName: (id: string) => string }) {
  const latest = draft.versions.at(-1)!.version;
  const [picked, setPicked] = useState<number | null>(null);
  const [compareWith, setCompareWith] = useState<number | null>(null);
  const selected = picked !== null && draft.versions.some((v) => v.version === picked) ? picked : latest;
  const earlier = draft.versions.filter((v) => v.version < selected).map((v) => v.version);
  const from = compareWith !== null && earlier.includes(compareWith) ? compareWith : (earlier.at(-1) ?? null);
  const first = draft.versions.find((v) => v.version === selected);
  return (
    <section class="draft-panel" aria-labelledby="draft-versions-heading">
      <h3 class="draft-panel-title" id="draft-versions-heading">
        Versions <span class="panel-count">{draft.versions.length}</span>
      </h3>
      <ol class="draft-versions">
        {[...draft.versions].reverse().map((version) => (
          <li key={version.version} class="draft-version" data-testid="draft-version" data-version={version.version} data-selected={String(version.version === selected)}>
            <button
              type="button"
              class="draft-version-button"
              aria-pressed={version.version === selected}
              aria-label={`Version ${version.version} by ${memberName(version.authorId)}, ${formatAbsolute(version.createdAt)}: show what it changed`}
              onClick={() => {
                setPicked(version.version);
                setCompareWith(null);
              }}
            >
              <span class="draft-version-number">v{version.version}</span>
              <span class="draft-version-author">{memberName(version.authorId)}</span>
              <TimeAgo at={version.createdAt} />
              <code class="draft-version-hash" title={`Content hash ${version.contentHash}`}>
                #{shortHash(version.contentHash)}
              </code>
              {version.version === draft.submittedVersion && <StateChip words={DRAFT_STATUS[draft.status].words} tone={DRAFT_STATUS[draft.status].tone} />}
            </button>
          </li>
        ))}
      </ol>
      {from === null ? (
        <div class="draft-first-version">
          <p class="workflow-hint">Version {selected} is the first: here is its text.</p>
          <p class="workflow-text">{first?.text ?? ''}</p>
        </div>
      ) : (
        <>
          {earlier.length > 1 && (
            <label class="workflow-field draft-compare">
              <span class="workflow-label">Compare version {selected} with</span>
              <select value={String(from)} onChange={(event) => setCompareWith(Number(event.currentTarget.value))}>
                {[...earlier].reverse().map((v) => (
                  <option key={v} value={String(v)}>
                    version {v}
                    {v === selected - 1 ? ' (the one before)' : ''}
                  </option>
                ))}
              </select>
            </label>
          )}
          <VersionDiff draft={draft} from={from} to={selected} />
        </>
      )}
    </section>
  );
}

/** The reviews of the version under review (or approved, or decided against). */
function CurrentReviews({ draft, reviews, memberName }: { draft: Draft; reviews: readonly BoardReview[]; memberName: (id: string) => string }) {
  const latest = draft.versions.at(-1)!.version;
  const current = reviews.filter((review) => review.version === draft.submittedVersion).sort((a, b) => a.role.localeCompare(b.role));
  return (
    <section class="draft-panel" aria-labelledby="draft-reviews-heading">
      <h3 class="draft-panel-title" id="draft-reviews-heading">
        Reviews{draft.submittedVersion !== null && <span class="panel-count">of version {draft.submittedVersion}</span>}
      </h3>
      {draft.submittedVersion === null ? (
        <p class="workflow-hint draft-panel-body">Not submitted yet. Submit a version and comms (and legal, when the beat or a risk asks for it) review it side by side.</p>
      ) : (
        <ul class="draft-reviews">
          {current.map((review) => (
            <li key={review.id} class="draft-review" data-review-id={review.id} data-state={review.state}>
              <div class="draft-review-head">
                <strong>{ROLE_WORDS[review.role]}</strong>
                <StateChip words={REVIEW_STATE[review.state].words} tone={REVIEW_STATE[review.state].tone} state={review.state} />
                {review.state === 'pending' ? <DueTime dueAt={review.dueAt} escalatedAt={review.escalatedAt} testId="draft-review-due" /> : review.reviewerId && <span class="workflow-hint">by {memberName(review.reviewerId)}{review.decidedAt ? `, ${formatClock(review.decidedAt)}` : ''}</span>}
              </div>
              {review.comment && <p class="draft-review-comment">{review.comment}</p>}
            </li>
          ))}
          {current.length === 0 && <li class="workflow-hint">No review is open on this version.</li>}
        </ul>
      )}
      {draft.submittedVersion !== null && latest > draft.submittedVersion && draft.status === 'editing' && (
        <p class="workflow-hint draft-panel-body">Version {latest} is newer than the one reviewed.</p>
      )}
    </section>
  );
}

function DraftPosts({ posts }: { posts: readonly BoardPost[] }) {
  if (posts.length === 0) return null;
  return (
    <section class="draft-panel" aria-labelledby="draft-posts-heading">
      <h3 class="draft-panel-title" id="draft-posts-heading">Posts</h3>
      <ul class="draft-reviews">
        {posts.map((post) => (
          <li key={post.id} class="draft-review">
            <div class="draft-review-head">
              <StateChip words={POST_STATE[post.state].words} tone={POST_STATE[post.state].tone} state={post.state} />
              <span>
                version {post.version}, {post.state === 'published' && post.publishedAt ? `published ${formatAbsolute(post.publishedAt)}` : `for ${formatAbsolute(post.scheduledFor)}`}
              </span>
            </div>
            {post.holdReason && <p class="workflow-hint">Held: {post.holdReason}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Someone else saved while the member was editing: their text, and the two ways on. */
function IncomingVersion({ version, author, conflict, onUseTheirs, onKeepMine }: { version: Draft['versions'][number]; author: string; conflict: boolean; onUseTheirs(): void; onKeepMine(): void }) {
  return (
    <div class="workflow-warning draft-incoming" role="alert" data-testid="draft-conflict">
      <p>
        <strong>
          {conflict ? 'Not saved: ' : ''}
          {author} saved version {version.version} <TimeAgo at={version.createdAt} /> while you were editing.
        </strong>{' '}
        Your text is still in the box. Their text:
      </p>
      <p class="workflow-text">{version.text}</p>
      <div class="workflow-actions">
        <button type="button" class="workflow-button is-quiet" onClick={onUseTheirs}>
          Use their text (drop mine)
        </button>
        <button type="button" class="workflow-button" onClick={onKeepMine}>
          Keep mine (save it as the next version)
        </button>
      </div>
    </div>
  );
}

/** The editor proper, once the draft has loaded. */
function DraftWorkspace({ file, reload }: { file: DraftFile; reload(): void }) {
  const { state, session, toast } = useBoardContext();
  const rules = useChannelRules();
  const [answered, setAnswered] = useState<Allowed<Draft> | null>(null);
  const draft = newer(file.draft, answered);
  const allowed = draft.allowed;
  const live = state.opportunity(file.opportunity.id);
  const opportunity = live && live.rev > file.opportunity.rev ? live : file.opportunity;
  const latest = draft.versions.at(-1)!;
  const rule: BoardChannelRule | null = rules?.get(draft.channel) ?? null;
  const memberName = (id: string) => (id === session.principal.id ? 'you' : (state.member(id)?.name ?? id));

  const [edit, setEdit] = useState<Edit>(UNTOUCHED);
  const [restored, setRestored] = useState(false);
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);

  const text = edit.text ?? latest.text;
  const dirty = edit.text !== null && edit.text !== latest.text;
  const baseVersion = edit.baseVersion ?? latest.version;
  const incoming = dirty && latest.version > baseVersion ? latest : null;
  const canRevise = allowed.includes('revise');
  const canSubmit = allowed.includes('submit');

  // Once, when the draft first shows: bring back text the member left unsaved in this tab.
  useEffect(() => {
    const stash = readStash(draft.id);
    if (stash && stash.text !== latest.text && canRevise) {
      setEdit(stash);
      setRestored(true);
    } else if (stash) {
      writeStash(draft.id, null);
    }
  }, []);

  // Live updates never touch the member's text; they only move what it is compared with.
  useEffect(() => {
    setEdit((current) => {
      if (current.text === null) return current;
      if (current.text === latest.text) return UNTOUCHED;
      if (current.baseVersion === null || current.baseVersion === latest.version) return { ...current, baseVersion: latest.version, baseRev: draft.rev };
      return current;
    });
  }, [draft.rev, latest.version]);

  useEffect(() => writeStash(draft.id, dirty ? { ...edit, baseVersion, baseRev: edit.baseRev ?? draft.rev } : null), [dirty, edit.text, edit.baseVersion, edit.baseRev]);

  // The team sees who is on this draft, and as editing while this member holds unsaved text.
  usePresence('draft', draft.id, dirty);

  // Leaving: the browser asks before a reload or close drops the text; inside the board the text
  // waits in this tab's storage, and the member is told so.
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!dirtyRef.current) return;
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      if (dirtyRef.current) toast(`Your unsaved text of the ${draft.channel} draft is kept in this tab: open the draft again to save it.`);
    };
  }, []);

  const measure = useMemo(() => (rule ? measureDraft(rule, text) : null), [rule, text]);
  // A saved version is never empty (the server refuses one), so "write something first" shows only once the member empties the box.
  const problems = useMemo(() => (rule ? draftProblems(rule, text) : []), [rule, text]);

  async function save(): Promise<void> {
    if (!dirty || busy || edit.text === null) return;
    setBusy('save');
    setError(null);
    try {
      const answer = await reviseDraft(draft.id, edit.text, edit.baseRev ?? draft.rev);
      setAnswered(answer.draft);
      setEdit(UNTOUCHED);
      setConflict(false);
      setRestored(false);
      writeStash(draft.id, null);
      toast(`Saved version ${answer.draft.versions.at(-1)!.version} of the ${draft.channel} draft.`);
      reload();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409 && failure.code === 'conflict') {
        // The answer's record is not in ApiError: the refetch brings their text to the panel.
        setConflict(true);
        reload();
      } else {
        setError(messageOf(failure));
      }
    } finally {
      setBusy(null);
    }
  }

  async function submit(): Promise<void> {
    if (busy || dirty) return;
    setBusy('submit');
    setError(null);
    try {
      const answer = await submitDraft(draft.id, latest.version);
      setAnswered(answer.draft);
      toast(`Version ${latest.version} of the ${draft.channel} draft went to review.`);
      reload();
    } catch (failure) {
      setError(messageOf(failure));
      reload();
    } finally {
      setBusy(null);
    }
  }

  const channelWindow = channelWindowTimes(opportunity, draft.channel, hoursOf(rules));
  const status = DRAFT_STATUS[draft.status];
  const problemsId = `draft-problems-${draft.id}`;
  const counterId = `draft-counter-${draft.id}`;

  return (
    <div class="draft-layout">
      <section class="draft-main" aria-labelledby="draft-title">
        <header class="draft-head">
          <a class="draft-back" href={hrefOf({ view: 'opportunity', id: opportunity.id })}>
            ← The opportunity
          </a>
          <h2 class="draft-title" id="draft-title">
            {opportunity.title}
          </h2>
          <div class="draft-meta">
            <ChannelChip channel={draft.channel} />
            {/* Keyed by the window: the countdown redraws on the clock's tick, and a window that moves (the channel hours arrived) should show at once. */}
            <Countdown key={channelWindow.closesAt} opensAt={new Date(channelWindow.opensAt).toISOString()} closesAt={new Date(channelWindow.closesAt).toISOString()} label={`left on ${draft.channel}`} />
            <StateChip words={status.words} tone={status.tone} testId="draft-status" state={draft.status} />
            <span class="workflow-hint">
              Latest: version {latest.version} by {memberName(latest.authorId)}, <TimeAgo at={latest.createdAt} />
            </span>
          </div>
        </header>

        <PresenceBar kind="draft" id={draft.id} />
        <SoftLockWarning draftId={draft.id} editing={dirty} />

        {restored && dirty && (
          <div class="workflow-info draft-restored" role="status">
            <p>Your unsaved text from earlier in this tab is back in the box.</p>
            <button
              type="button"
              class="workflow-button is-quiet"
              onClick={() => {
                setEdit(UNTOUCHED);
                setRestored(false);
              }}
            >
              Discard it and show version {latest.version}
            </button>
          </div>
        )}
        {incoming && (
          <IncomingVersion
            version={incoming}
            author={memberName(incoming.authorId)}
            conflict={conflict}
            onUseTheirs={() => {
              setEdit(UNTOUCHED);
              setConflict(false);
            }}
            onKeepMine={() => {
              setEdit({ text: edit.text, baseVersion: latest.version, baseRev: draft.rev });
              setConflict(false);
            }}
          />
        )}
        {conflict && !incoming && (
          <p class="workflow-warning" role="alert">
            The draft changed while you saved (its reviews or status moved on), but nobody else saved new text. Your text is unchanged: save again.
          </p>
        )}

        <label class="workflow-field draft-text-field">
          <span class="workflow-label">
            Text for {draft.channel}
            {dirty && <span class="draft-unsaved"> · not saved</span>}
          </span>
          <textarea
            data-testid="draft-text"
            rows={9}
            value={text}
            readOnly={!canRevise}
            aria-describedby={`${counterId} ${problemsId}`}
            aria-invalid={measure?.state === 'over' || problems.length > 0}
            spellcheck
            onInput={(event) => {
              const value = event.currentTarget.value;
              setEdit((current) => ({ text: value, baseVersion: current.baseVersion ?? latest.version, baseRev: current.baseRev ?? draft.rev }));
            }}
            onKeyDown={(event) => {
              if ((event.ctrlKey || event.metaKey) && event.key === 's') {
                event.preventDefault();
                void save();
              }
            }}
          />
        </label>
        {!canRevise && <p class="workflow-hint">Read only: {session.roles.includes('editor') ? 'this draft cannot change any more.' : 'editors write drafts.'}</p>}
        <LengthCounter id={counterId} rule={rule} measure={measure} />
        <div id={problemsId}>
          {problems.length > 0 && (
            <div class="workflow-error draft-problems">
              <p>The server would refuse this text:</p>
              <ul>
                {problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
        <LinkPreviews text={text} />

        {error && (
          <p class="workflow-error" role="alert" data-testid="draft-error">
            {error}
          </p>
        )}
        <div class="workflow-actions draft-actions">
          {canRevise && (
            <button type="button" class="workflow-button is-primary" data-testid="save-version" disabled={!dirty || busy !== null} aria-busy={busy === 'save'} onClick={() => void save()}>
              {busy === 'save' ? 'Saving…' : `Save version ${latest.version + 1}`}
            </button>
          )}
          {canSubmit && (
            <button type="button" class="workflow-button" data-testid="submit-draft" disabled={dirty || busy !== null} aria-busy={busy === 'submit'} onClick={() => void submit()}>
              {busy === 'submit' ? 'Submitting…' : `Submit version ${latest.version} for review`}
            </button>
          )}
          {canSubmit && dirty && <span class="workflow-hint">Save your changes first: a review reads a saved version.</span>}
          {canRevise && draft.submittedVersion !== null && draft.status !== 'editing' && (
            <span class="workflow-hint">Saving a new version sends it back to review by itself; the earlier reviews are closed.</span>
          )}
        </div>
      </section>

      <aside class="draft-side" aria-label="Reviews and versions">
        <CurrentReviews draft={draft} reviews={file.reviews} memberName={memberName} />
        <DraftPosts posts={file.posts} />
        <VersionHistory draft={draft} memberName={memberName} />
      </aside>
    </div>
  );
}

/** `#/draft/<id>`: write a channel's reaction, save numbered versions, send one to review. */
export function DraftEditor({ id }: DraftEditorProps) {
  const query: LiveQuery<DraftFile> = useLiveQuery(
    () => fetchDraftFile(id),
    [id],
    // Its reviews and posts, and its opportunity (a deadline, an expiry): the callback is read
    // afresh at each event, so it knows the opportunity once the draft has loaded.
    (event): boolean => eventTouches(event, { draftIds: [id], opportunityIds: query.data ? [query.data.opportunity.id] : [] }),
  );
  const file = query.data;

  let body;
  if (file && file.draft.id === id) {
    body = <DraftWorkspace file={file} reload={query.reload} />;
  } else if (query.error) {
    const missing = query.error instanceof ApiError && query.error.status === 404;
    body = <EmptyState title={missing ? 'No such draft.' : 'The draft could not load.'} hint={missing ? 'It may have been a wrong link. Open the opportunity from the board and pick its draft.' : messageOf(query.error)} />;
  } else {
    body = <EmptyState title="Loading the draft…" hint="Fetching its versions, reviews and posts." />;
  }
  return (
    <section class="view view-draft" data-testid="draft-editor" data-id={id}>
      {body}
      {file && query.error !== null && <p class="workflow-warning">Could not refresh the draft: {messageOf(query.error)}</p>}
    </section>
  );
}
