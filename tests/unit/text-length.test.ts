import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../server/domain/index.js';
import { channelRuleOf } from '../../server/http/routes/channels.js';
import { checkDraftText, measureText } from '../../server/workflow/channel-rules.js';
import { describeMeasure, draftProblems, linksIn, measureDraft, nearThreshold } from '../../web/src/text-length.js';
import { previewableLinks } from '../../web/src/draft-links.js';

/*
 * The board's counter (web/src/text-length.ts) must count exactly as the server checks
 * (W-DRAFT-4, W-DRAFT-5), from the rules GET /api/channels sends, or a draft the counter calls
 * fine is refused on save.
 */

const LONG_LINK = `https://example.org/${'a'.repeat(200)}`;
const FAMILY = '👨‍👩‍👧‍👦';

const SAMPLES = [
  '',
  '   ',
  'Plain words.',
  'a'.repeat(280),
  'a'.repeat(292),
  `${'a'.repeat(256)} ${LONG_LINK}`,
  `${'a'.repeat(270)} ${LONG_LINK}.`,
  `Two links: ${LONG_LINK} and ${LONG_LINK}, twice the same.`,
  `See (https://news.example/story?id=4) and http://x.example/!`,
  FAMILY.repeat(300),
  FAMILY.repeat(301),
  `Café e\u0301 ${'🇫🇷'.repeat(20)}`,
  `${'t'.repeat(85)}\nbody`,
  `${'t'.repeat(80)}\n${'b'.repeat(5000)}`,
  'Click javascript:alert(1) now',
  'ftp://files.example/x is old',
  'data: the survey says yes',
  '[a link](data:text/html;base64,AAAA)',
];

describe('the board counts draft length as the server does (W-DRAFT-4)', () => {
  for (const channel of CHANNELS) {
    it(`${channel}: same length, limit and problems for every sample`, () => {
      const rule = channelRuleOf(channel);
      for (const text of SAMPLES) {
        const server = measureText(channel, text);
        const board = measureDraft(rule, text);
        expect({ length: board.length, limit: board.limit }, text.slice(0, 40)).toEqual(server);
        expect(draftProblems(rule, text), text.slice(0, 40)).toEqual(checkDraftText(channel, text));
      }
    });
  }

  it('turns amber within 10% of the limit (at least 20 characters) and red over it, saying by how much', () => {
    const x = channelRuleOf('x');
    expect(nearThreshold(280)).toBe(28);
    expect(nearThreshold(80)).toBe(20);
    expect(measureDraft(x, 'a'.repeat(251)).state).toBe('ok');
    expect(measureDraft(x, 'a'.repeat(252)).state).toBe('near');
    expect(measureDraft(x, 'a'.repeat(280)).state).toBe('near');
    const over = measureDraft(x, 'a'.repeat(291));
    expect(over.state).toBe('over');
    expect(describeMeasure(x, over)).toBe('291 / 280 · 11 over the x limit: cut 11');
    expect(describeMeasure(x, measureDraft(x, 'a'.repeat(268)))).toBe('268 / 280 · 12 left');
  });

  it('counts a Mastodon link as 23 and a Bluesky family emoji as one character', () => {
    const mastodon = measureDraft(channelRuleOf('mastodon'), `Read ${LONG_LINK}`);
    expect(mastodon.length).toBe(5 + 23);
    expect(mastodon.shortenedLinks).toBe(1);
    expect(measureDraft(channelRuleOf('bluesky'), FAMILY).length).toBe(1);
    expect(measureDraft(channelRuleOf('x'), FAMILY).length).toBe([...FAMILY].length);
  });

  it('measures the title line where the channel has one, and says when there is no limit', () => {
    const hn = channelRuleOf('hackernews');
    const measure = measureDraft(hn, `${'t'.repeat(85)}\nbody`);
    expect(measure.title).toEqual({ length: 85, limit: 80, state: 'over' });
    expect(measure.state).toBe('ok');
    expect(describeMeasure(hn, measure)).toMatch(/sets no length limit/);
    expect(measureDraft(channelRuleOf('x'), 'hi').title).toBeNull();
  });
});

describe('links in a draft', () => {
  it('finds http(s) links without trailing punctuation, as the server does', () => {
    expect(linksIn('See (https://a.example/x?y=1), then http://b.example/.')).toEqual(['https://a.example/x?y=1', 'http://b.example/']);
    expect(linksIn('ftp://c.example and javascript:alert(1)')).toEqual([]);
  });

  it('previews each distinct link once, at most four', () => {
    const text = 'https://a.example/ https://a.example/ https://b.example/x https://c.example https://d.example https://e.example';
    expect(previewableLinks(text)).toEqual(['https://a.example/', 'https://b.example/x', 'https://c.example/', 'https://d.example/']);
    expect(previewableLinks('no links here')).toEqual([]);
  });
});
