// The three shared dev streams as one long stream for speed and memory runs: merged in time
// order, then replayed round after round, each round shifted past the last (a day apart) with
// fresh ids (`<id>~<round>`), so a million items are a million different items on real text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../server/version.js';

const DAY = 86_400_000;

export class ShiftedStreams {
  private readonly round: Array<{ record: Record<string, unknown>; at: number }> = [];
  private readonly span: number;

  constructor() {
    for (const name of ['news-dev', 'crisis-dev', 'background-dev']) {
      for (const text of readFileSync(join(PROJECT_ROOT, '..', 'shared', 'data', 'streams', `${name}.jsonl`), 'utf8').split('\n')) {
        if (!text) continue;
        const record = JSON.parse(text) as Record<string, unknown>;
        this.round.push({ record, at: Date.parse(record['publishedAt'] as string) });
      }
    }
    this.round.sort((a, b) => a.at - b.at);
    this.span = this.round.at(-1)!.at - this.round[0]!.at + DAY;
  }

  /** Items per round. */
  get roundLength(): number {
    return this.round.length;
  }

  /** Line n of the long stream (0-based), written when asked for, as a file would hold it. */
  line(n: number): string {
    const k = Math.floor(n / this.round.length);
    const { record, at } = this.round[n % this.round.length]!;
    return JSON.stringify({ ...record, id: `${record['id'] as string}~${k}`, publishedAt: new Date(at + k * this.span).toISOString() });
  }
}
