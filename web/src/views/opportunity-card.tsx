import { memo } from 'preact/compat';
import { useRef, useState } from 'preact/hooks';
import type { Opportunity, Story } from '../../../server/realtime/protocol.js';
import { assignOpportunity, claimOpportunity, dismissOpportunity } from '../api.js';
import { useBoardContext } from '../board-context.js';
import { AssignForm } from '../components/assign-form.js';
import { ChannelChip } from '../components/chips.js';
import { Countdown } from '../components/countdown.js';
import { useActionPanel } from '../components/use-action-panel.js';
import { DismissForm } from '../components/dismiss-form.js';
import { RiskBadges } from '../components/risk-badges.js';
import { ReasonList, ScoreMeter } from '../components/score-meter.js';
import { Sparkline } from '../components/sparkline.js';
import { hrefOf } from '../router.js';
import { CardEngagement } from './card-engagement.js';
import { attempt } from './command-feedback.js';
import { DO_NOT_ENGAGE } from './risk-flag-words.js';
import '../styles/board.css';

/** Reasons a card shows before folding the rest away. */
const REASONS_ON_CARD = 2;

export interface OpportunityCardProps {
  opportunity: Opportunity;
  story: Story | undefined;
  /** The verbs the member may use on it; the same array while they do not change. */
  allowed: readonly string[];
  /** The holder's name, null while nobody holds it. */
  holderName: string | null;
}

/** What the card says it is about: the story as the detector names it, else the title. */
export const cardLabel = (opportunity: Opportunity, story: Story | undefined) => story?.label.trim() || opportunity.title;

/**
 * One opportunity on the board. Memoised on its props: an update to one story or opportunity
 * redraws one card, and the countdown redraws only its own text each second.
 */
export const OpportunityCard = memo(function OpportunityCard({ opportunity, story, allowed, holderName }: OpportunityCardProps) {
  const { state, toast } = useBoardContext();
  const { panel, setPanel, close } = useActionPanel();
  const [claiming, setClaiming] = useState(false);
  const dismissButton = useRef<HTMLButtonElement>(null);
  const assignButton = useRef<HTMLButtonElement>(null);
  const { id } = opportunity;
  const label = cardLabel(opportunity, story);
  const titleId = `card-title-${id}`;
  const doNotEngage = opportunity.riskFlags.includes(DO_NOT_ENGAGE);
  const sources = story?.sourceCount;


  return (
    <li
      class={`opp-card${doNotEngage ? ' is-dne' : ''}${opportunity.riskFlags.length ? ' is-risky' : ''}`}
      data-testid="opportunity-card"
      data-opportunity-id={id}
      data-state={opportunity.state}
      tabIndex={-1}
      aria-labelledby={titleId}
    >
      <RiskBadges flags={opportunity.riskFlags} testId="card-risk" />
      <a class="opp-title" id={titleId} href={hrefOf({ view: 'opportunity', id })}>
        {label}
      </a>
      <div class="opp-timing">
        <Countdown opensAt={opportunity.windowOpensAt} closesAt={opportunity.deadline} />
        {story && <Sparkline values={story.buckets} width={88} height={22} label={`Velocity of “${label}”, items per time bucket: ${story.buckets.join(', ') || 'none yet'}`} />}
      </div>
      {opportunity.state === 'published' && <CardEngagement opportunityId={id} story={story} />}
      <div class="opp-meta">
        <span class="channels" aria-label="Channels">
          {opportunity.channels.map((channel) => (
            <ChannelChip key={channel} channel={channel} />
          ))}
        </span>
        {sources !== undefined && <span class="opp-sources">{`${sources} ${sources === 1 ? 'source' : 'sources'}`}</span>}
      </div>
      <div class="opp-score">
        <ScoreMeter score={opportunity.score} testId="card-score" />
        <ReasonList reasons={opportunity.reasons} visible={REASONS_ON_CARD} />
      </div>
      <div class="opp-foot">
        <p class={holderName ? 'opp-holder' : 'opp-holder is-unclaimed'} data-testid="card-holder">
          {holderName ? (
            <>
              <span class="opp-holder-label">Held by </span>
              {holderName}
            </>
          ) : (
            'Unclaimed'
          )}
        </p>
        <div class="opp-actions">
          {allowed.includes('claim') && (
            <button
              type="button"
              class="btn btn-primary btn-small"
              data-testid="card-claim"
              aria-label={`Claim “${label}”`}
              disabled={claiming}
              onClick={() => {
                setClaiming(true);
                void attempt(toast, () => claimOpportunity(id)).finally(() => setClaiming(false));
              }}
            >
              {claiming ? 'Claiming…' : 'Claim'}
            </button>
          )}
          {allowed.includes('assign') && (
            <button
              ref={assignButton}
              type="button"
              class="btn btn-small"
              data-testid="card-assign"
              aria-label={`Assign “${label}”`}
              aria-expanded={panel === 'assign'}
              onClick={() => setPanel(panel === 'assign' ? null : 'assign')}
            >
              Assign
            </button>
          )}
          {allowed.includes('dismiss') && (
            <button
              ref={dismissButton}
              type="button"
              class="btn btn-small btn-quiet"
              data-testid="card-dismiss"
              aria-label={`Dismiss “${label}”`}
              aria-expanded={panel === 'dismiss'}
              onClick={() => setPanel(panel === 'dismiss' ? null : 'dismiss')}
            >
              Dismiss
            </button>
          )}
        </div>
      </div>
      {panel === 'dismiss' && (
        <DismissForm
          title={label}
          onCancel={() => close(dismissButton.current)}
          onDismiss={async (reason) => {
            const done = await attempt(toast, () => dismissOpportunity(id, reason), `Dismissed “${label}”: it moves to Done.`);
            if (done) setPanel(null);
            return done;
          }}
        />
      )}
      {panel === 'assign' && (
        <AssignForm
          title={label}
          members={state.membersInOrder()}
          holderId={opportunity.holderId}
          onCancel={() => close(assignButton.current)}
          onAssign={async (memberId) => {
            const done = await attempt(toast, () => assignOpportunity(id, memberId));
            if (done) close(assignButton.current);
            return done;
          }}
        />
      )}
    </li>
  );
});
