import fc from 'fast-check';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import type { ConnectorItem } from '../../connectors/connector.js';

/**
 * Feeds to fuzz the feed parser with, the mutations that break them, and a sandbox that parses
 * each document in a worker thread with a time limit and a heap limit: a parser that loops or
 * swells fails the test instead of stalling or killing the run.
 */

/** Three valid feeds, one per family, with the parts a parser has to work at: entities, CDATA, namespaces, HTML. */
export const SEED_FEEDS: Record<'rss2' | 'atom' | 'rdf', string> = {
  rss2: `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Harbour Gazette &amp; Friends</title>
    <link>https://gazette.example/</link>
    <atom:link href="https://gazette.example/feed.xml" rel="self"/>
    <language>en-gb</language>
    <item>
      <title>Ferry strike &amp; port closure — “talks resume”</title>
      <link>https://gazette.example/news/ferry-strike?id=42</link>
      <guid isPermaLink="false">gazette-42</guid>
      <pubDate>Tue, 11 Jun 2024 08:30:00 GMT</pubDate>
      <dc:creator>Jane Doe</dc:creator>
      <description><![CDATA[<p>Talks <b>resume</b> at dawn. <a href="/news/ferry">More</a></p>]]></description>
      <content:encoded><![CDATA[<p>Union and port meet at <i>08:00</i>.</p><img src="https://gazette.example/a.jpg" alt="quay">]]></content:encoded>
    </item>
    <item>
      <title>Crane inspection finds cracks</title>
      <link>https://gazette.example/news/crane?ref=home</link>
      <pubDate>Tue, 11 Jun 2024 07:00:00 +0100</pubDate>
      <description>Engineers &lt;b&gt;closed&lt;/b&gt; berth 4 &#233;t&#xE9;.</description>
    </item>
  </channel>
</rss>`,
  atom: `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en" xml:base="https://quay.example/">
  <title type="text">Quay Watch</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id>
  <updated>2024-06-11T08:00:00Z</updated>
  <link rel="self" href="https://quay.example/atom.xml"/>
  <entry>
    <title type="html">Tide &lt;em&gt;record&lt;/em&gt; at the quay</title>
    <link rel="alternate" href="/posts/tide"/>
    <id>tag:quay.example,2024:tide</id>
    <published>2024-06-11T07:30:00Z</published>
    <updated>2024-06-11T07:45:00Z</updated>
    <author><name>Quay Desk</name></author>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>The tide gauge read <strong>7.2 m</strong>.</p></div></content>
  </entry>
  <entry>
    <title>Lock gates open</title>
    <link href="https://quay.example/posts/locks"/>
    <id>tag:quay.example,2024:locks</id>
    <updated>2024-06-11T06:00:00Z</updated>
    <summary type="html">&lt;p&gt;Gates open at &lt;a href="https://quay.example/t"&gt;high water&lt;/a&gt;.&lt;/p&gt;</summary>
  </entry>
</feed>`,
  rdf: `<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://dock.example/">
    <title>Dock Notes</title>
    <link>https://dock.example/</link>
    <description>Notes from the dock</description>
    <items><rdf:Seq><rdf:li rdf:resource="https://dock.example/1"/><rdf:li rdf:resource="https://dock.example/2"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://dock.example/1">
    <title>Pilot boat back in service</title>
    <link>https://dock.example/1</link>
    <description>Repaired &amp; repainted.</description>
    <dc:date>2024-06-11T05:00:00Z</dc:date>
  </item>
  <item rdf:about="https://dock.example/2">
    <title>Fog warning</title>
    <link>https://dock.example/2</link>
    <dc:date>2024-06-11T04:00:00Z</dc:date>
  </item>
</rdf:RDF>`,
};

export interface FeedDocument {
  body: Uint8Array;
  contentType: string | null;
}

type Mutation = (bytes: Buffer) => Buffer;

const ENCODING_NAMES = ['utf-16', 'UTF-16LE', 'utf-32', 'shift_jis', 'iso-8859-1', 'windows-1252', 'koi8-r', 'ebcdic-cp-us', 'x-bogus', '', 'utf-8"?><x', 'ucs-2', 'utf-7'];
const ENTITY_REFERENCES = ['&amp;', '&lt;', '&nbsp;', '&eacute;', '&bogus;', '&#0;', '&#1;', '&#x1F30A;', '&#xD800;', '&#9999999;', '&#x110000;', '&#;', '&', '&&&&', '&amp', '&#x;', '&lol9;', '&xxe;'];
const SNIPPETS = [
  '<', '>', '</', '<![CDATA[', ']]>', '<!--', '-->', '<?', '?>', '<!DOCTYPE x [', ']>', '"', "'", '=', '/>',
  '<item>', '</item>', '<entry>', '</entry>', '<channel>', '</channel>', '<rss>', '</feed>',
  '<title>', '</title>', '<description><![CDATA[<script>alert(1)</script>', '\u0000', '\uFEFF', '\uD800', '\r\n',
  '<!ENTITY a "aaaaaaaaaa">', '<a:b xmlns:a="http://www.w3.org/2005/Atom">',
];

const at = (bytes: Buffer, fraction: number) => Math.floor(fraction * bytes.length);
const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

/** Tags (start or end) of a document, as byte ranges: for duplicating or removing one. */
function tagRanges(bytes: Buffer): Array<[number, number]> {
  const text = bytes.toString('latin1');
  return [...text.matchAll(/<[^<>]{1,200}>/g)].map((m) => [m.index, m.index + m[0].length]);
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // Byte flips, a few or many.
  fc.array(fc.tuple(fraction, fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }).map((flips) => (bytes: Buffer) => {
    const copy = Buffer.from(bytes);
    for (const [where, value] of flips) if (copy.length > 0) copy[at(copy, where)] = value;
    return copy;
  }),
  // Truncation anywhere.
  fraction.map((where) => (bytes: Buffer) => bytes.subarray(0, at(bytes, where))),
  // A tag duplicated, or removed.
  fc.tuple(fraction, fc.boolean(), fc.integer({ min: 1, max: 50 })).map(([which, duplicate, times]) => (bytes: Buffer) => {
    const tags = tagRanges(bytes);
    if (tags.length === 0) return bytes;
    const [start, end] = tags[Math.floor(which * tags.length)]!;
    const tag = bytes.subarray(start, end);
    return Buffer.concat([bytes.subarray(0, start), ...(duplicate ? Array<Buffer>(times + 1).fill(tag) : []), bytes.subarray(end)]);
  }),
  // Entity references, known, unknown and malformed.
  fc.array(fc.tuple(fraction, fc.constantFrom(...ENTITY_REFERENCES)), { minLength: 1, maxLength: 8 }).map((inserts) => (bytes: Buffer) => insertAll(bytes, inserts)),
  // Markup fragments where they do not belong.
  fc.array(fc.tuple(fraction, fc.constantFrom(...SNIPPETS)), { minLength: 1, maxLength: 8 }).map((inserts) => (bytes: Buffer) => insertAll(bytes, inserts)),
  // A wrong encoding declared, or the text re-encoded under a declaration that still says UTF-8.
  fc.constantFrom(...ENCODING_NAMES).map((name) => (bytes: Buffer) => Buffer.from(bytes.toString('latin1').replace(/encoding="[^"]*"/, `encoding="${name}"`), 'latin1')),
  fc.constantFrom<BufferEncoding>('utf16le', 'latin1', 'ucs2').map((encoding) => (bytes: Buffer) => Buffer.from(bytes.toString('utf8'), encoding)),
  // A byte-order mark that contradicts the bytes.
  fc.constantFrom([0xfe, 0xff], [0xff, 0xfe], [0xef, 0xbb, 0xbf], [0x00, 0x00, 0xfe, 0xff], [0xff, 0xfe, 0x00, 0x00]).map((bom) => (bytes: Buffer) => Buffer.concat([Buffer.from(bom), bytes])),
  // A run of one character, as a hostile feed pads a document.
  fc.tuple(fraction, fc.constantFrom('<', '&', '<a ', '<![CDATA[', '"', '<x>', '</x>', '&#'), fc.integer({ min: 100, max: 20_000 })).map(([where, unit, times]) => (bytes: Buffer) => insertAll(bytes, [[where, unit.repeat(times)]])),
);

function insertAll(bytes: Buffer, inserts: Array<[number, string]>): Buffer {
  let result = bytes;
  for (const [where, text] of inserts) {
    const i = at(result, where);
    result = Buffer.concat([result.subarray(0, i), Buffer.from(text, 'utf8'), result.subarray(i)]);
  }
  return result;
}

const CONTENT_TYPES = [null, 'application/rss+xml', 'application/atom+xml; charset=utf-8', 'text/xml; charset=iso-8859-1', 'text/xml; charset=utf-16', 'application/xml; charset=bogus', 'text/html', 'application/octet-stream'];

/** A seed feed with one to five mutations, under a content type that may lie. */
export const mutatedFeed: fc.Arbitrary<FeedDocument & { seed: string }> = fc
  .tuple(fc.constantFrom(...(Object.keys(SEED_FEEDS) as Array<keyof typeof SEED_FEEDS>)), fc.array(mutation, { minLength: 1, maxLength: 5 }), fc.constantFrom(...CONTENT_TYPES))
  .map(([seed, mutations, contentType]) => ({ seed, contentType, body: mutations.reduce<Buffer>((bytes, mutate) => mutate(bytes), Buffer.from(SEED_FEEDS[seed], 'utf8')) }));

/** What parsing one document came to, as the worker reports it. */
export type ParseOutcome =
  | { kind: 'read'; items: ConnectorItem[]; warnings: string[]; ms: number; heapUsed: number }
  | { kind: 'refused'; name: string; message: string; stack: string; ms: number; heapUsed: number }
  | { kind: 'timeout'; ms: number }
  | { kind: 'crashed'; message: string };

/** The worker's code: plain CommonJS, which registers tsx to import the connector's TypeScript. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { getHeapStatistics } = require('node:v8');
(async () => {
  const { register } = await import('tsx/esm/api');
  register();
  const { readFeed } = await import(workerData.connectorUrl);
  const now = new Date(workerData.now);
  require('node:v8').setFlagsFromString('--expose-gc');
  const gc = require('node:vm').runInNewContext('gc');
  parentPort.on('message', async ({ body, contentType, heap }) => {
    if (heap) {
      gc();
      parentPort.postMessage({ kind: 'heap', heapUsed: getHeapStatistics().used_heap_size });
      return;
    }
    const started = performance.now();
    try {
      const { items, warnings } = await readFeed({ body: Buffer.from(body), contentType, url: null }, now);
      parentPort.postMessage({ kind: 'read', items, warnings, ms: performance.now() - started, heapUsed: getHeapStatistics().used_heap_size });
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      parentPort.postMessage({ kind: 'refused', name: e.name, message: e.message, stack: String(e.stack), ms: performance.now() - started, heapUsed: getHeapStatistics().used_heap_size });
    }
  });
  parentPort.postMessage({ kind: 'ready' });
})().catch((error) => parentPort.postMessage({ kind: 'failed-to-start', message: String(error && error.stack || error) }));
`;

export interface FeedSandboxOptions {
  /** Per document. */
  timeoutMs: number;
  /** The worker's old generation: a parser that needs more runs out of memory and is reported as crashed. */
  maxHeapMb: number;
  /** The clock readFeed uses to refuse future dates. */
  now: Date;
}

/**
 * readFeed (decode, XML recovery, rss-parser, items, sanitizing) in a worker thread. A document
 * that takes longer than the limit has its worker terminated (the next document gets a fresh one):
 * a synchronous loop in the parser cannot be interrupted any other way.
 */
export class FeedSandbox {
  private worker: Worker | null = null;
  private ready: Promise<Worker> | null = null;

  constructor(private readonly options: FeedSandboxOptions) {}

  private start(): Promise<Worker> {
    this.ready ??= new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { connectorUrl: new URL('../../connectors/rss/rss-connector.ts', import.meta.url).href, now: this.options.now.toISOString() },
        resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb },
      });
      worker.once('message', (message: { kind: string; message?: string }) => {
        if (message.kind === 'ready') resolve(worker);
        else reject(new Error(`the feed sandbox did not start: ${message.message}`));
      });
      worker.once('error', reject);
      this.worker = worker;
    });
    return this.ready;
  }

  async parse(document: FeedDocument, timeoutMs = this.options.timeoutMs): Promise<ParseOutcome> {
    const worker = await this.start();
    const started = performance.now();
    return new Promise<ParseOutcome>((resolve) => {
      const settle = (outcome: ParseOutcome) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(outcome);
      };
      const onMessage = (outcome: ParseOutcome) => settle(outcome);
      const onError = (error: Error) => {
        this.discard();
        settle({ kind: 'crashed', message: `${(error as NodeJS.ErrnoException).code ?? error.name}: ${error.message}` });
      };
      const onExit = (code: number) => {
        this.discard();
        settle({ kind: 'crashed', message: `the worker exited with code ${code}` });
      };
      const timer = setTimeout(() => {
        this.discard();
        settle({ kind: 'timeout', ms: performance.now() - started });
      }, timeoutMs);
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.postMessage({ body: document.body, contentType: document.contentType });
    });
  }

  /** The worker's heap after a full collection: what parsing so far has kept. */
  async retainedHeap(): Promise<number> {
    const worker = await this.start();
    return new Promise<number>((resolve, reject) => {
      worker.once('message', (message: { kind: string; heapUsed: number }) => (message.kind === 'heap' ? resolve(message.heapUsed) : reject(new Error(`unexpected ${message.kind}`))));
      worker.postMessage({ heap: true });
    });
  }

  private discard(): void {
    void this.worker?.terminate();
    this.worker = null;
    this.ready = null;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    await worker?.terminate();
  }
}

/** A full collection, whether or not node was started with --expose-gc. */
function collectGarbage(): void {
  let gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/** The heap this thread uses now, after a full collection: what is retained, not what is garbage. */
export function heapUsedNow(): number {
  collectGarbage();
  return getHeapStatistics().used_heap_size;
}

/** Markup and addresses that must never survive into an item's sanitized HTML. */
export const EXECUTABLE_HTML =
  /<\s*(?:script|iframe|object|embed|svg|math|style|link|meta|base|form|frame|frameset|applet)\b|<[^>]*\s(?:on[a-z]+|style|srcdoc|formaction)\s*=|<[^>]*(?:href|src)\s*=\s*["']?\s*(?:javascript|vbscript|data):|expression\s*\(/i;

/** What is wrong with one item a feed gave, in words, or null. */
export function itemProblem(item: ConnectorItem): string | null {
  if (typeof item.externalId !== 'string' || item.externalId === '') return 'an item without an externalId';
  if (typeof item.text !== 'string') return `item ${item.externalId}: text is not a string`;
  if (item.title !== null && typeof item.title !== 'string') return `item ${item.externalId}: title is neither null nor a string`;
  if (item.html !== null && typeof item.html !== 'string') return `item ${item.externalId}: html is neither null nor a string`;
  if (item.html && EXECUTABLE_HTML.test(item.html)) return `item ${item.externalId}: html keeps executable markup: ${EXECUTABLE_HTML.exec(item.html)?.[0]}`;
  return null;
}
