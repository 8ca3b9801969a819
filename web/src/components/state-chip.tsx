import type { Tone } from '../workflow-words.js';
import '../styles/workflow-controls.css';

/** A record's state in words, with a tone the stylesheet draws with both a shape and a colour. */
export function StateChip({ words, tone, testId, state }: { words: string; tone: Tone; testId?: string; state?: string }) {
  return (
    <span class="state-chip" data-tone={tone} data-testid={testId} data-state={state}>
      {words}
    </span>
  );
}
