import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FeedSandbox, itemProblem, mutatedFeed, SEED_FEEDS, type ParseOutcome } from '../support/fuzz-feeds.js';

/**
 * Issue 10, hostile input: the feed parser (readFeed: charset detection, XML recovery,
 * rss-parser, items, sanitizing) fed valid RSS 2.0, Atom and RDF feeds mutated by fast-check:
 * byte flips, truncation, duplicated and removed tags, entity references, wrong encodings and
 * byte-order marks, runs of markup. Each document is parsed in a worker with a time limit and a
 * heap limit, so a parser that loops or swells fails here instead of stalling CI.
 *
 * Properties: every document is read or refused with UnreadableDocumentError and a message (never
 * a TypeError or RangeError from inside); none takes longer than the limit; the worker's heap
 * stays bounded across the whole run; every item read has an id, plain text and sanitized HTML.
 */
const SEED = 0xfeed;
const RUNS = 1_500;
const TIME_LIMIT_MS = 2_000;
/** What the parser's thread may keep after all the documents (collected): a leak of a few KB per document crosses it. */
const RETAINED_HEAP_LIMIT = 8 * 1024 * 1024;
const NOW = new Date('2024-06-12T00:00:00Z');

const sandbox = new FeedSandbox({ timeoutMs: TIME_LIMIT_MS, maxHeapMb: 256, now: NOW });
afterAll(() => sandbox.close());

/** What is wrong with an outcome, or null: the promise the parser keeps whatever it is given. */
function outcomeProblem(outcome: ParseOutcome): string | null {
  switch (outcome.kind) {
    case 'timeout':
      return `took more than ${TIME_LIMIT_MS} ms`;
    case 'crashed':
      return `the parser's thread died: ${outcome.message}`;
    case 'refused':
      if (outcome.name !== 'UnreadableDocumentError') return `refused with a ${outcome.name} from inside: ${outcome.stack}`;
      if (outcome.message.trim().length < 10) return `refused without a message: "${outcome.message}"`;
      return null;
    case 'read':
      for (const item of outcome.items) {
        const problem = itemProblem(item);
        if (problem) return problem;
      }
      return null;
  }
}

describe('hostile input: the feed parser', () => {
  it('reads each seed feed as it is', async () => {
    for (const [name, text] of Object.entries(SEED_FEEDS)) {
      const outcome = await sandbox.parse({ body: Buffer.from(text), contentType: null });
      expect(outcome.kind, name).toBe('read');
      if (outcome.kind === 'read') expect(outcome.items.length, name).toBe(2);
    }
  });

  it('reads or refuses mutated feeds with a message, in time, without a crash, with bounded memory', { timeout: 120_000 }, async () => {
    const tally = { read: 0, refused: 0 };
    let warmHeap: number | null = null;
    let slowest = 0;
    await fc.assert(
      fc.asyncProperty(mutatedFeed, async (document) => {
        const outcome = await sandbox.parse(document);
        const problem = outcomeProblem(outcome);
        if (problem) throw new Error(`${document.seed} feed, ${document.body.length} bytes, as ${document.contentType}: ${problem}`);
        if (outcome.kind === 'read' || outcome.kind === 'refused') {
          tally[outcome.kind]++;
          slowest = Math.max(slowest, outcome.ms);
          // The first few documents warm the parser up (code, caches); growth is counted from there.
          if (tally.read + tally.refused === 100) warmHeap = await sandbox.retainedHeap();
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // Mutations must leave many documents readable, or the parser's reading path goes untested.
    expect(tally.read).toBeGreaterThan(RUNS / 4);
    expect(tally.refused).toBeGreaterThan(0);
    expect(slowest).toBeLessThan(TIME_LIMIT_MS);
    expect(warmHeap).not.toBeNull();
    const retained = (await sandbox.retainedHeap()) - warmHeap!;
    expect(retained).toBeLessThan(RETAINED_HEAP_LIMIT);
  });
});
