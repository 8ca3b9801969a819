import { describe, expect, it } from 'vitest';
import { keywordsQuery, parseBeatsFile } from '../../server/trends/replay/beats-file.js';
import { channelFor, parseStreamLine, parseStreamLineWithZod, readStreamText } from '../../server/trends/replay/stream-item.js';

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

// parseStreamLine reads the usual line by hand and leaves the rest to zod; it must agree with
// streamLineSchema on every line, so here it is checked against a reading done by zod alone.
const zodOnly = parseStreamLineWithZod;

describe('stream lines read by hand', () => {
  const good = { id: 'a', channel: 'news', source: 's', publishedAt: '2024-06-11T08:30:00.000Z' };
  const line = (extra: Record<string, unknown>) => JSON.stringify({ ...good, ...extra });
  const lines = [
    '[]', 'null', '{}', '{"id":1e999,"channel":"news","source":"s","publishedAt":"2024-06-11T08:30:00Z"}',
    line({ id: '' }), line({ id: 42 }), line({ id: -0 }), line({ id: 1e21 }), line({ id: null }), line({ id: ['a'] }),
    line({ channel: 3 }), line({ channel: 'Twitter' }), line({ channel: 'B-sky' }), line({ channel: 'unknown' }), line({ source: '' }), line({ source: 1 }),
    line({ title: 'T', text: 'x', url: 'http://u', author: '@a', lang: 'en' }), line({ title: null, text: null }), line({ title: 1 }), line({ lang: [] }),
    line({ engagement: { likes: 3, reposts: 'many', nested: { a: 1 }, list: [1] } }), line({ engagement: [] }), line({ engagement: 'lots' }), line({ engagement: null }),
    '{"id":"a","channel":"news","source":"s","publishedAt":"2024-06-11T08:30:00Z","engagement":{"__proto__":5,"2":1,"b":2,"1":3,"x":1e999}}',
    line({ label: 'strike' }), line({ label: 7 }), line({ label: '' }), line({ label: { x: 1 } }), line({ extra: [1] }),
    ...[
      '2024-06-11T08:30:00Z', '2024-06-11T08:30:00.5Z', '2024-06-11T08:30:00,5Z', '2024-06-11T08:30:00', '2024-06-11', '2024-06-11T08:30:00+0530',
      '2024-06-11T08:30:00+05:30', '2024-06-11 08:30Z', '2024-06-11t08:30:00.000z', '2024-02-29T08:30:00.000Z', '2023-02-29T08:30:00.000Z', '2100-02-29T00:00:00Z',
      '2024-06-31T08:30:00.000Z', '2024-06-32T08:30:00.000Z', '2024-13-01T08:30:00.000Z', '2024-00-01T08:30:00.000Z', '2024-06-11T24:00:00.000Z', '2024-06-11T08:60:00Z',
      '2024-06-11T08:30:60Z', '0099-06-11T08:30:00.000Z', '0100-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '2024-06-11T08:30:00.00Z', '2024-06-11T08:30:00.0000Z',
      '2024-06-11T08:30:00.00aZ', '2024-06-11T08:3a:00.000Z', ' 2024-06-11T08:30:00Z', 'yesterday', '',
    ].map((publishedAt) => line({ publishedAt })),
  ];

  it('agrees with zod alone on odd and hostile lines, labelled or not', () => {
    for (const text of lines) {
      for (const labelField of [undefined, 'label']) expect(parseStreamLine(text, 3, labelField), text).toEqual(zodOnly(text, 3, labelField));
    }
  });

  it('reads times across four centuries as Date.parse does, leap days included', () => {
    const differing: string[] = [];
    for (let year = 1900; year < 2300; year++) {
      for (const [month, day] of [[1, 1], [2, 28], [2, 29], [3, 1], [7, 15], [12, 31]] as const) {
        const time = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${String(year % 24).padStart(2, '0')}:${String(year % 60).padStart(2, '0')}:59`;
        for (const publishedAt of [`${time}Z`, `${time}.${String(year % 1000).padStart(3, '0')}Z`]) {
          const text = line({ publishedAt });
          if (JSON.stringify(parseStreamLine(text, 1)) !== JSON.stringify(zodOnly(text, 1))) differing.push(publishedAt);
        }
      }
    }
    expect(differing).toEqual([]);
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
