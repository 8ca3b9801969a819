import { describe, expect, it } from 'vitest';
import { keywordsQuery, parseBeatsFile } from '../../server/trends/replay/beats-file.js';
import { channelFor, parseStreamLine, readStreamText } from '../../server/trends/replay/stream-item.js';

describe('stream lines', () => {
  it('reads an item with its optional fields, ignoring the others', () => {
    const line = JSON.stringify({
      id: 42,
      channel: 'Twitter',
      source: 'x',
      publishedAt: '2024-06-11T10:30:00+02:00',
      text: 'Ferry strike',
      author: '@a',
      lang: 'en',
      engagement: { likes: 3, reposts: 'many' },
      label: 'strike',
      whatever: [1],
    });
    expect(parseStreamLine(line, 7, 'label')).toEqual({
      ok: true,
      item: {
        line: 7,
        id: '42',
        sourceId: 'x',
        channel: 'x',
        author: '@a',
        title: null,
        text: 'Ferry strike',
        publishedAt: Date.parse('2024-06-11T08:30:00Z'),
        url: null,
        lang: 'en',
        engagement: { likes: 3 },
        label: 'strike',
      },
    });
  });

  it('maps channels to the closest one Tidewatch knows', () => {
    expect(['news', 'X', 'twitter', 'Bsky', 'hacker-news', 'HN', 'YouTube', 'r/harbour', 'Mastodon', 'rss', 'blog', ''].map(channelFor)).toEqual([
      'news', 'x', 'x', 'bluesky', 'hackernews', 'hackernews', 'youtube', 'news', 'mastodon', 'news', 'news', 'news',
    ]);
  });

  it('refuses lines it cannot use, saying why', () => {
    const refused = (text: string) => {
      const parsed = parseStreamLine(text, 1);
      return parsed.ok ? 'accepted' : parsed.error;
    };
    expect(refused('{"id":')).toMatch(/^not JSON/);
    expect(refused('"a string"')).toBe('not a JSON object');
    expect(refused('{"id":"a","channel":"news","source":"s"}')).toMatch(/^publishedAt: /);
    expect(refused('{"id":"a","channel":"news","source":"s","publishedAt":"yesterday"}')).toMatch(/ISO 8601/);
    expect(refused('{"id":"a","channel":"news","source":"s","publishedAt":"2024-06-11T08:30:00"}')).toMatch(/with a zone/);
    expect(refused('{"id":"","channel":"news","source":"s","publishedAt":"2024-06-11T08:30:00Z"}')).toMatch(/^id: /);
    expect(refused('{"id":"a","channel":"news","source":"s","publishedAt":"2024-06-11"}')).toBe('accepted');
    expect(parseStreamLine('{"id":"a","channel":"news","source":"s","publishedAt":"2024-06-11T08:30:00Z","label":{"x":1}}', 1, 'label')).toEqual({
      ok: false,
      error: 'label: a label must be a string or a number',
    });
  });

  it('numbers lines from 1, skipping blank ones without refusing them', () => {
    const good = '{"id":"a","channel":"news","source":"s","publishedAt":"2024-06-11T08:30:00Z"}';
    const reader = readStreamText(`${good}\r\n\n  \nnot json\n${good.replace('"a"', '"b"')}\n`);
    expect(reader.items.map((item) => [item.id, item.line])).toEqual([
      ['a', 1],
      ['b', 5],
    ]);
    expect(reader.rejected.map((r) => r.line)).toEqual([4]);
  });
});

describe('beats files', () => {
  it('reads beats with a query as they are, naming the ones without an id', () => {
    expect(parseBeatsFile([{ name: 'Harbour & Ferries', query: 'ferry OR harbour' }, { id: 'own', name: 'Own', query: '#own', languages: ['en'] }])).toEqual({
      ok: true,
      beats: [
        { id: 'harbour-ferries', name: 'Harbour & Ferries', query: 'ferry OR harbour', languages: [], regions: [], requiresLegal: false },
        { id: 'own', name: 'Own', query: '#own', languages: ['en'], regions: [], requiresLegal: false },
      ],
    });
  });

  it('turns collectors’ keywords into an OR query, quoting phrases and operator words', () => {
    expect(keywordsQuery(['#COfire', 'Colorado Springs', 'quake', 'or', '#COfire', 'Paraguaná Refinery', ' "odd" '])).toBe(
      '#COfire OR "Colorado Springs" OR quake OR "or" OR "Paraguaná Refinery" OR odd',
    );
    const parsed = parseBeatsFile([{ name: '2012_Colorado_wildfires', keywords: ['#COfire', 'boulder fire'] }]);
    expect(parsed).toEqual({ ok: true, beats: [{ id: '2012-colorado-wildfires', name: '2012_Colorado_wildfires', query: '#COfire OR "boulder fire"', languages: [], regions: [], requiresLegal: false }] });
  });

  it('refuses a file of another shape', () => {
    const parsed = parseBeatsFile({ name: 'x' });
    expect(parsed.ok).toBe(false);
    expect(parseBeatsFile([{ name: 'no query' }]).ok).toBe(false);
  });
});
