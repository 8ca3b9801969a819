import { replayItems, type ReplayOptions, type ReplayResult } from '../replay/replay.js';
import { readStreamText, type RejectedLine } from '../replay/stream-item.js';
import { evaluate, type Evaluation } from './evaluate.js';

export interface StreamEvaluation {
  evaluation: Evaluation;
  replay: ReplayResult;
  rejected: RejectedLine[];
  /** Wall time of the replay alone (reading and scoring left out). */
  replaySeconds: number;
}

/**
 * A whole labelled stream held in memory, replayed at once and scored against `labelField`:
 * what `tidewatch eval` does, for `npm run eval` and the quality floor test.
 */
export function evaluateStreamText(text: string, labelField: string, options: ReplayOptions = {}): StreamEvaluation {
  const reader = readStreamText(text, labelField);
  const started = performance.now();
  const replay = replayItems(reader.items, options);
  const replaySeconds = (performance.now() - started) / 1000;
  const evaluation = evaluate(
    reader.items.map((item) => ({ id: item.id, label: item.label ?? 'none', at: item.publishedAt })),
    replay.assignments,
    replay.stories,
  );
  return { evaluation, replay, rejected: reader.rejected, replaySeconds };
}
