import { useRef, useState } from 'preact/hooks';
import type { Allowed, Channel, Opportunity } from '../../../server/realtime/protocol.js';
import { ApiError, assignOpportunity, claimOpportunity, createDraft, dismissOpportunity, fetchOpportunityFile, watchOpportunity, type OpportunityFile } from '../api.js';
import { messageOf } from '../auth-screens.js';
import { useBoardContext, useLiveQuery } from '../board-context.js';
import { AssignForm } from '../components/assign-form.js';
import { ChannelChip, EmptyState, ExternalLink } from '../components/chips.js';
import { Countdown } from '../components/countdown.js';
import { useActionPanel } from '../components/use-action-panel.js';
import { DismissForm } from '../components/dismiss-form.js';
import { RiskBadges } from '../components/risk-badges.js';
import { ReasonList, ScoreMeter } from '../components/score-meter.js';
import { ValueCurve } from '../components/value-curve.js';
import { PresenceBar, usePresence } from '../presence.js';
import { hrefOf, navigate } from '../router.js';
import { eventTouches } from '../workflow-events.js';
import { ChannelWindows } from './channel-windows.js';
import { attempt } from './command-feedback.js';
import { OpportunityComments } from './opportunity-comments.js';
import { OpportunityRecords } from './opportunity-records.js';
import { PostReception } from './post-reception.js';
import { DO_NOT_ENGAGE } from './risk-flag-words.js';
import { StoryTimeline } from './story-timeline.js';
import '../styles/opportunity.css';

function BackToBoard() {
  return (
    <a class="file-back" href={hrefOf({ view: 'board' })}>
      ← Back to the board
    </a>
  );
}

/** The header's buttons, each shown only when the server lists its verb. */
function OpportunityActions({ opportunity, onDone }: { opportunity: Allowed<Opportunity>; onDone(): void }) {
  const { state, toast } = useBoardContext();
  const { panel, setPanel, close } = useActionPanel();
  const [busy, setBusy] = useState(false);
  const dismissButton = useRef<HTMLButtonElement>(null);
  const assignButton = useRef<HTMLButtonElement>(null);
  const { id, allowed, title } = opportunity;
  const run = async (command: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    const ok = await attempt(toast, command, done);
    setBusy(false);
    if (ok) onDone();
    return ok;
  };
  return (
    <div class="file-actions-block">
      <div class="file-actions">
        {allowed.includes('claim') && (
          <button type="button" class="btn btn-primary" data-testid="file-claim" disabled={busy} onClick={() => void run(() => claimOpportunity(id))}>
            Claim
          </button>
        )}
        {allowed.includes('assign') && (
          <button ref={assignButton} type="button" class="btn" data-testid="file-assign" aria-expanded={panel === 'assign'} onClick={() => setPanel(panel === 'assign' ? null : 'assign')}>
            Assign
          </button>
        )}
        {allowed.includes('watch') && (
          <button type="button" class="btn" data-testid="file-watch" disabled={busy} onClick={() => void run(() => watchOpportunity(id, true), 'You will get a notice when it moves.')}>
            Watch
          </button>
        )}
        {allowed.includes('unwatch') && (
          <button type="button" class="btn" data-testid="file-unwatch" disabled={busy} onClick={() => void run(() => watchOpportunity(id, false), 'You no longer watch it.')}>
            Stop watching
          </button>
        )}
        {allowed.includes('dismiss') && (
          <button ref={dismissButton} type="button" class="btn btn-quiet" data-testid="file-dismiss" aria-expanded={panel === 'dismiss'} onClick={() => setPanel(panel === 'dismiss' ? null : 'dismiss')}>
            Dismiss
          </button>
        )}
      </div>
      {panel === 'dismiss' && (
        <DismissForm
          title={title}
          onCancel={() => close(dismissButton.current)}
          onDismiss={async (reason) => {
            const ok = await run(() => dismissOpportunity(id, reason), 'Dismissed.');
            if (ok) setPanel(null);
            return ok;
          }}
        />
      )}
      {panel === 'assign' && (
        <AssignForm
          title={title}
          members={state.membersInOrder()}
          holderId={opportunity.holderId}
          onCancel={() => close(assignButton.current)}
          onAssign={async (memberId) => {
            const ok = await run(() => assignOpportunity(id, memberId));
            if (ok) close(assignButton.current);
            return ok;
          }}
        />
      )}
    </div>
  );
}

/** One button per channel of the opportunity that has no draft yet; a draft opens in the editor. */
function StartDrafts({ file }: { file: OpportunityFile }) {
  const { toast } = useBoardContext();
  const [starting, setStarting] = useState<Channel | null>(null);
  const { opportunity } = file;
  if (!opportunity.allowed.includes('draft')) return null;
  const drafted = new Set(file.drafts.map((draft) => draft.channel));
  const open = opportunity.channels.filter((channel) => !drafted.has(channel));
  if (open.length === 0) return null;
  const doNotEngage = opportunity.riskFlags.includes(DO_NOT_ENGAGE);
  return (
    <section class="file-panel start-drafts" aria-labelledby="react-heading">
      <h3 class="file-heading" id="react-heading">
        React
      </h3>
      {doNotEngage && <p class="file-warning">This story is flagged “do not engage”: think twice, and expect legal to review any reaction.</p>}
      <div class="file-actions">
        {open.map((channel) => (
          <button
            key={channel}
            type="button"
            class="btn"
            data-testid="start-draft"
            data-channel={channel}
            disabled={starting !== null}
            onClick={async () => {
              setStarting(channel);
              try {
                // A version is never empty: start from the headline and its link, for the writer to rework.
                const { draft } = await createDraft(opportunity.id, channel, [opportunity.title, opportunity.url].filter(Boolean).join(' '));
                navigate({ view: 'draft', id: draft.id });
              } catch (error) {
                toast(messageOf(error), 'error');
                setStarting(null);
              }
            }}
          >
            <ChannelChip channel={channel} /> {starting === channel ? 'Starting…' : `Start a ${channel} draft`}
          </button>
        ))}
      </div>
    </section>
  );
}

function OpportunityHeader({ file, onChanged }: { file: OpportunityFile; onChanged(): void }) {
  const { state } = useBoardContext();
  const { opportunity } = file;
  const holder = opportunity.holderId ? (state.member(opportunity.holderId)?.name ?? 'a former member') : null;
  const beat = state.beat(opportunity.beatId);
  const story = opportunity.storyId ? state.story(opportunity.storyId) : undefined;
  return (
    <header class="file-head">
      <div class="file-head-main">
        <p class="file-kicker">
          <span class="status-chip" data-status={opportunity.state} data-testid="file-state">
            {opportunity.state.replace('_', ' ')}
          </span>
          {beat && <span class="file-beat">Beat: {beat.name}</span>}
          <span class="channels">
            {opportunity.channels.map((channel) => (
              <ChannelChip key={channel} channel={channel} />
            ))}
          </span>
        </p>
        <h2 class="file-title" id="opportunity-title">
          {opportunity.title}
        </h2>
        {story?.label && story.label !== opportunity.title && <p class="file-subtitle">Story: {story.label}</p>}
        <RiskBadges flags={opportunity.riskFlags} testId="file-risk" />
        {opportunity.state === 'dismissed' && opportunity.dismissReason && <p class="file-note">Dismissed: {opportunity.dismissReason}</p>}
        <div class="file-figures">
          <div class="file-figure">
            <span class="file-figure-label">Score</span>
            <ScoreMeter score={opportunity.score} testId="file-score" />
          </div>
          <div class="file-figure">
            <span class="file-figure-label">Window</span>
            <Countdown opensAt={opportunity.windowOpensAt} closesAt={opportunity.deadline} />
          </div>
          <div class="file-figure">
            <span class="file-figure-label">Held by</span>
            <span data-testid="file-holder">{holder ?? 'Unclaimed'}</span>
          </div>
          {opportunity.url && (
            <div class="file-figure">
              <span class="file-figure-label">Link</span>
              <ExternalLink url={opportunity.url} label="Open the opportunity's link in a new tab">
                Open ↗
              </ExternalLink>
            </div>
          )}
        </div>
        <ReasonList reasons={opportunity.reasons} />
      </div>
      <PresenceBar kind="opportunity" id={opportunity.id} />
      <OpportunityActions opportunity={opportunity} onDone={onChanged} />
    </header>
  );
}

/** One opportunity: what it is, why it scored, the story behind it and the work on it. */
export function OpportunityView({ id }: { id: string }) {
  usePresence('opportunity', id);
  const query = useLiveQuery(() => fetchOpportunityFile(id), [id], (event) => eventTouches(event, { opportunityIds: [id] }));
  const file = query.data;

  if (query.error instanceof ApiError && query.error.status === 404) {
    return (
      <section class="view opportunity-view" data-testid="opportunity-view" data-id={id} data-missing="true">
        <EmptyState title="This opportunity does not exist (any more)." hint="It may have been erased, or the link is mistyped. The board lists every opportunity there is." />
        <p class="file-center"><BackToBoard /></p>
      </section>
    );
  }
  if (!file) {
    return (
      <section class="view opportunity-view" data-testid="opportunity-view" data-id={id} aria-busy={query.loading}>
        {query.error ? (
          <div class="empty" role="alert">
            <p class="empty-title">Couldn't load this opportunity.</p>
            <p class="empty-hint">
              {messageOf(query.error)}{' '}
              <button type="button" class="link-button" onClick={query.reload}>
                Try again
              </button>
            </p>
          </div>
        ) : (
          <EmptyState title="Loading the opportunity…" hint="Its story, drafts, reviews and comments." />
        )}
        <p class="file-center"><BackToBoard /></p>
      </section>
    );
  }

  const { opportunity } = file;
  return (
    <article class="view opportunity-view" data-testid="opportunity-view" data-id={id} data-state={opportunity.state} aria-labelledby="opportunity-title">
      <nav class="file-nav" aria-label="Breadcrumb">
        <BackToBoard />
      </nav>
      {query.error !== null && query.error !== undefined && (
        <p class="file-error" role="alert">
          Couldn't refresh: {messageOf(query.error)} What you see may be out of date.
        </p>
      )}
      <OpportunityHeader file={file} onChanged={query.reload} />
      <div class="file-grid">
        <div class="file-column">
          <StartDrafts file={file} />
          <StoryTimeline opportunity={opportunity} />
          <OpportunityComments opportunityId={id} comments={file.comments} canComment={opportunity.allowed.includes('comment')} onPosted={query.reload} />
        </div>
        <div class="file-column">
          <ChannelWindows opportunity={opportunity} windows={file.windows} />
          {file.valueCurve && file.valueCurve.length > 0 && (
            <section class="file-panel" aria-labelledby="value-heading">
              <h3 class="file-heading" id="value-heading">
                What waiting costs
              </h3>
              <ValueCurve points={file.valueCurve} />
            </section>
          )}
          <PostReception file={file} />
          <OpportunityRecords file={file} />
        </div>
      </div>
    </article>
  );
}
