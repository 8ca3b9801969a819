import { describeMeasure, type LengthRule, type Measure } from '../text-length.js';
import '../styles/length-counter.css';

const STATE_WORDS = { ok: '', near: 'Nearly at the length limit.', over: 'Over the length limit.' } as const;

/**
 * The draft's length as its platform counts it, against the channel's limit: calm, amber near
 * the limit, red over it, and always in words (a colour alone says nothing to some readers).
 */
export function LengthCounter({ id, rule, measure }: { id: string; rule: LengthRule | null; measure: Measure | null }) {
  if (!rule || !measure) {
    return (
      <p class="length-counter" id={id} data-testid="length-counter" data-state="ok">
        Checking the channel's length limit…
      </p>
    );
  }
  const title = measure.title;
  return (
    <div class="length-counter" id={id} data-testid="length-counter" data-state={measure.state}>
      {/* Spoken only when the state changes (near, over, back to fine), not at every key. */}
      <span class="visually-hidden" aria-live="polite">
        {STATE_WORDS[measure.state]}
      </span>
      <p class="length-counter-main">
        {describeMeasure(rule, measure)}
        {measure.shortenedLinks > 0 && rule.linkChars !== null && (
          <span class="length-counter-note">
            {' '}
            ({measure.shortenedLinks === 1 ? 'the link counts' : `each of ${measure.shortenedLinks} links counts`} as {rule.linkChars})
          </span>
        )}
      </p>
      {title && (
        <p class="length-counter-title" data-state={title.state}>
          Title (first line): {title.length} / {title.limit}
          {title.length > title.limit ? ` · ${title.length - title.limit} over: cut ${title.length - title.limit}` : ` · ${title.limit - title.length} left`}
        </p>
      )}
    </div>
  );
}
