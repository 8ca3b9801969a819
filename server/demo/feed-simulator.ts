/**
 * A local stand-in for the open web, so `tidewatch start --demo` works offline.
 *
 * It serves the demo script's publishers as real RSS 2.0 and Atom 1.0 over loopback HTTP, so
 * the demo exercises the same connector, conditional GET and canonicalization paths as
 * production rather than a shortcut that bypasses them.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { listen } from '../http/listen.js';
import { DEFAULT_DEMO_SEED, DEMO_PUBLISHERS, createDemoTimeline } from './demo-script.js';
import type { DemoPublisher, DemoTimeline, DemoTopic, ScheduledItem } from './demo-script.js';

export interface DemoFeed {
  id: string;
  name: string;
  format: 'rss' | 'atom';
  url: string;
}

export interface FeedSimulator {
  url: string;
  feeds: DemoFeed[];
  close(): Promise<void>;
}

export interface FeedSimulatorOptions {
  /** Default 127.0.0.1: the simulator is for this machine only. */
  host?: string;
  /** Default 0: an ephemeral port, so several simulators (or tests) never collide. */
  port?: number;
  /** Milliseconds since the epoch; injectable so tests can move time by hand. */
  clock?: () => number;
  /** Default clock() when the simulator starts. */
  startedAt?: number;
  seed?: number;
}

/** Real feeds keep a short window too; it also bounds what a poll has to parse. */
export const MAX_ITEMS_PER_FEED = 40;

/** Present on every link so URL canonicalization has something to strip. */
const TRACKING_QUERY = 'utm_source=demo&utm_medium=rss';

const CONTENT_TYPES = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
} as const;

interface SimulatorContext {
  baseUrl: string;
  clock: () => number;
  startedAt: number;
  timeline: DemoTimeline;
}

export async function startFeedSimulator(options: FeedSimulatorOptions = {}): Promise<FeedSimulator> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? Date.now;
  const context: SimulatorContext = {
    baseUrl: '',
    clock,
    startedAt: options.startedAt ?? clock(),
    timeline: createDemoTimeline(options.seed ?? DEFAULT_DEMO_SEED),
  };

  const server = createServer((request, response) => respondSafely(context, request, response));
  context.baseUrl = await listen(server, options.port ?? 0, host);

  return {
    url: context.baseUrl,
    feeds: DEMO_PUBLISHERS.map((publisher) => describeFeed(context, publisher)),
    close: closeOnce(server),
  };
}

/** Shutdown paths often call close twice (signal handler plus finally); the second is a no-op. */
function closeOnce(server: Server): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      // Pollers keep connections alive; without this, close() would wait for them to idle out.
      server.closeAllConnections();
    });
    return closing;
  };
}

function describeFeed(context: SimulatorContext, publisher: DemoPublisher): DemoFeed {
  return {
    id: publisher.id,
    name: publisher.name,
    format: publisher.format,
    url: `${context.baseUrl}/feeds/${publisher.id}.xml`,
  };
}

function respondSafely(context: SimulatorContext, request: IncomingMessage, response: ServerResponse): void {
  try {
    respond(context, request, response);
  } catch (error) {
    // A demo must never take the app down; report and keep serving.
    const message = error instanceof Error ? error.message : String(error);
    sendText(response, 500, `feed simulator error: ${message}\n`);
  }
}

function respond(context: SimulatorContext, request: IncomingMessage, response: ServerResponse): void {
  const path = new URL(request.url ?? '/', 'http://simulator.invalid').pathname;
  const publisher = path === '/' ? undefined : findPublisher(path);
  if (path !== '/' && publisher === undefined) return sendText(response, 404, 'not found\n');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return sendText(response, 405, 'method not allowed\n');
  }
  if (publisher === undefined) return sendIndex(context, response);
  sendFeed(context, publisher, request, response);
}

function findPublisher(path: string): DemoPublisher | undefined {
  const match = /^\/feeds\/([a-z0-9-]+)\.xml$/.exec(path);
  return match ? DEMO_PUBLISHERS.find((publisher) => publisher.id === match[1]) : undefined;
}

function sendIndex(context: SimulatorContext, response: ServerResponse): void {
  const body = JSON.stringify({
    name: 'Tidewatch demo feed simulator',
    startedAt: new Date(context.startedAt).toISOString(),
    elapsedMs: context.clock() - context.startedAt,
    feeds: DEMO_PUBLISHERS.map((publisher) => describeFeed(context, publisher)),
  });
  response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' });
  response.end(body);
}

function sendFeed(context: SimulatorContext, publisher: DemoPublisher, request: IncomingMessage, response: ServerResponse): void {
  const elapsedMs = context.clock() - context.startedAt;
  const items = context.timeline.itemsAt(publisher.id, elapsedMs, MAX_ITEMS_PER_FEED);
  const feedUrl = `${context.baseUrl}/feeds/${publisher.id}.xml`;
  const body = publisher.format === 'atom'
    ? renderAtom(publisher, feedUrl, items, context.startedAt)
    : renderRss(publisher, feedUrl, items, context.startedAt);
  // The body is a pure function of the visible items (no "now" in it), so hashing it gives an
  // ETag that changes exactly when the item set does.
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const headers = { ETag: etag, 'Cache-Control': 'no-cache' };

  if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) {
    response.writeHead(304, headers);
    response.end();
    return;
  }
  response.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES[publisher.format] });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** RFC 9110: If-None-Match uses weak comparison and may list several tags or be `*`. */
function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}

// ---------------------------------------------------------------------------------------------
// XML rendering

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** HTML needs the same escaping for text and attribute values as XML does here. */
const escapeHtml = escapeXml;

function trackedLink(item: ScheduledItem): string {
  return `${item.articleUrl}?${TRACKING_QUERY}`;
}

function sectionName(topic: DemoTopic): string {
  const words = topic.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Real feeds ship HTML with entities and markup in their descriptions; the demo does too so the
 * sanitizer and text extraction are exercised, not just plain strings.
 */
function describeItemHtml(publisher: DemoPublisher, item: ScheduledItem): string {
  return (
    `<p>${escapeHtml(item.lede)}</p>` +
    `<p><b>${escapeHtml(sectionName(item.topic))}</b> &amp; more from ` +
    `<a href="${escapeHtml(trackedLink(item))}">${escapeHtml(publisher.name)}</a></p>`
  );
}

function element(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}

function rfc822(ms: number): string {
  return new Date(ms).toUTCString();
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString();
}

/** Newest item date, so the document never embeds the current time (see the ETag). */
function lastChangeMs(items: readonly ScheduledItem[], startedAt: number): number {
  const newest = items[0];
  return newest === undefined ? startedAt : startedAt + newest.offsetMs;
}

function renderRss(publisher: DemoPublisher, feedUrl: string, items: readonly ScheduledItem[], startedAt: number): string {
  const entries = items.map((item) =>
    [
      '    <item>',
      `      ${element('title', item.title)}`,
      `      ${element('link', trackedLink(item))}`,
      `      <guid isPermaLink="false">${escapeXml(runGuid(item, startedAt))}</guid>`,
      `      ${element('pubDate', rfc822(startedAt + item.offsetMs))}`,
      `      ${element('dc:creator', item.author)}`,
      `      ${element('category', sectionName(item.topic))}`,
      `      ${element('description', describeItemHtml(publisher, item))}`,
      '    </item>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
    '  <channel>',
    `    ${element('title', publisher.name)}`,
    `    ${element('link', publisher.site)}`,
    `    ${element('description', publisher.description)}`,
    '    <language>en</language>',
    `    ${element('lastBuildDate', rfc822(lastChangeMs(items, startedAt)))}`,
    `    <atom:link href="${escapeXml(feedUrl)}" rel="self" type="application/rss+xml"/>`,
    ...entries,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

function renderAtom(publisher: DemoPublisher, feedUrl: string, items: readonly ScheduledItem[], startedAt: number): string {
  const entries = items.map((item) => {
    const published = rfc3339(startedAt + item.offsetMs);
    return [
      '  <entry>',
      `    ${element('id', runGuid(item, startedAt))}`,
      `    <title type="text">${escapeXml(item.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(trackedLink(item))}"/>`,
      `    ${element('published', published)}`,
      `    ${element('updated', published)}`,
      `    <author>${element('name', item.author)}</author>`,
      `    <category term="${escapeXml(item.topic)}" label="${escapeXml(sectionName(item.topic))}"/>`,
      `    <summary type="html">${escapeXml(describeItemHtml(publisher, item))}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
    `  ${element('id', `urn:demo:feed:${publisher.id}`)}`,
    `  ${element('title', publisher.name)}`,
    `  ${element('subtitle', publisher.description)}`,
    `  ${element('updated', rfc3339(lastChangeMs(items, startedAt)))}`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(feedUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(publisher.site)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

/**
 * Guids carry the run's start so a restarted demo publishes fresh items (which the detector
 * recognises as copies of what it saw) instead of ids the store already holds, which would
 * leave the board still for minutes after every restart.
 */
function runGuid(item: ScheduledItem, startedAt: number): string {
  return item.guid.replace(/^urn:demo:/, `urn:demo:${Math.floor(startedAt / 1000)}:`);
}
