// Parse throughput of the rss connector's `read` (charset detection, XML repair, rss-parser,
// mapping, sanitizing) against plain rss-parser `parseString` on the same bytes decoded as UTF-8,
// over the recorded feeds in ../shared/data/fixtures/feeds. Prints figures; asserts nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Parser from 'rss-parser';
import { rssConnector } from '../connectors/rss/rss-connector.js';
import { printMachine } from './support/machine.js';

printMachine();

const DIR = fileURLToPath(new URL('../../shared/data/fixtures/feeds/', import.meta.url));
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const files = readdirSync(DIR)
  .sort()
  .map((name) => ({ name, body: readFileSync(DIR + name) }));
const totalBytes = files.reduce((sum, f) => sum + f.body.length, 0);

interface Tally {
  items: number;
  failures: number;
  ms: number;
}

/** A parse that never settles (rss-parser on some documents) counts as a failure, not a hang. */
function bounded<T>(work: Promise<T>, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer')), ms)))]).finally(() => clearTimeout(timer));
}

async function run(parse: (body: Buffer) => Promise<number>): Promise<Tally> {
  const tally: Tally = { items: 0, failures: 0, ms: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    for (const { body } of files) {
      const started = performance.now();
      try {
        const count = await bounded(parse(body));
        if (round === 0) tally.items += count;
      } catch {
        if (round === 0) tally.failures++;
      }
      tally.ms += performance.now() - started;
    }
  }
  return tally;
}

const connector = (body: Buffer) => rssConnector.read({ body, contentType: null, url: null }).then((r) => r.items.length);
// One parser per document, as rss-parser's shared xml2js state can leave a later parse hanging.
const plain = (body: Buffer) => new Parser().parseString(body.toString('utf8')).then((feed) => feed.items.length);

// Warm-up so neither side pays for JIT compilation in the figures.
await run(connector);
await run(plain);

const results: Array<[string, Tally]> = [
  ['rssConnector.read', await run(connector)],
  ['rss-parser parseString (UTF-8)', await run(plain)],
];
console.log(`${files.length} feeds, ${(totalBytes / 1e6).toFixed(2)} MB, ${ROUNDS} rounds each`);
for (const [label, tally] of results) {
  const seconds = tally.ms / 1000;
  console.log(
    `${label.padEnd(32)} ${String(tally.items).padStart(5)} items from ${files.length - tally.failures}/${files.length} feeds; ` +
      `${Math.round((tally.items * ROUNDS) / seconds)} items/s; ${((totalBytes * ROUNDS) / 1e6 / seconds).toFixed(2)} MB/s`,
  );
}
