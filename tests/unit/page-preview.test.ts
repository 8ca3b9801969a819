import { describe, expect, it } from 'vitest';
import { decodePage, readPagePreview } from '../../connectors/http/page-preview.js';

describe('reading a page for its preview', () => {
  it('takes Open Graph first, then Twitter cards, then the plain title and description', () => {
    expect(
      readPagePreview(`<head>
        <meta name="twitter:title" content="Twitter title">
        <meta content="OG title" property="og:title">
        <meta name=description content=Unquoted>
        <meta name="twitter:description" content='Twitter description'>
        <title>Plain title</title></head>`),
    ).toEqual({ title: 'OG title', description: 'Twitter description', siteName: null });
    expect(readPagePreview('<title>Plain title</title><meta name="description" content="Plain description">')).toEqual({
      title: 'Plain title',
      description: 'Plain description',
      siteName: null,
    });
  });

  it('passes over empty values to the next candidate', () => {
    expect(readPagePreview('<head><meta property="og:title" content="  "><meta property="og:site_name" content=""><title>Kept</title></head>').title).toBe('Kept');
  });

  it('reads the head only: tags in the body belong to embedded things', () => {
    expect(readPagePreview('<html><head><title>Ours</title></head><body><meta property="og:title" content="Theirs"></body>').title).toBe('Ours');
    expect(readPagePreview('<html><body><meta property="og:title" content="Theirs"></body>').title).toBeNull();
  });

  it('never lets markup through, whether written or entity-encoded', () => {
    const page = readPagePreview(`<head>
      <title><script>alert(1)</script>Quay &amp; <b>harbour</b></title>
      <meta property="og:description" content="&lt;img src=x onerror=alert(1)&gt;Safe &quot;text&quot;">
      <meta property="og:site_name" content="Gazette&#x27;s &lt;i&gt;own&lt;/i&gt;"></head>`);
    expect(page).toEqual({ title: 'Quay & harbour', description: 'Safe "text"', siteName: "Gazette's own" });
  });

  it('caps lengths at a word-friendly cut with an ellipsis', () => {
    const { title } = readPagePreview(`<title>${'long '.repeat(100)}</title>`);
    expect(title!.length).toBe(200);
    expect(title!.endsWith('long…')).toBe(true);
  });

  it("decodes bytes in the header's charset, else the page's meta charset, else UTF-8 as it is", () => {
    const latin1 = Buffer.from('<meta charset="iso-8859-1"><title>Caf\u00e9</title>', 'latin1');
    expect(readPagePreview(decodePage(latin1, 'text/html')).title).toBe('Café');
    expect(readPagePreview(decodePage(Buffer.from('<title>Caf\u00e9</title>', 'latin1'), 'text/html; charset=windows-1252')).title).toBe('Café');
    expect(readPagePreview(decodePage(Buffer.from('<title>Café ☕</title>'), undefined)).title).toBe('Café ☕');
  });
});
