import { DO_NOT_ENGAGE, riskFlagsInOrder, riskLabel, riskTone } from '../views/risk-flag-words.js';
import '../styles/controls.css';

/**
 * The risk flags of an opportunity. "Do not engage" is not one badge among others: it is a
 * banner across the top, because it changes what the team should do with the whole card.
 */
export function RiskBadges({ flags, testId }: { flags: readonly string[]; testId?: string }) {
  if (flags.length === 0) return null;
  const ordered = riskFlagsInOrder(flags);
  return (
    <ul class="risk-badges" aria-label="Risk flags">
      {ordered.map((flag) =>
        flag === DO_NOT_ENGAGE ? (
          <li key={flag} class="risk-stop" data-testid={testId} data-flag={flag} title="A tragedy or a lawsuit: show it, do not react to it">
            {riskLabel(flag)}
          </li>
        ) : (
          <li key={flag} class={`risk-badge risk-${riskTone(flag)}`} data-testid={testId} data-flag={flag} title={`${flag}: legal reviews any reaction`}>
            {riskLabel(flag)}
          </li>
        ),
      )}
    </ul>
  );
}
