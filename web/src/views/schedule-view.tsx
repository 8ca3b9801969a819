import { useEffect, useState } from 'preact/hooks';
import type { Allowed, BoardPost, Channel, Draft } from '../../../server/realtime/protocol.js';
import { cancelPost, fetchAccounts, fetchOpportunityFile, fetchPosts, fetchSuggestedTimes, schedulePost, type OpportunityFile, type SuggestedTime } from '../api.js';
import { messageOf } from '../auth-screens.js';
import { useBoardChanges, useBoardContext, useLiveQuery } from '../board-context.js';
import { hoursOf, useChannelRules } from '../channel-rules.js';
import { channelWindowTimes, type WindowTimes } from '../channel-window.js';
import { ChannelChip, EmptyState } from '../components/chips.js';
import { Countdown } from '../components/countdown.js';
import { StateChip } from '../components/state-chip.js';
import { formatRelative } from '../relative-time.js';
import { hrefOf } from '../router.js';
import { safeHttpUrl } from '../safe-link.js';
import { checkScheduleTime, fromLocalInput, toLocalInput } from '../schedule-time.js';
import { eventTouches, isWorkflowKind } from '../workflow-events.js';
import { POST_STATE } from '../workflow-words.js';
import { PostAttempts } from './post-attempts.js';
import { PostSettleForm } from './post-settle-form.js';
import { formatWhen, postTime, ScheduleTimeline, timelinePosts } from './schedule-timeline.js';
import '../styles/workflow-controls.css';
import '../styles/schedule-view.css';

/**
 * Opportunities whose drafts may wait to be scheduled. `approved` first of all; but the
 * opportunity's state follows its busiest draft (W-OPP-7), so an approved Mastodon draft hides
 * under `in_review` while the X draft is read, and under `scheduled` once the X post is set.
 */
const HOLDING_APPROVED_DRAFTS = new Set(['approved', 'in_review', 'scheduled']);
/** A post in one of these states is the draft's: scheduling it again is refused (W-POST-6). */
const LIVE_POST_STATES = new Set<BoardPost['state']>(['scheduled', 'publishing', 'awaiting_manual', 'needs_confirmation', 'published']);
/** Posts that need a social manager's eye, wherever they sit in time. */
const OPEN_POST_STATES = new Set<BoardPost['state']>(['scheduled', 'publishing', 'held', 'failed', 'awaiting_manual', 'needs_confirmation']);

interface WaitingDraft {
  draft: Allowed<Draft>;
  file: OpportunityFile;
  window: WindowTimes;
}

async function loadFiles(ids: readonly string[]): Promise<OpportunityFile[]> {
  const files = await Promise.allSettled(ids.map((id) => fetchOpportunityFile(id)));
  const loaded = files.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  // One opportunity that fails to load should not hide the others; all failing is an error.
  if (loaded.length === 0 && files.length > 0) throw (files[0] as PromiseRejectedResult).reason;
  return loaded;
}

/** The window of the draft's channel: the file's own when it sent one, else drawn from the channel hours. */
function windowOf(file: OpportunityFile, channel: Channel, hours: ReturnType<typeof hoursOf>): WindowTimes {
  const sent = file.windows?.find((w) => w.channel === channel);
  if (sent) return { channel, opensAt: Date.parse(sent.opensAt), closesAt: Date.parse(sent.closesAt) };
  return channelWindowTimes(file.opportunity, channel, hours);
}

/** Suggestions are asked again this often: the cap and quiet hours move as time and posts go by. */
const SUGGESTIONS_REFRESH_MS = 5 * 60_000;

/** Suggested times for one draft, soonest first; an empty list when the server has none or cannot say. */
function useSuggestions(draftId: string, channel: Channel): SuggestedTime[] | null {
  const [suggestions, setSuggestions] = useState<SuggestedTime[] | null>(null);
  useEffect(() => {
    let cancelled = false;
    const load = () =>
      fetchSuggestedTimes(draftId).then(
        ({ suggestions: list }) => !cancelled && setSuggestions(list.filter((s) => s.channel === channel)),
        () => !cancelled && setSuggestions([]),
      );
    void load();
    const timer = setInterval(load, SUGGESTIONS_REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [draftId, channel]);
  return suggestions;
}

/** A suggestion this close to now (or past it, after a while on screen) means "now". */
const NOW_SLACK_MS = 30_000;

/** The enabled accounts a post on this channel can go out through. */
type ChannelAccounts = Array<{ id: string; label: string; name: string }>;

/**
 * Which account the post goes out through: the only one is taken as it is, several ask the
 * member to choose, none (or "by hand") means a person posts it and records the URL.
 */
function AccountChoice({ group, accounts, value, onChange }: { group: string; accounts: ChannelAccounts; value: string | null; onChange(id: string | null): void }) {
  if (accounts.length === 0) return <p class="workflow-hint" data-testid="account-choice">No publishing account on this channel: at its time, a social manager posts it by hand and records the link.</p>;
  return (
    <div class="schedule-account">
      <label class="workflow-label" for={`${group}-account`}>
        Post through
      </label>
      <select id={`${group}-account`} data-testid="account-choice" value={value ?? ''} onChange={(event) => onChange((event.currentTarget as HTMLSelectElement).value || null)}>
        {accounts.map((account) => (
          <option key={account.id} value={account.id}>
            {`${account.name} (${account.label})`}
          </option>
        ))}
        <option value="">By hand (a person posts it and records the link)</option>
      </select>
    </div>
  );
}

function ApprovedDraft({ waiting, accounts, onScheduled }: { waiting: WaitingDraft; accounts: ChannelAccounts | null; onScheduled(): void }) {
  const { toast } = useBoardContext();
  const { draft, file, window: channelWindow } = waiting;
  const suggestions = useSuggestions(draft.id, draft.channel);
  const [custom, setCustom] = useState('');
  // Until the member picks, the first account (the list may arrive after this row does).
  const [chosenAccount, setAccountId] = useState<string | null | undefined>(undefined);
  // Accounts not loaded yet: let the server take the channel's only one.
  const accountId = chosenAccount !== undefined ? chosenAccount : accounts === null ? undefined : (accounts[0]?.id ?? null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canSchedule = draft.allowed.includes('schedule');
  const version = draft.versions.find((v) => v.version === draft.submittedVersion);
  const deadline = Date.parse(file.opportunity.deadline);
  const group = `schedule-${draft.id}`;

  const customAt = fromLocalInput(custom);
  const check = custom === '' ? null : checkScheduleTime(customAt, { now: Date.now(), channel: draft.channel, opensAt: channelWindow.opensAt, closesAt: channelWindow.closesAt, deadline }, (ms) => formatWhen(ms));

  /** `busyKey` names the button that shows the work in progress. */
  async function schedule(when: 'now' | number, busyKey: string): Promise<void> {
    if (busy) return;
    // A suggestion for "now" that sat on screen a while is in the past: the server takes "now".
    const sendNow = when === 'now' || when <= Date.now() + NOW_SLACK_MS;
    setBusy(busyKey);
    setError(null);
    try {
      await schedulePost(draft.id, sendNow ? 'now' : new Date(when).toISOString(), { accountId });
      toast(sendNow ? `The ${draft.channel} post of “${file.opportunity.title}” goes out now.` : `Scheduled the ${draft.channel} post of “${file.opportunity.title}” for ${formatWhen(when as number)}.`);
      onScheduled();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(null);
    }
  }

  return (
    <li class="approved-draft" data-testid="approved-draft" data-draft-id={draft.id} aria-labelledby={`${group}-title`}>
      <header class="approved-draft-head">
        <ChannelChip channel={draft.channel} />
        <h3 class="approved-draft-title" id={`${group}-title`}>
          <a href={hrefOf({ view: 'draft', id: draft.id })}>{file.opportunity.title}</a>
        </h3>
        <Countdown key={channelWindow.closesAt} opensAt={new Date(channelWindow.opensAt).toISOString()} closesAt={new Date(channelWindow.closesAt).toISOString()} label={`left on ${draft.channel}`} />
      </header>
      {version && (
        <p class="workflow-text approved-draft-text" aria-label={`Approved text, version ${version.version}`}>
          {version.text}
        </p>
      )}

      {canSchedule ? (
        <div class="schedule-choices" role="group" aria-labelledby={`${group}-when`}>
          {accounts && <AccountChoice group={group} accounts={accounts} value={accountId ?? null} onChange={setAccountId} />}
          <p class="workflow-label" id={`${group}-when`}>
            When should it go out?
          </p>
          {suggestions === null ? (
            <p class="workflow-hint">Looking for good times…</p>
          ) : suggestions.length === 0 ? (
            <p class="workflow-hint">No suggested time fits what is left of the window (quiet hours, or the channel is full). Post now or choose a time.</p>
          ) : (
            <ul class="schedule-suggestions">
              {suggestions.map((suggestion) => {
                const at = Date.parse(suggestion.at);
                const isNow = at <= Date.now() + NOW_SLACK_MS;
                const key = `suggestion-${suggestion.at}`;
                return (
                  <li key={suggestion.at}>
                    <button
                      type="button"
                      class="schedule-suggestion"
                      data-testid="suggested-time"
                      data-at={suggestion.at}
                      disabled={busy !== null}
                      aria-busy={busy === key}
                      onClick={() => void schedule(at, key)}
                    >
                      <span class="schedule-suggestion-time">
                        {busy === key ? 'Scheduling…' : isNow ? 'Now' : formatWhen(at)} {!isNow && <span class="schedule-suggestion-in">({formatRelative(suggestion.at)})</span>}
                      </span>
                      <span class="schedule-suggestion-reason">{suggestion.reason}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          <div class="workflow-actions">
            <button type="button" class="workflow-button" data-testid="schedule-now" disabled={busy !== null} aria-busy={busy === 'now'} onClick={() => void schedule('now', 'now')}>
              {busy === 'now' ? 'Posting…' : 'Post now'}
            </button>
          </div>
          <div class="schedule-custom">
            <label class="workflow-label" for={`${group}-custom`}>
              Another time <span class="workflow-hint">({Intl.DateTimeFormat().resolvedOptions().timeZone})</span>
            </label>
            <div class="workflow-actions">
              <input
                id={`${group}-custom`}
                type="datetime-local"
                data-testid="schedule-custom"
                value={custom}
                min={toLocalInput(Date.now())}
                max={toLocalInput(deadline)}
                aria-invalid={check !== null && !check.ok}
                aria-describedby={`${group}-window ${group}-check`}
                onInput={(event) => setCustom(event.currentTarget.value)}
              />
              <button
                type="button"
                class="workflow-button is-primary"
                data-testid="schedule-at"
                disabled={busy !== null || check === null || !check.ok || customAt === null}
                aria-busy={busy === 'at'}
                onClick={() => customAt !== null && void schedule(customAt, 'at')}
              >
                {busy === 'at' ? 'Scheduling…' : customAt !== null && check?.ok ? `Schedule for ${formatWhen(customAt)}` : 'Schedule at this time'}
              </button>
            </div>
            <span id={`${group}-window`} class="workflow-hint">
              Inside the window: until {formatWhen(channelWindow.closesAt)} on {draft.channel}
              {deadline > channelWindow.closesAt ? `, and never after ${formatWhen(deadline)}` : ''}.
            </span>
            <div id={`${group}-check`}>
              {check && !check.ok && (
                <p class="workflow-error" role="alert">
                  {check.reason}
                </p>
              )}
              {check && check.ok && check.warning && <p class="workflow-warning">{check.warning}</p>}
            </div>
          </div>
          {error && (
            <p class="workflow-error" role="alert">
              {error}
            </p>
          )}
        </div>
      ) : (
        <p class="workflow-info">Waiting for a social manager to schedule it.</p>
      )}
    </li>
  );
}

function PostRow({ post, onChanged }: { post: BoardPost; onChanged(): void }) {
  const { toast } = useBoardContext();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const state = POST_STATE[post.state];
  const at = postTime(post);
  const postUrl = safeHttpUrl(post.url);

  async function cancel(): Promise<void> {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await cancelPost(post.id);
      toast(`Cancelled the ${post.channel} post of “${post.about.title}”.`);
      onChanged();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class="schedule-post" data-post-id={post.id} data-state={post.state}>
      <span class="schedule-post-when">{formatWhen(at)}</span>
      <ChannelChip channel={post.channel} />
      <a class="schedule-post-title" href={hrefOf({ view: 'draft', id: post.draftId })}>
        {post.about.title}
      </a>
      <StateChip words={state.words} tone={state.tone} state={post.state} />
      {post.holdReason && <span class="schedule-post-reason">{post.state === 'held' ? 'held: ' : ''}{post.holdReason}</span>}
      {post.overrideReason && <span class="schedule-post-reason">sent late: {post.overrideReason}</span>}
      {post.failureReason && <span class="schedule-post-reason" data-testid="post-failure-reason">{post.failureReason}</span>}
      {post.state === 'scheduled' && post.nextAttemptAt && <span class="schedule-post-reason">trying again at {formatWhen(Date.parse(post.nextAttemptAt))}</span>}
      {postUrl && (
        <a class="schedule-post-link" href={postUrl} target="_blank" rel="noopener noreferrer">
          See it
        </a>
      )}
      {post.allowed.includes('cancel') && (
        <button type="button" class="workflow-button is-danger schedule-post-cancel" data-testid="cancel-post" disabled={busy} aria-busy={busy} onClick={() => void cancel()} aria-label={`Cancel the ${post.channel} post of “${post.about.title}” at ${formatWhen(at)}`}>
          {busy ? 'Cancelling…' : 'Cancel post'}
        </button>
      )}
      {error && (
        <p class="workflow-error schedule-post-error" role="alert">
          {error}
        </p>
      )}
      <PostAttempts attempts={post.attempts} />
      <PostSettleForm post={post} onChanged={onChanged} />
    </li>
  );
}

/** `#/schedule`: approved drafts to schedule, and what is scheduled or went out, per channel. */
export function ScheduleView() {
  const board = useBoardChanges((change) => change.kind === 'reset' || change.kind === 'opportunities');
  const rules = useChannelRules();
  const ids = board
    .opportunitiesInOrder()
    .filter((opportunity) => HOLDING_APPROVED_DRAFTS.has(opportunity.state))
    .map((opportunity) => opportunity.id);
  const key = ids.join(',');
  // A draft approved elsewhere moves its opportunity's state, which changes `key`; within the
  // opportunities shown, any draft, review or post event may add or remove a waiting draft.
  const files = useLiveQuery(() => loadFiles(ids), [key], (event) => eventTouches(event, { opportunityIds: ids }));
  const posts = useLiveQuery(() => fetchPosts(), [], (event) => isWorkflowKind(event, ['posts']));
  const accounts = useLiveQuery(() => fetchAccounts(), [], (event) => event.action.startsWith('accounts.'));
  const accountsOn = (channel: string): ChannelAccounts | null => accounts.data && accounts.data.accounts.filter((account) => account.channel === channel && !account.disabled);

  const hours = hoursOf(rules);
  const waiting: WaitingDraft[] = (files.data ?? [])
    .flatMap((file) =>
      file.drafts
        .filter((draft) => draft.status === 'approved' && !file.posts.some((post) => post.draftId === draft.id && LIVE_POST_STATES.has(post.state)))
        .map((draft) => ({ draft, file, window: windowOf(file, draft.channel, hours) })),
    )
    .sort((a, b) => a.window.closesAt - b.window.closesAt || a.draft.id.localeCompare(b.draft.id));

  const reload = () => {
    files.reload();
    posts.reload();
  };

  const onTimeline = timelinePosts(posts.data?.posts ?? []);
  const closes = [...waiting.map((w) => w.window.closesAt), ...(posts.data?.posts ?? []).filter((p) => OPEN_POST_STATES.has(p.state)).map((p) => Date.parse(p.about.deadline))];
  const channelOrder = rules ? [...rules.keys()] : [...new Set(onTimeline.map((p) => p.channel))].sort();
  const since = Date.now() - 2 * 3_600_000;
  const listed = onTimeline
    .filter((entry) => OPEN_POST_STATES.has(entry.post.state) || entry.at >= since)
    .sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  const listId = 'schedule-post-list';

  return (
    <div class="view view-schedule" data-testid="schedule-view">
      <section class="schedule-panel schedule-panel-timeline" aria-labelledby="schedule-timeline-title">
        <h2 class="schedule-panel-title" id="schedule-timeline-title">
          Timeline
        </h2>
        {posts.error !== null && (
          <p class="workflow-error" role="alert">
            Could not load the posts: {messageOf(posts.error)}{' '}
            <button type="button" class="link-button" onClick={posts.reload}>
              Try again
            </button>
          </p>
        )}
        <div class="schedule-panel-body">
          <ScheduleTimeline posts={onTimeline} closes={closes} channels={channelOrder} listId={listId} />
        </div>
      </section>

      <section class="schedule-panel" aria-labelledby="schedule-waiting-title">
        <h2 class="schedule-panel-title" id="schedule-waiting-title">
          Approved, waiting to be scheduled <span class="panel-count">{files.data ? waiting.length : ''}</span>
        </h2>
        {files.error !== null && (
          <p class="workflow-error" role="alert">
            Could not load the approved drafts: {messageOf(files.error)}{' '}
            <button type="button" class="link-button" onClick={files.reload}>
              Try again
            </button>
          </p>
        )}
        {!files.data ? (
          files.error === null && <EmptyState title="Loading the approved drafts…" hint="Fetching the opportunities whose drafts reviewers approved." />
        ) : waiting.length === 0 ? (
          <EmptyState title="Nothing waits to be scheduled." hint="Drafts appear here once every review approves them; each shows its window and good times to post." />
        ) : (
          <ol class="approved-drafts">
            {waiting.map((entry) => (
              <ApprovedDraft key={entry.draft.id} waiting={entry} accounts={accountsOn(entry.draft.channel)} onScheduled={reload} />
            ))}
          </ol>
        )}
      </section>

      <section class="schedule-panel" aria-labelledby={`${listId}-title`}>
        <h2 class="schedule-panel-title" id={`${listId}-title`}>
          Scheduled and recent posts <span class="panel-count">{listed.length || ''}</span>
        </h2>
        <div class="schedule-panel-body">
          {listed.length === 0 ? (
            <p class="workflow-hint" id={listId}>
              {posts.data ? 'No post is scheduled, held or recently sent.' : 'Loading the posts…'}
            </p>
          ) : (
            <ol class="schedule-posts" id={listId}>
              {listed.map((entry) => (
                <PostRow key={entry.id} post={entry.post} onChanged={reload} />
              ))}
            </ol>
          )}
        </div>
      </section>
    </div>
  );
}
