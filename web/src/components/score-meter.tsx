import '../styles/controls.css';

export const scorePercent = (score: number) => Math.round(Math.min(1, Math.max(0, Number.isFinite(score) ? score : 0)) * 100);

/** The opportunity's score, 0..1, as a percentage with a bar; the bar is decoration, the number is the fact. */
export function ScoreMeter({ score, testId }: { score: number; testId?: string }) {
  const percent = scorePercent(score);
  const band = percent >= 70 ? 'high' : percent >= 40 ? 'mid' : 'low';
  return (
    <span class={`score-meter score-${band}`} data-testid={testId} data-score={score.toFixed(3)}>
      <span class="score-track" aria-hidden="true">
        <span class="score-fill" style={{ width: `${percent}%` }} />
      </span>
      <span class="score-number">
        <span class="visually-hidden">Score </span>
        {percent}%
      </span>
    </span>
  );
}

/**
 * The score's reasons in the detector's own words. `visible` of them show; the rest fold away
 * behind a disclosure, so a card stays short on a wall display.
 */
export function ReasonList({ reasons, visible = reasons.length }: { reasons: readonly string[]; visible?: number }) {
  if (reasons.length === 0) return null;
  const shown = reasons.slice(0, visible);
  const folded = reasons.slice(visible);
  return (
    <div class="reasons">
      <ul class="reason-list">
        {shown.map((reason, index) => (
          <li key={index}>{reason}</li>
        ))}
      </ul>
      {folded.length > 0 && (
        <details class="reason-more">
          <summary>
            {folded.length} more {folded.length === 1 ? 'reason' : 'reasons'}
          </summary>
          <ul class="reason-list">
            {folded.map((reason, index) => (
              <li key={index}>{reason}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
