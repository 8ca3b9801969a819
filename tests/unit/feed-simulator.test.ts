import { afterEach, describe, expect, it } from 'vitest';
import Parser from 'rss-parser';
import { startFeedSimulator } from '../../server/demo/feed-simulator.js';
import type { DemoFeed, FeedSimulator } from '../../server/demo/feed-simulator.js';

type ParsedItem = Parser.Item & { id?: string; author?: string };

const START = Date.UTC(2024, 5, 11, 9, 0, 0);
const SECOND = 1000;

/** A clock the test moves by hand, so arrivals are reached without waiting. */
function manualClock(start: number) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const running: FeedSimulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((simulator) => simulator.close()));
});

async function start(seed = 7) {
  const clock = manualClock(START);
  const simulator = await startFeedSimulator({ clock: clock.now, startedAt: START, seed });
  running.push(simulator);
  return { simulator, clock };
}

async function fetchFeed(feed: DemoFeed) {
  const response = await fetch(feed.url);
  expect(response.status).toBe(200);
  const text = await response.text();
  const parsed = await new Parser<Record<string, unknown>, ParsedItem>({ customFields: { item: ['id', 'author'] } }).parseString(text);
  return { response, text, items: parsed.items, title: parsed.title };
}

function guidOf(item: ParsedItem): string {
  const guid = item.guid ?? item.id;
  if (guid === undefined) throw new Error(`item without guid: ${item.title ?? '?'}`);
  return guid;
}

async function guidsByFeed(simulator: FeedSimulator): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  for (const feed of simulator.feeds) result.set(feed.id, (await fetchFeed(feed)).items.map(guidOf));
  return result;
}

async function feedsMentioning(simulator: FeedSimulator, term: string): Promise<string[]> {
  const feeds: string[] = [];
  for (const feed of simulator.feeds) {
    const { items } = await fetchFeed(feed);
    if (items.some((item) => item.title?.includes(term))) feeds.push(feed.id);
  }
  return feeds;
}

describe('demo feed simulator', () => {
  it('lists five feeds on loopback, four RSS and one Atom', async () => {
    const { simulator } = await start();
    expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const response = await fetch(`${simulator.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const index = (await response.json()) as { feeds: DemoFeed[] };

    expect(index.feeds).toEqual(simulator.feeds);
    expect(index.feeds).toHaveLength(5);
    expect(index.feeds.filter((feed) => feed.format === 'rss')).toHaveLength(4);
    expect(index.feeds.filter((feed) => feed.format === 'atom')).toHaveLength(1);
    for (const feed of index.feeds) {
      expect(feed.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(feed.url).toBe(`${simulator.url}/feeds/${feed.id}.xml`);
    }
  });

  it('serves a few recent items per feed at start, with escaped HTML, authors and tracked links', async () => {
    const { simulator } = await start();
    for (const feed of simulator.feeds) {
      const { response, items, title } = await fetchFeed(feed);
      expect(response.headers.get('content-type')).toBe(
        feed.format === 'atom' ? 'application/atom+xml; charset=utf-8' : 'application/rss+xml; charset=utf-8',
      );
      expect(title).toBe(feed.name);
      expect(items.length).toBeGreaterThanOrEqual(3);
      expect(items.length).toBeLessThanOrEqual(5);

      const times = items.map((item) => Date.parse(item.isoDate ?? ''));
      for (const time of times) {
        expect(time).toBeLessThanOrEqual(START);
        expect(time).toBeGreaterThanOrEqual(START - 60 * 60 * SECOND);
      }
      expect(times).toEqual([...times].sort((a, b) => b - a));

      for (const item of items) {
        expect(item.title).toBeTruthy();
        expect(item.creator ?? item.author).toBeTruthy();
        const link = new URL(item.link ?? '');
        expect(link.hostname).toMatch(/\.example\.org$/);
        expect(link.searchParams.get('utm_source')).toBe('demo');
        expect(link.searchParams.get('utm_medium')).toBe('rss');
        // After XML unescaping the description is HTML that still carries markup and an entity.
        const html = item.content ?? item.summary ?? '';
        expect(html).toContain('<b>');
        expect(html).toMatch(/<a href="https:\/\/[^"]+utm_source=demo&amp;utm_medium=rss">/);
        expect(html).toContain(' &amp; more from ');
      }
    }
  });

  it('shows no burst story before it starts', async () => {
    const { simulator } = await start();
    for (const term of ['Harbor Bridge', 'Lumora', 'Fernhill Rovers']) {
      expect(await feedsMentioning(simulator, term)).toEqual([]);
    }
  });

  it('makes the first burst visible across publishers within 20 seconds', async () => {
    const { simulator, clock } = await start();
    clock.advance(20 * SECOND);
    expect((await feedsMentioning(simulator, 'Harbor Bridge')).length).toBeGreaterThanOrEqual(3);
  });

  it('adds items over time and spreads the first burst over at least three feeds by 90 s', async () => {
    const { simulator, clock } = await start();
    const before = await guidsByFeed(simulator);
    clock.advance(90 * SECOND);
    const after = await guidsByFeed(simulator);

    for (const [feedId, guids] of before) {
      const later = after.get(feedId) ?? [];
      expect(later.length, feedId).toBeGreaterThan(guids.length);
    }

    const burstTitles: string[] = [];
    for (const feed of simulator.feeds) {
      const { items } = await fetchFeed(feed);
      burstTitles.push(...items.map((item) => item.title ?? '').filter((title) => title.includes('Harbor Bridge')));
    }
    expect(new Set(burstTitles).size).toBeGreaterThanOrEqual(8);
    expect((await feedsMentioning(simulator, 'Harbor Bridge')).length).toBeGreaterThanOrEqual(3);
    expect((await feedsMentioning(simulator, 'Lumora')).length).toBeGreaterThanOrEqual(1);
  });

  it('brings the later bursts in at their times', async () => {
    const { simulator, clock } = await start();
    clock.advance(65 * SECOND);
    expect(await feedsMentioning(simulator, 'Lumora')).toEqual([]);
    clock.advance(75 * SECOND); // 140 s
    expect((await feedsMentioning(simulator, 'Lumora')).length).toBeGreaterThanOrEqual(4);
    expect(await feedsMentioning(simulator, 'Fernhill Rovers')).toEqual([]);
    clock.advance(90 * SECOND); // 230 s
    expect((await feedsMentioning(simulator, 'Fernhill Rovers')).length).toBeGreaterThanOrEqual(4);
  });

  it('keeps guids stable and never drops items until the 40-item cap', async () => {
    const { simulator, clock } = await start();
    const first = await guidsByFeed(simulator);
    expect(await guidsByFeed(simulator)).toEqual(first);

    let previous = first;
    for (let step = 0; step < 60; step += 1) {
      clock.advance(30 * SECOND);
      const current = await guidsByFeed(simulator);
      for (const [feedId, guids] of previous) {
        const now = current.get(feedId) ?? [];
        expect(now.length, feedId).toBeLessThanOrEqual(40);
        if (now.length < 40) expect(now, feedId).toEqual(expect.arrayContaining(guids));
        expect(new Set(now).size, `${feedId} has duplicate guids`).toBe(now.length);
      }
      previous = current;
    }

    clock.advance(3 * 60 * 60 * SECOND);
    for (const feed of simulator.feeds) {
      const { items } = await fetchFeed(feed);
      expect(items, feed.id).toHaveLength(40);
      const times = items.map((item) => Date.parse(item.isoDate ?? ''));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    }
  });

  it('is deterministic for a seed and varies with it', async () => {
    const a = await start(7);
    const b = await start(7);
    const c = await start(8);
    for (const run of [a, b, c]) run.clock.advance(120 * SECOND);

    const feedA = a.simulator.feeds[0];
    const feedB = b.simulator.feeds[0];
    const feedC = c.simulator.feeds[0];
    if (!feedA || !feedB || !feedC) throw new Error('no feeds');
    const itemsA = (await fetchFeed(feedA)).items.map((item) => [item.guid, item.title, item.isoDate]);
    const itemsB = (await fetchFeed(feedB)).items.map((item) => [item.guid, item.title, item.isoDate]);
    const itemsC = (await fetchFeed(feedC)).items.map((item) => [item.guid, item.title, item.isoDate]);
    expect(itemsB).toEqual(itemsA);
    expect(itemsC).not.toEqual(itemsA);
  });

  it('answers a conditional GET with 304 until a new item arrives', async () => {
    const { simulator, clock } = await start();
    for (const feed of simulator.feeds) {
      const first = await fetch(feed.url);
      await first.text();
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^"[^"]+"$/);

      const unchanged = await fetch(feed.url, { headers: { 'If-None-Match': etag ?? '' } });
      expect(unchanged.status).toBe(304);
      expect(await unchanged.text()).toBe('');
      expect(unchanged.headers.get('etag')).toBe(etag);

      const otherTag = await fetch(feed.url, { headers: { 'If-None-Match': '"something-else"' } });
      expect(otherTag.status).toBe(200);
      await otherTag.text();
    }

    // Every feed publishes at least once a minute, so each must have changed.
    const etags = new Map<string, string>();
    for (const feed of simulator.feeds) {
      const response = await fetch(feed.url);
      await response.text();
      etags.set(feed.id, response.headers.get('etag') ?? '');
    }
    clock.advance(60 * SECOND);
    for (const feed of simulator.feeds) {
      const response = await fetch(feed.url, { headers: { 'If-None-Match': etags.get(feed.id) ?? '' } });
      expect(response.status, feed.id).toBe(200);
      expect(response.headers.get('etag')).not.toBe(etags.get(feed.id));
      await response.text();
    }
  });

  it('answers unknown paths with 404', async () => {
    const { simulator } = await start();
    for (const path of ['/feeds/nope.xml', '/feeds/harbor-daily', '/favicon.ico']) {
      const response = await fetch(`${simulator.url}${path}`);
      expect(response.status, path).toBe(404);
      await response.text();
    }
  });

  it('closes even with keep-alive connections open', async () => {
    const clock = manualClock(START);
    const simulator = await startFeedSimulator({ clock: clock.now });
    const feed = simulator.feeds[0];
    if (!feed) throw new Error('no feeds');
    await (await fetch(feed.url)).text();
    await simulator.close();
    await simulator.close();
    await expect(fetch(feed.url)).rejects.toThrow();
  });
});
