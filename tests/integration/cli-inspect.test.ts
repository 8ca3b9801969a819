import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

// Runs the built command (`npm test` builds first; run `npm run build` before running this file alone).
const own = (name: string) => fileURLToPath(new URL(`../fixtures/feeds/${name}`, import.meta.url));
const shared = (name: string) => fileURLToPath(new URL(`../../../shared/data/fixtures/feeds/${name}`, import.meta.url));

const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('tidewatch inspect', () => {
  it('prints one JSON line per item with the item fields, the kind and the file it came from', () => {
    const koi8 = own('enc-koi8-r.rss.xml');
    const youtube = own('youtube-harbour-channel.xml');
    const result = runCli(['inspect', koi8, youtube]);
    expect(result.status).toBe(0);
    const items = lines(result.stdout);
    expect(items.map((i) => [i['kind'], i['file'], i['externalId']])).toEqual([
      ['rss', koi8, 'koi8-1'],
      ['youtube', youtube, 'hb0000000a1'],
      ['youtube', youtube, 'hb0000000b2'],
    ]);
    expect(items[0]).toEqual({
      externalId: 'koi8-1',
      author: null,
      title: 'Новости порта: паром снова ходит',
      text: 'Паром из Мурманска вышел в рейс по расписанию.',
      html: 'Паром из Мурманска вышел в рейс по расписанию.',
      url: 'https://wire.example/koi8-1',
      publishedAt: '2024-06-11T08:30:00.000Z',
      language: null,
      engagement: {},
      kind: 'rss',
      file: koi8,
    });
    expect(items[1]?.['engagement']).toEqual({ views: 48213, likes: 1204 });
    // Which connector read an ambiguous document is said on stderr, with the way to choose.
    expect(result.stderr).toBe(`${youtube}: read as youtube (also recognized as rss; choose with --kind)\n`);
  });

  it('reads a recorded broken feed and reports what was wrong on stderr', () => {
    const file = shared('nodefeedparser__saxerror.xml');
    const result = runCli(['inspect', file]);
    expect(result.status).toBe(0);
    expect(lines(result.stdout)).toHaveLength(3);
    expect(result.stderr).toBe(`${file}: warning: a bare "&" was escaped\n`);
  });

  it('reads with the connector --kind names', () => {
    const file = own('youtube-harbour-channel.xml');
    const result = runCli(['inspect', '--kind', 'rss', file]);
    expect(result.status).toBe(0);
    const items = lines(result.stdout);
    expect(items.map((i) => [i['kind'], i['externalId']])).toEqual([
      ['rss', 'yt:video:hb0000000a1'],
      ['rss', 'yt:video:hb0000000b2'],
    ]);
    expect(result.stderr).toBe('');
  });

  it('exits 1 with a clear message for a file no connector understands, still printing the others', () => {
    const csv = own('not-a-feed.csv');
    const result = runCli(['inspect', csv, own('enc-gb2312.rss.xml')]);
    expect(result.status).toBe(1);
    expect(lines(result.stdout).map((i) => i['title'])).toEqual(['港口新闻：渡轮恢复运行']);
    expect(result.stderr).toMatch(new RegExp(`^tidewatch: ${csv.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not something Tidewatch can read: no connector recognizes it \\(tried [a-z, ]*rss[a-z, ]*\\)\\. If you know its kind, say it with --kind\\.\\n$`));
  });

  it('exits 1 for an HTML page forced through rss, naming the feed it links to', () => {
    const result = runCli(['inspect', '--kind', 'rss', own('not-a-feed.html')]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('not a readable RSS or Atom feed: this is an HTML page; it links to a feed at https://gazette.example/feed.xml');
  });

  it('exits 1 for a missing file and for a URL on a private address', () => {
    const missing = runCli(['inspect', own('no-such-feed.xml')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no-such-feed.xml: no such file');
    const local = runCli(['inspect', 'http://127.0.0.1:9/feed.xml']);
    expect(local.status).toBe(1);
    expect(local.stderr).toMatch(/^tidewatch: http:\/\/127\.0\.0\.1:9\/feed\.xml: refused to fetch 127\.0\.0\.1/);
  });

  it('exits 2 for bad usage: no input, an unknown kind, an unknown flag', () => {
    const none = runCli(['inspect']);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe('tidewatch: name at least one file or URL to inspect. Run `tidewatch inspect --help`.\n');
    const kind = runCli(['inspect', '--kind', 'fax', own('enc-gb2312.rss.xml')]);
    expect(kind.status).toBe(2);
    expect(kind.stderr).toMatch(/^tidewatch: unknown kind "fax": the kinds are .*\brss\b.*\byoutube\b|^tidewatch: unknown kind "fax": the kinds are .*\byoutube\b.*\brss\b/);
    const flag = runCli(['inspect', '--verbose', own('enc-gb2312.rss.xml')]);
    expect(flag.status).toBe(2);
    expect(flag.stdout).toBe('');
  });

  it('explains itself with --help', () => {
    const result = runCli(['inspect', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage:\n {2}tidewatch inspect <file-or-url>\.\.\. \[--kind K\]/);
  });
});
