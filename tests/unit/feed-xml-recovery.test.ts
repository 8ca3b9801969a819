import { describe, expect, it } from 'vitest';
import { recoverXml } from '../../connectors/http/xml-recovery.js';

describe('recoverXml', () => {
  it('leaves well-formed XML as it was, without warnings', () => {
    const xml = '<?xml version="1.0"?><rss version="2.0"><channel><title>A &amp; B &#233; <![CDATA[<b>x</b> & y]]></title></channel></rss>';
    expect(recoverXml(xml)).toEqual({ text: xml, root: 'rss', warnings: [] });
  });

  it('escapes a bare "&", converts HTML entities and keeps unknown ones as text', () => {
    const { text, warnings } = recoverXml('<t>Q&A &nbsp;&eacute; &bogus; &#1; AT&T</t>');
    expect(text).toBe('<t>Q&amp;A &#160;&#233; &amp;bogus;  AT&amp;T</t>');
    expect(warnings).toEqual([
      'a bare "&" was escaped (2 times)',
      'HTML entities were converted (2 times)',
      'unknown entities were kept as text',
      'character references to characters XML does not allow were removed',
    ]);
  });

  it('quotes attributes, drops duplicates and gives a value to bare ones', () => {
    expect(recoverXml('<a href=x?a=1&b=2 rel="x" rel="y" hidden/>').text).toBe('<a href="x?a=1&amp;b=2" rel="x" hidden="hidden"/>');
  });

  it('closes what was left open, drops stray end tags and ignores what follows the root', () => {
    const { text, warnings } = recoverXml('junk<r><a><b>text</a></c></r>after<r2/>');
    expect(text).toBe('<r><a><b>text</b></a></r>');
    expect(warnings).toEqual([
      'text before the first element was ignored',
      'unclosed elements were closed',
      'end tags without a start tag were ignored',
      'content after the end of the document was ignored (2 times)',
    ]);
  });

  it('closes a truncated document, including an open CDATA section and a half tag', () => {
    expect(recoverXml('<r><i><![CDATA[half').text).toBe('<r><i><![CDATA[half]]></i></r>');
    expect(recoverXml('<r><i>x</i><i attr="').text).toBe('<r><i>x</i></r>');
  });

  it('drops the DOCTYPE with its internal subset, and comments', () => {
    const { text } = recoverXml('<!DOCTYPE r [<!ENTITY a "aaaa">]><!-- c --><r>&a;<!-- d --></r>');
    expect(text).toBe('<r>&amp;a;</r>');
  });

  it('drops the prefix of the root namespace, and only that one', () => {
    const atom = 'http://www.w3.org/2005/Atom';
    const { text, root } = recoverXml(`<a:feed xmlns:a="${atom}"><a:entry><x:link xmlns:x="other"/></a:entry></a:feed>`, { unprefixNamespaces: [atom] });
    expect(root).toBe('feed');
    expect(text).toBe(`<feed xmlns:a="${atom}"><entry><x:link xmlns:x="other"/></entry></feed>`);
    expect(recoverXml(`<rss xmlns:atom="${atom}"><atom:link/></rss>`, { unprefixNamespaces: [atom] }).text).toBe(`<rss xmlns:atom="${atom}"><atom:link/></rss>`);
  });

  it('finds no root in a document without elements', () => {
    expect(recoverXml('<!-- only a comment -->\n')).toEqual({ text: '', root: null, warnings: [] });
  });
});
