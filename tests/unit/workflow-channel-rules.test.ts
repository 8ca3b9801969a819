import { describe, expect, it } from 'vitest';
import { assertDraftText, checkDraftText, CHANNEL_RULES, linksIn, measureText } from '../../server/workflow/channel-rules.js';
import { WorkflowError } from '../../server/workflow/workflow-errors.js';
import { CHANNELS } from '../../server/domain/index.js';

const LONG_LINK = `https://example.org/${'a'.repeat(200)}`;

describe('channel rules (rules W-DRAFT-4, W-DRAFT-5)', () => {
  it('W-DRAFT-4: every channel has a rule', () => {
    expect(Object.keys(CHANNEL_RULES).sort()).toEqual([...CHANNELS].sort());
  });

  it('W-DRAFT-4: x allows 280 characters and says by how much a longer text is over', () => {
    expect(checkDraftText('x', 'a'.repeat(280))).toEqual([]);
    const [problem] = checkDraftText('x', 'a'.repeat(292));
    expect(problem).toMatch(/292 characters, 12 over the 280 allowed on x/);
  });

  it('W-DRAFT-4: on x and mastodon a link counts as 23 characters, however long', () => {
    const text = `${'a'.repeat(256)} ${LONG_LINK}`;
    expect(measureText('x', text).length).toBe(256 + 1 + 23);
    expect(checkDraftText('x', text)).toEqual([]);
    expect(checkDraftText('mastodon', `${'a'.repeat(476)} ${LONG_LINK}`)).toEqual([]);
    expect(checkDraftText('mastodon', `${'a'.repeat(477)} ${LONG_LINK}`)[0]).toMatch(/1 over the 500 allowed on mastodon \(each link counts as 23\)/);
  });

  it('W-DRAFT-4: bluesky counts graphemes, so a family emoji is one', () => {
    const family = '👨‍👩‍👧‍👦';
    expect([...family].length).toBeGreaterThan(1);
    expect(checkDraftText('bluesky', family.repeat(300))).toEqual([]);
    expect(checkDraftText('bluesky', family.repeat(301))[0]).toMatch(/301 graphemes, 1 over the 300/);
  });

  it('W-DRAFT-4: a hackernews title line is at most 80 characters; the body is free', () => {
    expect(checkDraftText('hackernews', `${'t'.repeat(80)}\n${'b'.repeat(5000)}`)).toEqual([]);
    expect(checkDraftText('hackernews', `${'t'.repeat(85)}\nbody`)[0]).toMatch(/title: 85 characters is 5 over the 80 allowed/);
  });

  it('W-DRAFT-4: reddit, youtube and news have their own limits', () => {
    expect(checkDraftText('reddit', `A title\n${'r'.repeat(39_992)}`)).toEqual([]);
    expect(checkDraftText('reddit', `A title\n${'r'.repeat(39_993)}`)[0]).toMatch(/1 over the 40000 allowed on reddit/);
    expect(checkDraftText('reddit', `${'t'.repeat(301)}\nbody`)[0]).toMatch(/title: 301 characters is 1 over the 300/);
    expect(checkDraftText('youtube', 'y'.repeat(5_001))[0]).toMatch(/1 over the 5000 allowed on youtube/);
    expect(checkDraftText('news', 'n'.repeat(10_000))).toEqual([]);
    expect(checkDraftText('news', 'n'.repeat(10_010))[0]).toMatch(/10 over the 10000/);
  });

  it('W-DRAFT-5: links must be http(s); javascript: and data: links are refused', () => {
    expect(checkDraftText('news', 'Read https://example.org/a and http://example.org/b.')).toEqual([]);
    expect(checkDraftText('news', 'Click javascript:alert(1)')[0]).toMatch(/javascript: links are not allowed/);
    expect(checkDraftText('news', '[pic](data:image/png;base64,AAAA)')[0]).toMatch(/data: links are not allowed/);
    expect(checkDraftText('news', 'See ftp://files.example.org/x')[0]).toMatch(/ftp:\/\/ links are not allowed/);
    // Prose with a colon is not a link.
    expect(checkDraftText('news', 'Our data: the survey shows it.')).toEqual([]);
  });

  it('W-DRAFT-4: an empty or blank text is refused', () => {
    expect(checkDraftText('x', '   \n')[0]).toMatch(/write something first/);
  });

  it('W-DRAFT-4: a violation is a 400 on the field text', () => {
    let thrown: unknown;
    try {
      assertDraftText('x', 'a'.repeat(300));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WorkflowError);
    expect(thrown).toMatchObject({ code: 'invalid', details: { fields: [{ field: 'text' }] } });
    expect((thrown as Error).message).toMatch(/^text: .*20 over/);
  });

  it('finds links without the punctuation that ends a sentence', () => {
    expect(linksIn('See https://example.org/a, then (https://example.org/b).')).toEqual(['https://example.org/a', 'https://example.org/b']);
  });
});
